import assert from 'node:assert/strict';
import { createDeviceTokeniser, fromMeraki } from '@aisle/identity';

const options = { site: 'sh-jingan-001', tokens: createDeviceTokeniser(), zoneOf: () => 'entrance', secret: 'mall-secret' };
const post = (secret: string) => JSON.stringify({ version: '3.0', secret, type: 'WiFi', data: { networkId: 'N1', observations: [] } });

// Wrong: a post whose shared secret does not match (not from your Meraki network, or misconfigured).
assert.throws(() => fromMeraki(post('guess'), options), { code: 'IDENTITY_INVALID_PRESENCE_INPUT' });

// Right: the secret configured in the Meraki dashboard.
assert.equal(fromMeraki(post('mall-secret'), options).events.length, 0);
