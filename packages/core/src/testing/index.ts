/**
 * `@aisle/core/testing`: the conformance suites every store adapter runs.
 *
 * @packageDocumentation
 * @module @aisle/core/testing
 */

export type { ConformanceAssertions } from './assertions';
export { conformanceAssertions } from './assertions';
export type { DescribeStreamStoreOptions, StreamStoreFixture, TestApi } from './stream-store-suite';
export { describeStreamStore } from './stream-store-suite';
