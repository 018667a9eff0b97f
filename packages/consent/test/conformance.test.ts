import { createMemoryStreamStoreHarness } from '@aisle/core';
import { describe, it } from 'vitest';
import { describeConsentStore } from '../src/testing/index';

// The suite database adapters run, here over core's in-memory stream store.
describeConsentStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
