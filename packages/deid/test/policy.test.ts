import { describe, expect, it } from 'vitest';
import {
  createDateShifter,
  createDeidentifier,
  createFormatPreserver,
  createPseudonymizer,
  DeidErrorCode,
  type DeidPolicy,
  formatCsvLine,
  parseCsv,
  parseJsonLines,
} from '../src/index';

const pseudonymizer = createPseudonymizer({ key: new Uint8Array(32).fill(1), tenant: 'acme', purpose: 'analytics' });
const formatPreserver = createFormatPreserver({ key: new Uint8Array(16).fill(2) });
const dateShifter = createDateShifter({ key: new Uint8Array(32).fill(3) });
const policy: DeidPolicy = {
  fields: {
    memberId: { action: 'keep' },
    phone: { action: 'pseudonymize', kind: 'mobile' },
    card: { action: 'fpe', profile: 'bank-card' },
    name: { action: 'mask', kind: 'name' },
    age: { action: 'generalize', rule: { kind: 'age-band' } },
    visit: { action: 'shift-date', subjectField: 'memberId' },
    note: { action: 'scrub' },
    password: { action: 'drop' },
  },
};
const record = {
  memberId: 'M-001',
  phone: '+86 138 0013 8000',
  card: '6222021234567894',
  name: '欧阳娜娜',
  age: 34,
  visit: '2026-11-21',
  note: '顾客说换了新号 13900139000',
  password: 'hunter2',
  wechat: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
};

describe('createDeidentifier', () => {
  it('applies each action, drops unnamed fields and counts per action', () => {
    const deid = createDeidentifier({ policy, pseudonymizer, formatPreserver, dateShifter });
    const out = deid.apply(record);
    expect(Object.keys(out).sort()).toEqual(['age', 'card', 'memberId', 'name', 'note', 'phone', 'visit']);
    expect(out.phone).toBe(pseudonymizer.pseudonymize('mobile', '13800138000'));
    expect(String(out.card).slice(0, 6)).toBe('622202');
    expect(out.name).toBe('欧阳**');
    expect(out.age).toBe('30-39');
    expect(out.visit).toBe(dateShifter.shift('M-001', '2026-11-21'));
    expect(out.note).toBe('顾客说换了新号 [MOBILE]');
    const stats = deid.stats();
    expect(stats).toMatchObject({ records: 1, unknownDropped: 1, unknownKept: 0, scrubbed: { mobile: 1 } });
    expect(stats.fields.password).toEqual({ drop: 1 });
    expect(stats.fields.phone).toEqual({ pseudonymize: 1 });
    deid.resetStats();
    expect(deid.stats()).toMatchObject({ records: 0, unknownDropped: 0, scrubbed: {} });
    expect(deid.stats().fields.phone).toEqual({});
  });

  it('counts empty and invalid values and can throw instead', () => {
    const deid = createDeidentifier({ policy, pseudonymizer, formatPreserver, dateShifter });
    const out = deid.apply({ memberId: 'M-2', phone: '12000000000', card: null, age: -3, note: '' });
    expect(out).toEqual({ memberId: 'M-2', card: null, note: '' });
    expect(deid.stats().fields).toMatchObject({ phone: { invalid: 1 }, card: { empty: 1 }, age: { invalid: 1 }, note: { empty: 1 } });
    const strict = createDeidentifier({ policy: { ...policy, onInvalid: 'throw' }, pseudonymizer, formatPreserver, dateShifter });
    expect(() => strict.apply({ phone: '12000000000' })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_IDENTIFIER }));
  });

  it('keeps or refuses unnamed fields when configured', () => {
    const keep = createDeidentifier({ policy: { fields: { a: { action: 'keep' } }, unknownFields: 'keep' } });
    expect(keep.apply({ a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(keep.stats().unknownKept).toBe(1);
    const error = createDeidentifier({ policy: { fields: { a: { action: 'keep' } }, unknownFields: 'error' } });
    expect(() => error.apply({ a: 1, b: 2 })).toThrow(
      expect.objectContaining({ code: DeidErrorCode.UNKNOWN_FIELD, details: { field: 'b' } }),
    );
    expect(() => keep.apply(null as never)).toThrow(TypeError);
  });

  it('validates the policy and the engines it needs', () => {
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'explode' } } } as never })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'pseudonymize', kind: 'mobile' } } } })).toThrow(TypeError);
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'fpe', profile: 'mobile' } } } })).toThrow(TypeError);
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'shift-date', subjectField: 'id' } } } })).toThrow(TypeError);
  });

  it('streams CSV rows lazily with the same results', async () => {
    const deid = createDeidentifier({ policy, pseudonymizer, formatPreserver, dateShifter });
    const csv = ['memberId,phone,name,note\n', 'M-1,13800138000,张三,"说 ""你好"", 电话', ' 13900139000"\r\n', 'M-2,,李四,ok\n'];
    const out = [];
    for await (const row of deid.stream(parseCsv(csv))) out.push(row);
    expect(out).toEqual([
      { memberId: 'M-1', phone: pseudonymizer.pseudonymize('mobile', '13800138000'), name: '张*', note: '说 "你好", 电话 [MOBILE]' },
      { memberId: 'M-2', phone: '', name: '李*', note: 'ok' },
    ]);
    expect(deid.stats().records).toBe(2);
  });
});

