import { canonicalize, type IdentifierKind } from './canonicalize';
import { DeidError, DeidErrorCode } from './errors';
import { createFf1, type Ff1 } from './ff1';
import { fixLuhn } from './internal/values';
import { residentIdCheckDigit } from './resident-id';

/** @public */
export type FpeProfile = 'mobile' | 'resident-id' | 'bank-card' | 'mac';

/** @public */
export interface FpeOptions {
  /** The field the value comes from; part of the tweak, so the same value differs per field. */
  readonly field?: string;
  /** Bank cards: keep the 6-digit BIN (default true). */
  readonly keepBin?: boolean | undefined;
  /** Bank cards: keep the last 4 digits (default false; see the README for the domain floor). */
  readonly keepLast4?: boolean | undefined;
  /** MAC addresses: keep the vendor OUI, the first 3 octets (default false). */
  readonly keepOui?: boolean | undefined;
}

/** @public */
export interface FormatPreserver {
  encrypt(profile: FpeProfile, value: string, options?: FpeOptions): string;
  decrypt(profile: FpeProfile, value: string, options?: FpeOptions): string;
}

const DAY = 86_400_000;
const EPOCH = -5_364_662_400_000; // Date.UTC(1800, 0, 1)
const DAYS = 109_573; // 1800-01-01 .. 2099-12-31
const PER_SEX = 500; // sequence numbers 000-999, half of them per sex (parity)
const DOMAIN = DAYS * PER_SEX;

function valid(kind: IdentifierKind, value: string): string {
  const c = canonicalize(kind, value);
  if (!c.valid) {
    throw new DeidError(DeidErrorCode.INVALID_IDENTIFIER, `Not a valid ${kind} (${c.problem})`, { details: { kind, problem: c.problem } });
  }
  return c.value;
}

/** FF1 over [0, DOMAIN) by cycle walking on 8 decimal digits (about 1.8 rounds on average). */
function walk(ff1: Ff1, n: number, tweak: string, decrypt: boolean): number {
  let x = n;
  do {
    const s = String(x).padStart(8, '0');
    x = Number(decrypt ? ff1.decrypt(s, tweak) : ff1.encrypt(s, tweak));
  } while (x >= DOMAIN);
  return x;
}

function residentId(ff1: Ff1, value: string, tweak: string, decrypt: boolean): string {
  const id = valid('resident-id', value);
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const seq = Number(id.slice(14, 17));
  const day = (Date.UTC(y, m - 1, d) - EPOCH) / DAY;
  if (day >= DAYS) {
    throw new DeidError(DeidErrorCode.INVALID_IDENTIFIER, 'resident-id FPE covers birth dates 1800-01-01 to 2099-12-31', {
      details: { kind: 'resident-id', problem: 'birth-date' },
    });
  }
  const sex = seq % 2;
  const out = walk(ff1, day * PER_SEX + (seq >> 1), `${tweak}|${id.slice(0, 6)}|${sex}`, decrypt);
  const date = new Date(EPOCH + Math.floor(out / PER_SEX) * DAY).toISOString();
  const newSeq = String((out % PER_SEX) * 2 + sex).padStart(3, '0');
  const first17 = `${id.slice(0, 6)}${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}${newSeq}`;
  return first17 + residentIdCheckDigit(first17);
}

function bankCard(ff1: Ff1, value: string, tweak: string, options: FpeOptions, decrypt: boolean): string {
  const card = valid('bank-card', value);
  const start = options.keepBin === false ? 0 : 6;
  const fix = options.keepLast4 === true ? card.length - 5 : card.length - 1;
  const body = card.slice(start, fix);
  const t = `${tweak}|${card.length}|${start === 0 ? '' : card.slice(0, 6)}`;
  const moved = decrypt ? ff1.decrypt(body, t) : ff1.encrypt(body, t);
  return fixLuhn(card.slice(0, start) + moved + card.slice(fix), fix);
}

function mac(hex16: Ff1, value: string, tweak: string, options: FpeOptions, decrypt: boolean): string {
  const hex = valid('mac', value).replaceAll(':', '');
  const keep = options.keepOui === true ? 6 : 0;
  const t = `${tweak}|${hex.slice(0, keep)}`;
  const moved = hex.slice(0, keep) + (decrypt ? hex16.decrypt(hex.slice(keep), t) : hex16.encrypt(hex.slice(keep), t));
  return moved.match(/../g)?.join(':') ?? moved;
}

/**
 * Format-preserving encryption profiles on FF1:
 * - `mobile`: keeps the 3-digit prefix (carrier), encrypts the other 8 digits.
 * - `resident-id`: keeps region and sex, encrypts birth date and sequence number together (the
 *   sequence digits alone are 1,000 values, far below the FF1 floor) and recomputes the check
 *   character. **The output is a valid number and may be a real person's.**
 * - `bank-card`: keeps the BIN (optionally the last 4), encrypts the rest, recomputes Luhn.
 * - `mac`: optionally keeps the OUI, encrypts the rest.
 *
 * @example
 * ```ts
 * import { createFormatPreserver } from '@aisle/deid';
 *
 * const fpe = createFormatPreserver({ key: new Uint8Array(32).fill(3) });
 * const masked = fpe.encrypt('mobile', '13800138000', { field: 'phone' }); // '138' + 8 other digits
 * fpe.decrypt('mobile', masked, { field: 'phone' }); // '13800138000'
 * ```
 *
 * @public
 */
export function createFormatPreserver(options: { readonly key: Uint8Array }): FormatPreserver {
  const decimal = createFf1({ key: options.key, radix: 10 });
  const hex = createFf1({ key: options.key, radix: 16 });
  const run = (profile: FpeProfile, value: string, opts: FpeOptions, decrypt: boolean): string => {
    const tweak = `${profile}|${opts.field ?? ''}`;
    switch (profile) {
      case 'mobile': {
        const mobile = valid('mobile', value);
        const rest = mobile.slice(3);
        const t = `${tweak}|${mobile.slice(0, 3)}`;
        return mobile.slice(0, 3) + (decrypt ? decimal.decrypt(rest, t) : decimal.encrypt(rest, t));
      }
      case 'resident-id':
        return residentId(decimal, value, tweak, decrypt);
      case 'bank-card':
        return bankCard(decimal, value, tweak, opts, decrypt);
      case 'mac':
        return mac(hex, value, tweak, opts, decrypt);
      default:
        throw new TypeError(`Unknown FPE profile: ${String(profile)}`);
    }
  };
  return {
    encrypt: (profile, value, opts = {}) => run(profile, value, opts, false),
    decrypt: (profile, value, opts = {}) => run(profile, value, opts, true),
  };
}
