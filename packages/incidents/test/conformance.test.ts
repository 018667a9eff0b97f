import { createMemoryStreamStoreHarness } from '@aisle/core';
import { describe, it } from 'vitest';
import { describeIncidentStore } from '../src/testing/index';

// The suite database adapters run, here over core's in-memory stream store.
describeIncidentStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
