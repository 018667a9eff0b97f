/**
 * `@aisle/points/testing`: the ledger's conformance suite, run over every stream-store adapter.
 *
 * @packageDocumentation
 * @module @aisle/points/testing
 */

export type { DescribeLedgerStoreOptions } from './ledger-suite';
export { describeLedgerStore } from './ledger-suite';
