import type { AppendOptions, NewStreamEntry } from '@aisle/core';

/** Operation `op` of the crash test: three entries on one of 16 streams, a key, a counter. */
export function crashOp(op: number): { streamId: string; entries: NewStreamEntry[]; options: AppendOptions } {
  return {
    streamId: `acct-${op % 16}`,
    entries: ['a', 'b', 'c'].map((part) => ({ id: `op${op}-${part}`, type: 'crash.op', data: { op, part } })),
    options: {
      expectedVersion: 'any',
      idempotency: { scope: 'crash', key: `op-${op}`, fingerprint: `fp-${op}` },
      counters: [{ key: 'applied', delta: 1, limit: 1_000_000 }],
      snapshot: { lastOp: op },
    },
  };
}
