import assert from 'node:assert/strict';
import { createDeviceTokeniser } from '@aisle/identity';

const tokens = createDeviceTokeniser();
const today = Date.parse('2026-11-21T10:00:00+08:00');
const yesterday = today - 24 * 3_600_000;
tokens.token({ site: 'sh-jingan-001', at: today, mac: '3c:22:fb:0a:00:01' }); // today's key exists, yesterday's is gone

// Wrong: counting a device seen yesterday after today's key replaced yesterday's (late data).
assert.throws(() => tokens.token({ site: 'sh-jingan-001', at: yesterday, mac: '3c:22:fb:0a:00:01' }), {
  code: 'IDENTITY_RETENTION_EXCEEDED',
});

// Right: ingest each day's observations on that day (late batches are dropped, not re-keyed).
assert.match(tokens.token({ site: 'sh-jingan-001', at: today + 60_000, mac: '3c:22:fb:0a:00:02' }), /^[0-9a-f]{32}$/);
