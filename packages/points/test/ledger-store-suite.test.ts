import { createMemoryStreamStoreHarness } from '@aisle/core';
import { describe, it } from 'vitest';
import { describeLedgerStore } from '../src/testing/index';

describeLedgerStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
