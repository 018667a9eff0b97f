import { describe, expect, it } from 'vitest';
import { canonicalize, classifyMobile, MOBILE_ALLOCATIONS_AS_OF, parseResidentId, residentIdCheckDigit } from '../src/index';
import { GB2260_HISTORY } from '../src/regions/index';

const withCheck = (first17: string) => first17 + residentIdCheckDigit(first17);

describe('mobile segments (MIIT allocation table as of 2023-03-31, test/fixtures/SOURCE.md)', () => {
  // Every 16x, 17x and 19x segment, and the data-only 14x ones, as the MIIT table allocates them.
  const EXPECTED: Record<string, string> = {
    '145': 'data',
    '146': 'data',
    '147': 'data',
    '148': 'data',
    '149': 'data',
    '160': 'unallocated',
    '162': 'mvno',
    '163': 'unallocated',
    '164': 'unallocated',
    '165': 'mvno',
    '166': 'mobile',
    '167': 'mvno',
    '168': 'unallocated',
    '169': 'unallocated',
    '170': 'mvno',
    '171': 'mvno',
    '172': 'mobile',
    '173': 'mobile',
    '175': 'mobile',
    '176': 'mobile',
    '177': 'mobile',
    '178': 'mobile',
    '179': 'unallocated',
    '190': 'mobile',
    '191': 'mobile',
    '192': 'mobile',
    '193': 'mobile',
    '194': 'unallocated',
    '195': 'mobile',
    '196': 'mobile',
    '197': 'mobile',
    '198': 'mobile',
    '199': 'mobile',
  };

  it('classifies every 14x/16x/17x/19x segment', () => {
    for (const [segment, category] of Object.entries(EXPECTED)) {
      expect(classifyMobile(`${segment}12345678`)?.category, segment).toBe(category);
    }
    expect(MOBILE_ALLOCATIONS_AS_OF).toBe('2023-03-31');
  });

  it('splits the 161, 1349, 170 and 174 blocks by their fourth and fifth digits', () => {
    expect(classifyMobile('16190000000')).toEqual({ category: 'satellite', operator: 'china-satnet' });
    expect(classifyMobile('16180000000')?.category).toBe('unallocated');
    expect(classifyMobile('13491234567')).toEqual({ category: 'satellite', operator: 'china-telecom' });
    expect(classifyMobile('13481234567')).toEqual({ category: 'mobile', operator: 'china-mobile' });
    for (const d of '012') expect(classifyMobile(`170${d}1234567`)?.operator).toBe('china-telecom');
    for (const d of '356') expect(classifyMobile(`170${d}1234567`)?.operator).toBe('china-mobile');
    for (const d of '4789') expect(classifyMobile(`170${d}1234567`)?.operator).toBe('china-unicom');
    for (let b = 0; b <= 5; b++) expect(classifyMobile(`1740${b}123456`)?.category).toBe('satellite');
    for (const block of ['06', '07', '08', '09', '10', '11', '12']) expect(classifyMobile(`174${block}123456`)?.category).toBe('emergency');
    for (const block of ['13', '20', '55', '89']) expect(classifyMobile(`174${block}123456`)?.category).toBe('unallocated');
    expect(classifyMobile('17491234567')?.category).toBe('satellite');
    expect(classifyMobile('19212345678')?.operator).toBe('china-broadnet');
    expect(classifyMobile('1381234567')).toBeUndefined();
    expect(classifyMobile('12012345678')?.category).toBe('unallocated');
    expect(() => classifyMobile(13800138000 as unknown as string)).toThrow(TypeError);
  });

  it('canonicalize accepts only personal segments and says why others fail', () => {
    expect(canonicalize('mobile', '13800138000').valid).toBe(true);
    expect(canonicalize('mobile', '17031234567').valid).toBe(true); // MVNO
    expect(canonicalize('mobile', '+86 149 1234 5678')).toMatchObject({ valid: false, problem: 'data-only' });
    expect(canonicalize('mobile', '14612345678')).toMatchObject({ valid: false, problem: 'data-only' });
    expect(canonicalize('mobile', '14812345678')).toMatchObject({ valid: false, problem: 'data-only' });
    expect(canonicalize('mobile', '17400123456')).toMatchObject({ valid: false, problem: 'satellite' });
    expect(canonicalize('mobile', '17491234567')).toMatchObject({ valid: false, problem: 'satellite' });
    expect(canonicalize('mobile', '17410123456')).toMatchObject({ valid: false, problem: 'emergency' });
    expect(canonicalize('mobile', '16012345678')).toMatchObject({ valid: false, problem: 'prefix' });
    expect(canonicalize('mobile', '19412345678')).toMatchObject({ valid: false, problem: 'prefix' });
  });
});

