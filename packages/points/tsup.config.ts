import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', testing: 'src/testing/index.ts' });
