/**
 * The length of an SMS in segments. `gsm-7` when every character is in the GSM 7-bit default
 * alphabet or its extension table (3GPP TS 23.038; extension characters such as `€ [ ] { } ^ ~ | \`
 * take two septets): 160 septets in one segment, 153 per part when concatenated. Otherwise
 * `ucs-2` (any Chinese text): 70 UTF-16 code units in one segment, 67 per part when concatenated
 * (the user-data header takes the rest), a character outside the BMP (an emoji) taking two units
 * and never split across parts.
 *
 * @public
 */
export interface SmsSegments {
  /** `gsm-7` when every character is in the GSM 7-bit alphabet (with its extension table), else `ucs-2`. */
  readonly encoding: 'gsm-7' | 'ucs-2';
  /** Septets (`gsm-7`) or UTF-16 code units (`ucs-2`) the text takes. */
  readonly units: number;
  /** Characters as a person counts them (code points). */
  readonly characters: number;
  /** Segments the message is sent as (1 for an empty text). */
  readonly segments: number;
  /** Units that fit in one segment, and per part when concatenated: 160/153 or 70/67. */
  readonly perSegment: { readonly single: number; readonly concatenated: number };
}

// The GSM 03.38 default alphabet (one septet each) and its extension table (escape + one septet).
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '\f^{}\\[~]|€';
const GSM = new Map<string, number>([...[...BASIC].map((c) => [c, 1] as const), ...[...EXTENDED].map((c) => [c, 2] as const)]);

/** Longest text measured (characters); an SMS of this length is already ~1,000 segments. */
const MAX_LENGTH = 70_000;

/**
 * Counts the segments an SMS text is sent as (see {@link SmsSegments}). Linear in the text.
 *
 * @throws `RangeError` for a text longer than 70,000 characters; `TypeError` for a non-string.
 *
 * @example
 * ```ts
 * import { smsSegments } from '@aisle/incidents';
 *
 * smsSegments('您的会员信息可能泄露').segments; // 1 (ucs-2, 10 of 70)
 * smsSegments('x'.repeat(161)); // { encoding: 'gsm-7', segments: 2, … } (153 + 8)
 * ```
 *
 * @public
 */
export function smsSegments(text: string): SmsSegments {
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
  if (text.length > MAX_LENGTH) throw new RangeError(`An SMS text of ${text.length} characters is over the ${MAX_LENGTH} measured`);
  let septets = 0;
  let characters = 0;
  let gsm = true;
  for (const c of text) {
    characters++;
    const cost = GSM.get(c);
    if (cost === undefined) gsm = false;
    else septets += cost;
  }
  const [encoding, units, single, concatenated] = gsm ? (['gsm-7', septets, 160, 153] as const) : (['ucs-2', text.length, 70, 67] as const);
  // An escaped GSM character (two septets) and a surrogate pair (two units) never straddle parts.
  const segments = units <= single ? 1 : parts(text, concatenated, gsm ? (c) => GSM.get(c) ?? 1 : (c) => c.length);
  return { encoding, units, characters, segments, perSegment: { single, concatenated } };
}

/** How many parts of `size` units the text fills, a character never split across two. */
function parts(text: string, size: number, cost: (c: string) => number): number {
  let count = 1;
  let used = 0;
  for (const c of text) {
    const n = cost(c);
    if (used + n > size) {
      count++;
      used = 0;
    }
    used += n;
  }
  return count;
}
