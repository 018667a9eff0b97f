import { describeStreamStore } from '@aisle/core/testing';
import { afterAll, describe, it, vi } from 'vitest';
import { pgliteFixtures } from './helpers';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const fixtures = pgliteFixtures();
afterAll(() => fixtures.close());

describeStreamStore({ name: 'PGlite', test: { describe, it }, snapshotTail: true, create: fixtures.create, timeout: 120_000 });
