import assert from 'node:assert/strict';
import { createMemoryKeyStore, createShredder } from '@aisle/deid';

const shredder = createShredder({ kek: new Uint8Array(32).fill(5), store: createMemoryKeyStore() });
const sealed = await shredder.encrypt('member-1', '上海市静安区南京西路1601号');
await shredder.shred('member-1'); // the member's account was deleted

// Wrong: expecting a shredded subject's data to decrypt (that is the point of shredding).
await assert.rejects(shredder.decrypt('member-1', sealed), { code: 'DEID_SUBJECT_SHREDDED' });

// Right: treat the error as "erased" (show nothing, count it) and carry on with other subjects.
const other = await shredder.encrypt('member-2', '北京市朝阳区');
assert.equal(new TextDecoder().decode(await shredder.decrypt('member-2', other)), '北京市朝阳区');
