/**
 * `@aisle/incidents/testing`: the conformance suite of the incident store, for stream-store adapters.
 *
 * @packageDocumentation
 * @module @aisle/incidents/testing
 */

export type { DescribeIncidentStoreOptions } from './incident-store-suite';
export { describeIncidentStore } from './incident-store-suite';
