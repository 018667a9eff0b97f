import type { RegionHistory, RegionSpan } from '../resident-id';
import { GB2260_DATA, GB2260_DATA_VERSION, GB2260_FIRST_YEAR, GB2260_LAST_YEAR } from './gb2260-data';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
const OPEN = 63;
const BASE_YEAR = 1980;

let table: Map<string, readonly RegionSpan[]> | undefined;

function decode(): Map<string, readonly RegionSpan[]> {
  const map = new Map<string, readonly RegionSpan[]>();
  let code = 0;
  let i = 0;
  while (i < GB2260_DATA.length) {
    let delta = 0;
    let digit = DIGITS.indexOf(GB2260_DATA[i++] as string);
    while (digit >= 32) {
      delta = delta * 32 + (digit - 32);
      digit = DIGITS.indexOf(GB2260_DATA[i++] as string);
    }
    code += delta * 32 + digit;
    const spans: RegionSpan[] = [];
    while (GB2260_DATA[i] !== '.') {
      const from = DIGITS.indexOf(GB2260_DATA[i] as string) + BASE_YEAR;
      const to = DIGITS.indexOf(GB2260_DATA[i + 1] as string);
      spans.push(Object.freeze(to === OPEN ? { from } : { from, to: to + BASE_YEAR }));
      i += 2;
    }
    i++;
    map.set(String(code).padStart(6, '0'), Object.freeze(spans));
  }
  return map;
}

/**
 * The GB/T 2260 code history from 1981 to the last year in the shipped table, compiled from the
 * Ministry of Civil Affairs' yearly lists by the areacodes project (CC0 1.0; see `SOURCE.md` and
 * `scripts/refresh-gb2260.mjs` in the package repository). Pass it to `parseResidentId` or
 * `detectPii` as `regions`. The table is decoded on first use (a few milliseconds).
 *
 * @example
 * ```ts
 * import { parseResidentId, residentIdCheckDigit } from '@aisle/deid';
 * import { GB2260_HISTORY } from '@aisle/deid/regions';
 *
 * GB2260_HISTORY.spans('110110'); // [{ from: 1981, to: 1986 }] (Yanshan district, merged into Fangshan)
 * const first17 = '11011019900101001';
 * parseResidentId(first17 + residentIdCheckDigit(first17), { regions: GB2260_HISTORY }).problem; // 'region'
 * ```
 *
 * @public
 */
export const GB2260_HISTORY: RegionHistory = /* @__PURE__ */ Object.freeze({
  version: GB2260_DATA_VERSION,
  firstYear: GB2260_FIRST_YEAR,
  lastYear: GB2260_LAST_YEAR,
  spans(code: string): readonly RegionSpan[] | undefined {
    if (typeof code !== 'string') throw new TypeError('code must be a string');
    table ??= decode();
    return table.get(code);
  },
});