describe('row readers and writers', () => {
  const collect = async <T>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  it('parses CSV from bytes with a BOM, quoted newlines, a custom delimiter and no trailing newline', async () => {
    const bytes = new TextEncoder().encode('\ufeffa;b\n"x\ny";2\n\n3;4');
    const half = Math.floor(bytes.length / 2);
    expect(await collect(parseCsv([bytes.slice(0, half), bytes.slice(half)], { delimiter: ';' }))).toEqual([
      { a: 'x\ny', b: '2' },
      { a: '3', b: '4' },
    ]);
    await expect(parseCsv([], { delimiter: '"' }).next()).rejects.toThrow(RangeError);
  });

  it('rejects malformed CSV with line numbers', async () => {
    await expect(collect(parseCsv(['a,b\n1,2,3\n']))).rejects.toMatchObject({ code: DeidErrorCode.CSV_MALFORMED, details: { line: 2 } });
    await expect(collect(parseCsv(['a,b\n"1,2\n']))).rejects.toMatchObject({ code: DeidErrorCode.CSV_MALFORMED });
    await expect(collect(parseCsv(['a,b\n1"x,2\n']))).rejects.toMatchObject({ code: DeidErrorCode.CSV_MALFORMED });
  });

  it('writes CSV lines with quoting and an optional formula guard', () => {
    expect(formatCsvLine(['Li, Lei', 'say "hi"', null, 3])).toBe('"Li, Lei","say ""hi""",,3\n');
    expect(formatCsvLine(['=SUM(A1)', '-1'], { guardFormulas: true })).toBe("'=SUM(A1),'-1\n");
  });

  it('parses JSON Lines and reports bad lines', async () => {
    expect(await collect(parseJsonLines(['{"a":1}\n\n{"a"', ':2}']))).toEqual([{ a: 1 }, { a: 2 }]);
    await expect(collect(parseJsonLines(['{"a":1}\nnot json\n']))).rejects.toMatchObject({
      code: DeidErrorCode.CSV_MALFORMED,
      details: { line: 2 },
    });
    await expect(collect(parseJsonLines(['[1,2]\n']))).rejects.toMatchObject({ code: DeidErrorCode.CSV_MALFORMED });
  });

  it('gives JSON Lines records no prototype, so a field name never reads through to Object.prototype', async () => {
    const [record] = (await collect(parseJsonLines(['{"__proto__":{"polluted":true},"a":1}\n']))) as Array<Record<string, unknown>>;
    expect(Object.getPrototypeOf(record)).toBeNull();
    // A lookup of an absent field named like an Object.prototype member finds nothing.
    expect(record?.constructor).toBeUndefined();
    expect(record?.toString).toBeUndefined();
    // The "__proto__" key is data, kept as an own property.
    expect(Object.keys(record ?? {})).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a generalisation rule that could never work when the policy is made, not record by record', () => {
    const make = (rule: unknown) => createDeidentifier({ policy: { fields: { x: { action: 'generalize', rule: rule as never } } } });
    expect(() => make({ kind: 'amount', edges: [10_000, 0] })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    expect(() => make({ kind: 'amount', edges: [] })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    expect(() => make({ kind: 'timestamp', to: 'day', zone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
    expect(() => make({ kind: 'age-band', width: 0 })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    expect(() => make({ kind: 'age-band', width: 2.5 })).toThrow(expect.objectContaining({ code: 'CORE_VALIDATION' }));
    expect(make({ kind: 'amount', edges: [0, 10_000] }).apply({ x: 12_000 })).toEqual({ x: '10000+' });
  });
});
