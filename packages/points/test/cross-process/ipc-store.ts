// A StreamStore shared by several processes over Node's IPC channel: the parent keeps one
// in-memory store and serves it (`serveStore`); each child process talks to it through
// `remoteStore`, so every worker holds its own ledger and nothing but the store is shared, as with
// app servers over one database. Errors keep their AisleError code across the channel.
import type { ChildProcess } from 'node:child_process';
import { AisleError, type StreamStore } from '@aisle/core';

type Call = { readonly id: number; readonly method: keyof StreamStore; readonly args: unknown[] };
type Reply = { readonly id: number; readonly value?: unknown; readonly error?: { code?: string | undefined; message: string } };

const METHODS: ReadonlyArray<keyof StreamStore> = [
  'append',
  'read',
  'readSnapshot',
  'feed',
  'feedLag',
  'streamIds',
  'heads',
  'counters',
  'dueTimers',
  'saveCheckpoint',
  'checkpoints',
  'loadCheckpoint',
];

/** Serves `store` to a child process until it exits. */
export function serveStore(store: StreamStore, child: ChildProcess): void {
  child.on('message', async (message: unknown) => {
    const call = message as Call;
    if (typeof call?.id !== 'number' || !METHODS.includes(call.method)) return;
    let reply: Reply;
    try {
      const value = await (store[call.method] as (...args: unknown[]) => Promise<unknown>)(...call.args);
      reply = { id: call.id, value: value instanceof Map ? { ipcMap: [...value] } : value };
    } catch (error) {
      reply = {
        id: call.id,
        error: { code: AisleError.isInstance(error) ? error.code : undefined, message: String((error as Error).message) },
      };
    }
    if (child.connected) child.send(reply);
  });
}

/** The store served by the parent process, seen from a child. */
export function remoteStore(): StreamStore {
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  process.on('message', (message: unknown) => {
    const reply = message as Reply;
    const pending = waiting.get(reply?.id);
    if (pending === undefined) return;
    waiting.delete(reply.id);
    if (reply.error !== undefined) {
      pending.reject(
        reply.error.code === undefined ? new Error(reply.error.message) : new AisleError(reply.error.code, reply.error.message),
      );
      return;
    }
    const value = reply.value as { ipcMap?: Array<[string, number]> } | undefined;
    pending.resolve(value?.ipcMap !== undefined && !Array.isArray(value) ? new Map(value.ipcMap) : value);
  });
  const call =
    (method: keyof StreamStore) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        process.send?.({ id, method, args: JSON.parse(JSON.stringify(args)) } satisfies Call);
      });
  return Object.fromEntries(METHODS.map((m) => [m, call(m)])) as unknown as StreamStore;
}
