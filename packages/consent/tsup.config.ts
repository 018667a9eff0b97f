import { aislePackage } from '../../tsup.base';

// `@aisle/consent/testing` imports `@aisle/consent` and `@aisle/core` by name: keep them external
// so the suite runs the main entry's code instead of a bundled second copy.
export default aislePackage(
  { index: 'src/index.ts', flow: 'src/consent-flow/index.ts', element: 'src/element/index.ts', testing: 'src/testing/index.ts' },
  { external: ['@aisle/consent', '@aisle/core'] },
);
