import assert from 'node:assert/strict';
import { defineId } from '@aisle/core';

const MemberId = defineId('mem');

// Wrong: an order id (another prefix) where a member id is expected.
assert.throws(() => MemberId.parse('ord_01JD3K8Q4X7W2M5N9P0R6S1T3V'), { code: 'CORE_INVALID_ID' });

// Right: an id of the expected kind (generated, or parsed from a stored one).
const id = MemberId.generate();
assert.equal(MemberId.parse(id), id);
