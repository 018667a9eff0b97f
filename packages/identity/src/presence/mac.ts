/**
 * How a device MAC address is administered, from its first octet: `global` (a vendor-assigned
 * address), `randomised` (the locally administered bit set on a unicast address — what phones
 * send when MAC randomisation is on; second hex digit 2, 6, A or E), `multicast` (not a client at
 * all), or `invalid` (not 12 hex digits).
 *
 * The package only flags randomised addresses so counts can be read with that in mind; it never
 * tries to link a randomised address to another one.
 *
 * @public
 */
export type MacKind = 'global' | 'randomised' | 'multicast' | 'invalid';

const HEX12 = /^[0-9a-f]{12}$/;

/**
 * The canonical form of a MAC address (12 lowercase hex digits, no separators), or `undefined`.
 * Accepts `aa:bb:cc:dd:ee:ff`, `AA-BB-…`, `aabb.ccdd.eeff` and bare hex; at most 32 characters.
 *
 * @example
 * ```ts
 * import { canonicalMac } from '@aisle/identity';
 *
 * canonicalMac('DA:A1:19:00:00:01'); // 'daa119000001'
 * canonicalMac('not a mac'); // undefined
 * ```
 *
 * @public
 */
export function canonicalMac(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 32) return undefined;
  const hex = raw.replace(/[:.\-\s]/g, '').toLowerCase();
  return HEX12.test(hex) ? hex : undefined;
}

/**
 * Classifies a MAC address by its first octet (see {@link MacKind}).
 *
 * @example
 * ```ts
 * import { classifyMac } from '@aisle/identity';
 *
 * classifyMac('da:a1:19:00:00:01'); // 'randomised' (second digit A)
 * classifyMac('3c:22:fb:00:00:01'); // 'global'
 * classifyMac('01:00:5e:00:00:fb'); // 'multicast'
 * ```
 *
 * @public
 */
export function classifyMac(raw: unknown): MacKind {
  const mac = canonicalMac(raw);
  if (mac === undefined) return 'invalid';
  const first = Number.parseInt(mac.slice(0, 2), 16);
  if ((first & 0x01) !== 0) return 'multicast';
  return (first & 0x02) !== 0 ? 'randomised' : 'global';
}
