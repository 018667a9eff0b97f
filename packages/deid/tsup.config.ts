import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', node: 'src/node/index.ts' });
