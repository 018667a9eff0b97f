import assert from 'node:assert/strict';
import { createMemoryKeyStore, createShredder } from '@aisle/deid';

const shredder = createShredder({ kek: new Uint8Array(32).fill(5), store: createMemoryKeyStore() });
const sealed = await shredder.encrypt('member-1', '13800138000');

// Wrong: decrypting a member's ciphertext under another member (copied between rows).
await shredder.encrypt('member-2', 'x'); // member-2 has a key too
await assert.rejects(shredder.decrypt('member-2', sealed), { code: 'DEID_CIPHERTEXT_INVALID' });

// Right: the subject it was encrypted for, with the bytes untouched.
assert.equal(new TextDecoder().decode(await shredder.decrypt('member-1', sealed)), '13800138000');
