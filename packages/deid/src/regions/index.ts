/**
 * `@aisle/deid/regions`: the GB/T 2260 administrative-division code history (every county-level
 * and higher code in use since 1981, with the years it was in use), for checking the region code
 * of resident identity numbers. A separate entry point so that the main bundle stays small: the
 * table is about 6.5 kB gzipped.
 *
 * @packageDocumentation
 * @module @aisle/deid/regions
 */

// The types its signatures use, re-exported so this entry point is self-contained.
export type { RegionHistory, RegionSpan } from '../resident-id';
export { GB2260_HISTORY } from './history';
