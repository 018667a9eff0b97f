/**
 * `@aisle/consent/testing`: the conformance suite of the consent store, for stream-store adapters.
 *
 * @packageDocumentation
 * @module @aisle/consent/testing
 */

export type { DescribeConsentStoreOptions } from './consent-store-suite';
export { describeConsentStore } from './consent-store-suite';
