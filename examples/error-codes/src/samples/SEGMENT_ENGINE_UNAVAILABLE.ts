import assert from 'node:assert/strict';
import { defineProfileSchema, parseSegment, toPredicate } from '@aisle/segments';
import { createBitmapIndex } from '@aisle/segments/bitmap';

const schema = defineProfileSchema({ tags: { type: 'tags' } });
const profiles = [
  { id: 'M1', attributes: { tags: ['vip'] } },
  { id: 'M2', attributes: { tags: [] } },
];
const ast = parseSegment("tags CONTAINS 'vip'", { schema });
const when = { at: Date.now(), zone: 'Asia/Shanghai' };

// The bitmap engine needs the optional native peer `roaring`; without it, createBitmapIndex throws
// SEGMENT_ENGINE_UNAVAILABLE. The fix is `npm install roaring`, or falling back to the predicate
// engine (same answers, no native code), as here.
function members(): string[] {
  try {
    return createBitmapIndex({ schema, profiles }).query(ast, when);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SEGMENT_ENGINE_UNAVAILABLE') throw error;
    const predicate = toPredicate(ast, { schema, ...when });
    return profiles.filter((p) => predicate.test(p)).map((p) => p.id);
  }
}
assert.deepEqual(members(), ['M1']);
