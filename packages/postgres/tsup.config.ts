import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', cli: 'src/node/bin.ts' }, { platform: 'node' });
