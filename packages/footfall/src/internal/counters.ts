/** Running totals → deltas, with reset detection. */

/** The last running totals seen per counter, carried between adapter calls. @public */
export type CounterState = Readonly<
  Record<string, { readonly in: number; readonly out: number; readonly passed: number; readonly at: number }>
>;

export interface Totals {
  readonly in: number;
  readonly out: number;
  readonly passed: number;
  readonly at: number;
}

/**
 * The counts since `previous`. A total that went backwards means the device reset its counter
 * (a reboot or the daily reset): the new total is counted from zero and `reset` is true.
 * Without a previous sample there is no delta (the totals are only a baseline).
 */
export function deltaOf(
  previous: Totals | undefined,
  current: Totals,
): { in: number; out: number; passed: number; reset: boolean } | undefined {
  if (previous === undefined) return undefined;
  const reset = current.in < previous.in || current.out < previous.out || current.passed < previous.passed;
  if (reset) return { in: current.in, out: current.out, passed: current.passed, reset };
  return { in: current.in - previous.in, out: current.out - previous.out, passed: current.passed - previous.passed, reset };
}
