import { describeStreamStore } from '@aisle/core/testing';
import { afterAll, describe, it } from 'vitest';
import { pgliteFixtures } from './helpers';

const fixtures = pgliteFixtures();
afterAll(() => fixtures.close());

describeStreamStore({ name: 'PGlite', test: { describe, it }, create: fixtures.create });
