import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', bitmap: 'src/node/index.ts' }, { shims: true });
