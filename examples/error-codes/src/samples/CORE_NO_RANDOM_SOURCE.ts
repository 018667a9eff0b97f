import assert from 'node:assert/strict';
import { defineId } from '@aisle/core';

const EventId = defineId('evt');

// A runtime without crypto.getRandomValues (some mini-program and embedded JS engines): simulated
// here by hiding Node's for the length of one call.
const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
try {
  // Wrong: relying on a platform random source that is not there.
  assert.throws(() => EventId.generate(), { code: 'CORE_NO_RANDOM_SOURCE' });

  // Right: inject the platform's secure source (in a WeChat mini-program, fill from wx.getRandomValues).
  const random = (bytes: Uint8Array) => {
    if (original?.value === undefined && original?.get === undefined) throw new Error('no source in this demo');
    const crypto = (original.get ? original.get.call(globalThis) : original.value) as Crypto;
    crypto.getRandomValues(bytes);
  };
  assert.ok(EventId.is(EventId.generate({ random })));
} finally {
  if (original) Object.defineProperty(globalThis, 'crypto', original);
}
