import { aislePackage } from '../../tsup.base';

// `@aisle/core/testing` and `@aisle/core/zones` import `@aisle/core` by name: keep it external so
// they share the main entry's code and types instead of bundling a second copy.
export default aislePackage(
  { index: 'src/index.ts', testing: 'src/testing/index.ts', zones: 'src/zones.ts', 'zh-CN': 'src/zh-CN.ts' },
  { external: ['@aisle/core'] },
);
