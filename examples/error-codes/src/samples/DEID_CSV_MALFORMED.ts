import assert from 'node:assert/strict';
import { parseCsv } from '@aisle/deid';

const rows = async (text: string) => {
  const out: Record<string, string>[] = [];
  for await (const row of parseCsv([text])) out.push({ ...row }); // rows have no prototype: untrusted column names
  return out;
};

// Wrong: a field with a comma that is not quoted (line 2 has three fields, the header two).
await assert.rejects(rows('name,phone\nLi, Lei,13800138000\n'), { code: 'DEID_CSV_MALFORMED' });

// Right: quote fields that contain commas, quotes or line breaks (formatCsvLine does it).
assert.deepEqual(await rows('name,phone\n"Li, Lei",13800138000\n'), [{ name: 'Li, Lei', phone: '13800138000' }]);
