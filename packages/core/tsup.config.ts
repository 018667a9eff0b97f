import { aislePackage } from '../../tsup.base';

// `@aisle/core/testing` imports `@aisle/core` by name: keep it external so the suite shares the
// main entry's code and types instead of bundling a second copy.
export default aislePackage({ index: 'src/index.ts', testing: 'src/testing/index.ts' }, { external: ['@aisle/core'] });
