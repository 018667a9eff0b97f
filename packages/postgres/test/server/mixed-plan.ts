// The plan shared by processes-domain.test.ts and its workers.
export const MEMBERS = 1_000;
export const SUBJECTS = 300;
/** Keys per member and kind (and event ids per subject): few, so workers collide on them. */
export const SLOTS = 4;
export const WORKERS = 8;
export const BUDGET = 40_000;
export const SHARDS = 8;
export const EXPIRY = { type: 'rolling', months: 1 } as const;
/** Phase a: earn, redeem and refund at T0. Phase b, 40 days on: expiry jobs on every worker beside new earns, redemptions and refunds. */
export const T0 = Date.parse('2026-11-18T10:00:00+08:00');
export const T1 = T0 + 40 * 86_400_000;
