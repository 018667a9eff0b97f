import { IdentityError, IdentityErrorCode } from '../errors';
import { Tally } from '../internal/tally';
import { canonicalMac, classifyMac } from './mac';
import type { PresenceAdapterOptions, PresenceBatch, PresenceEvent, VendorCount, ZoneHint } from './types';

/** Reads a payload: text is measured against its cap before `JSON.parse`; parsed values pass through. */
export function readJson(input: unknown, maxChars: number, what: string): unknown {
  if (typeof input !== 'string') return input;
  if (input.length > maxChars) {
    throw new IdentityError(
      IdentityErrorCode.INPUT_TOO_LARGE,
      `${what}: expected at most ${maxChars} characters, received ${input.length}`,
    );
  }
  try {
    return JSON.parse(input) as unknown;
  } catch (cause) {
    throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, `${what}: expected JSON text, received text that does not parse`, {
      cause,
    });
  }
}

export function checkRecords(records: unknown, max: number, what: string): ReadonlyArray<unknown> {
  if (!Array.isArray(records)) {
    throw new IdentityError(IdentityErrorCode.INVALID_PRESENCE_INPUT, `${what}: expected an array, received ${typeof records}`);
  }
  if (records.length > max) {
    throw new IdentityError(IdentityErrorCode.INPUT_TOO_LARGE, `${what}: expected at most ${max} records, received ${records.length}`);
  }
  return records;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property only: a key such as `__proto__` or `constructor` in the data is never followed up the prototype chain. */
export function field(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function text(value: unknown, max = 256): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** Epoch ms from epoch seconds, epoch ms, a digit string, or an ISO 8601 instant with `Z` or an offset. */
export function instant(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && value.length <= 40) {
    if (/^\d{9,13}$/.test(value)) return instant(Number(value));
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)$/.test(value)) ms = Date.parse(value);
  }
  return ms !== undefined && Number.isFinite(ms) && ms > 0 && ms < 8.64e15 ? Math.trunc(ms) : undefined;
}

function present(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Collects one batch: each record goes through `device` (or `count`), or is skipped with its reason. */
export class Collector {
  readonly events: PresenceEvent[] = [];
  readonly counts: VendorCount[] = [];
  readonly skipped = new Tally();
  readonly dropped = new Tally();
  randomised = 0;
  duplicates = 0;
  /**
   * Tokens already computed in this batch, by address and quarter hour (days start on a quarter
   * hour in every time zone): a device heard three times costs one HMAC. Lives as long as the
   * batch being read, which already holds the raw addresses; never returned.
   */
  private readonly cache = new Map<string, string>();

  constructor(readonly options: PresenceAdapterOptions) {}

  /** Counts identifier fields present on a record (they are never read into any output). */
  drop(record: Record<string, unknown>, fields: ReadonlyArray<readonly [key: string, label: string]>): void {
    for (const [key, label] of fields) if (present(field(record, key))) this.dropped.add(label);
  }

  zone(hint: ZoneHint): string | undefined {
    const zone = this.options.zoneOf(hint);
    if (zone === undefined) return undefined;
    if (typeof zone !== 'string' || zone.length === 0 || zone.length > 128) {
      throw new TypeError(`zoneOf: expected a zone name of 1–128 characters or undefined, received ${typeof zone}`);
    }
    return zone;
  }

  device(input: {
    readonly mac: unknown;
    readonly at: unknown;
    readonly hint: ZoneHint;
    readonly kind: PresenceEvent['kind'];
    readonly radio: PresenceEvent['radio'];
    readonly dwellMs?: number | undefined;
  }): void {
    const mac = canonicalMac(input.mac);
    if (mac === undefined) {
      this.skipped.add('bad-mac');
      return;
    }
    const kind = classifyMac(mac);
    if (kind === 'multicast') {
      this.skipped.add('multicast');
      return;
    }
    const at = instant(input.at);
    if (at === undefined) {
      this.skipped.add('bad-time');
      return;
    }
    const zone = this.zone(input.hint);
    if (zone === undefined) {
      this.skipped.add('unmapped-zone');
      return;
    }
    const cacheKey = `${mac}|${Math.floor(at / 900_000)}`;
    let token = this.cache.get(cacheKey);
    try {
      if (token === undefined) {
        token = this.options.tokens.token({ site: this.options.site, at, mac });
        this.cache.set(cacheKey, token);
      }
    } catch (error) {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.RETENTION_EXCEEDED) {
        this.skipped.add('expired');
        return;
      }
      throw error;
    }
    const randomised = kind === 'randomised';
    if (randomised) this.randomised++;
    this.events.push({
      site: this.options.site,
      zone,
      at,
      kind: input.kind,
      radio: input.radio,
      token,
      randomised,
      ...(input.dwellMs === undefined ? {} : { dwellMs: input.dwellMs }),
    });
  }

  batch(): PresenceBatch {
    return {
      events: this.events,
      counts: this.counts,
      skipped: this.skipped.map,
      dropped: this.dropped.map,
      randomised: this.randomised,
      duplicates: this.duplicates,
    };
  }
}

export function checkOptions(options: PresenceAdapterOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected { site, tokens, zoneOf }');
  if (typeof options.site !== 'string' || options.site.length === 0 || options.site.length > 128) {
    throw new TypeError('options.site: expected a string of 1–128 characters');
  }
  if (typeof options.zoneOf !== 'function') throw new TypeError('options.zoneOf: expected a function');
  if (typeof options.tokens?.token !== 'function') throw new TypeError('options.tokens: expected a DeviceTokeniser');
}

export function cap(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name}: expected a positive integer, received ${typeof value === 'number' ? value : typeof value}`);
  return value;
}
