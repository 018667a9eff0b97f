/** Offset in seconds that a `longOffset` formatter reports at `ms`. */
export function offsetSeconds(format: (date: Date) => string, ms: number): number;
/** Every offset change of `zone` in the runtime's Intl data: `[epochSeconds, offsetSeconds]`. */
export function scanZone(
  zone: string,
  options?: { from?: number; to?: number; step?: number },
): { initial: number; transitions: Array<[number, number]> };