describe('plates (GA 36-2018)', () => {
  it('accepts the ordinary, new-energy and special formats', () => {
    for (const plate of [
      '京A12345',
      '沪AD12345', // small new energy, battery electric
      '沪AF12345', // small new energy, other than battery electric
      '粤BK12345', // 2021 extension of the series letters
      '京A12345D', // large new energy
      '京A1234警',
      '京A1234学',
      '京A1234挂',
      '沪A1234领',
      '粤Z1234港',
      '粤Z1234澳',
      '使224001',
      '京X0001应急',
      '应急京123X', // emergency-rescue motorcycle
      '民航12345',
      '民航A1234',
      'WJ京1234X',
      'WJ12345',
      '京A·12345',
    ]) {
      expect(canonicalize('plate', plate).valid, plate).toBe(true);
    }
  });

  it('rejects look-alikes', () => {
    for (const plate of [
      '京XA001应急',
      '应急京1234',
      '沪A1234港',
      '京A1234使',
      '使22400',
      '民航1234',
      'WJ京123',
      '京I12345',
      '京AI2345',
      'XA12345',
      '京A123',
    ]) {
      expect(canonicalize('plate', plate).valid, plate).toBe(false);
    }
  });
});

describe('MAC placeholders', () => {
  it('are not device addresses', () => {
    expect(canonicalize('mac', '00:00:00:00:00:00')).toMatchObject({ valid: false, problem: 'placeholder' });
    expect(canonicalize('mac', '02-00-00-00-00-00')).toMatchObject({ valid: false, problem: 'placeholder' });
    expect(canonicalize('mac', '02:00:00:00:00:01').valid).toBe(true);
  });
});

describe('resident ids', () => {
  it('never reports a birth date that is not a calendar date', () => {
    for (const first17 of ['36042619911301007', '11010519910230001', '11010519910001001', '11010520230229001']) {
      const info = parseResidentId(withCheck(first17));
      expect(info.problem).toBe('birth-date');
      expect(info).not.toHaveProperty('birthDate');
    }
    expect(parseResidentId(withCheck('11010520240229001')).birthDate).toBe('2024-02-29');
  });

  it('checks the region code against the GB/T 2260 history when given one', () => {
    // 110110 燕山区 was merged into 房山区 (110111) in 1986.
    expect(GB2260_HISTORY.spans('110110')).toEqual([{ from: 1981, to: 1986 }]);
    const yanshan1990 = withCheck('11011019900101001');
    expect(parseResidentId(yanshan1990).valid).toBe(true);
    expect(parseResidentId(yanshan1990, { regions: GB2260_HISTORY })).toMatchObject({ valid: false, problem: 'region' });
    expect(parseResidentId(withCheck('11011019800101001'), { regions: GB2260_HISTORY }).valid).toBe(true);
    // 310115 浦东新区 (1992): someone born 1980 may have received a first number there in 1996.
    const pudong1980 = withCheck('31011519800101001');
    expect(parseResidentId(pudong1980, { regions: GB2260_HISTORY }).valid).toBe(true);
    expect(parseResidentId(pudong1980, { regions: GB2260_HISTORY, regionCheck: 'birth-year' }).problem).toBe('region');
    // Never listed at all.
    expect(parseResidentId(withCheck('11019919900101001'), { regions: GB2260_HISTORY }).problem).toBe('region');
    // A code created after `at` cannot be on a number issued by then.
    expect(parseResidentId(withCheck('31011519800101001'), { regions: GB2260_HISTORY, at: new Date('1990-06-01') }).problem).toBe('region');
    // 市辖区 codes (440301) stand for the city proper.
    expect(parseResidentId(withCheck('44030119900101001'), { regions: GB2260_HISTORY }).valid).toBe(true);
    // Residence permits carry the 810000/820000/830000 codes.
    expect(parseResidentId(withCheck('81000019900101001'), { regions: GB2260_HISTORY }).valid).toBe(true);
    expect(parseResidentId(withCheck('81010119900101001'), { regions: GB2260_HISTORY }).problem).toBe('region');
  });

  it('validates the regions option', () => {
    expect(() => parseResidentId('11010519491231002X', { regions: {} as never })).toThrow(TypeError);
    expect(() => parseResidentId('11010519491231002X', { regions: GB2260_HISTORY, regionCheck: 'nope' as never })).toThrow(RangeError);
  });

  it('ships a history that covers every province and names its source', () => {
    expect(GB2260_HISTORY.version).toMatch(/^areacodes [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\)$/);
    expect(GB2260_HISTORY.firstYear).toBe(1981);
    expect(GB2260_HISTORY.lastYear).toBeGreaterThanOrEqual(2024);
    for (const province of ['110000', '310000', '440000', '650000', '710000', '810000', '820000']) {
      expect(GB2260_HISTORY.spans(province), province).toBeDefined();
    }
    expect(GB2260_HISTORY.spans('440305')).toEqual([{ from: 1990 }]); // 南山区
    expect(GB2260_HISTORY.spans('__proto__')).toBeUndefined();
    expect(() => GB2260_HISTORY.spans(1 as unknown as string)).toThrow(TypeError);
  });
});

describe('mobile canonicalisation edge', () => {
  it('an 11-digit number not starting with 1 is not a mobile', () => {
    expect(canonicalize('mobile', '23800138000')).toMatchObject({ valid: false, problem: 'prefix' });
    expect(canonicalize('mobile', '03800138000')).toMatchObject({ valid: false, problem: 'prefix' });
  });
});
