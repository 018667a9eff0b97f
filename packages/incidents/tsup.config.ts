import { aislePackage } from '../../tsup.base';

// `@aisle/incidents/testing` imports `@aisle/incidents` and `@aisle/core` by name: keep them
// external so the suite runs the main entry's code instead of a bundled second copy.
export default aislePackage({ index: 'src/index.ts', testing: 'src/testing/index.ts' }, { external: ['@aisle/incidents', '@aisle/core'] });
