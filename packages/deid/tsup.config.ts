import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', regions: 'src/regions/index.ts', node: 'src/node/index.ts' });
