import { canonicalJson, verifyStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustodyError, foldMedium, type IntegrityReport, verifyManifest } from '../src/index';
import { cleanScanner, manifestFor, registration, setup, sha } from './fixtures';

type Op =
  | { kind: 'access'; approved: boolean; person: string }
  | { kind: 'check'; readable: boolean; intact: boolean; clean: boolean }
  | { kind: 'permissions'; person: string }
  | { kind: 'migrate' }
  | { kind: 'retire' }
  | { kind: 'wait'; days: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('access' as const), approved: fc.boolean(), person: fc.constantFrom('S-050', 'S-060', 'S-033') }),
  fc.record({ kind: fc.constant('check' as const), readable: fc.boolean(), intact: fc.boolean(), clean: fc.boolean() }),
  fc.record({ kind: fc.constant('permissions' as const), person: fc.constantFrom('S-050', 'S-060') }),
  fc.record({ kind: fc.constant('migrate' as const) }),
  fc.record({ kind: fc.constant('retire' as const) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 900 }) }),
);

describe('replay', () => {
  it("property: a medium's stored state equals the pure fold of its verified stream, after any sequence of operations", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const { custody, clock, store } = setup();
        await custody.register(registration('M-0'));
        let current = 'M-0';
        let next = 1;
        const report = (mediumId: string, intact: boolean): IntegrityReport =>
          verifyManifest(
            manifestFor(mediumId),
            intact ? manifestFor(mediumId) : manifestFor(mediumId, [{ path: 'members.csv', size: 3, sha256: sha('f') }]),
          );
        for (const o of ops) {
          try {
            switch (o.kind) {
              case 'wait':
                clock.advance(o.days * 86_400_000);
                break;
              case 'access':
                await custody.recordAccess(current, { by: o.person, purpose: 'restore', ...(o.approved ? { approvedBy: 'S-033' } : {}) });
                break;
              case 'check':
                await custody.recordCheck(current, {
                  by: 'S-033',
                  readable: o.readable,
                  ...(o.readable ? { integrity: report(current, o.intact) } : {}),
                  scanner: o.clean ? cleanScanner : { name: 'av', scan: () => ({ clean: false, findings: ['EICAR'] }) },
                });
                break;
              case 'permissions':
                await custody.setPermissions(current, {
                  by: 'S-033',
                  responsible: [{ personId: 'S-033', role: 'custodian' }],
                  permissions: [{ personId: o.person, access: 'read', scope: 'all', procedure: 'ticket' }],
                });
                break;
              case 'migrate': {
                const to = `M-${next}`;
                await custody.migrate({
                  from: current,
                  to: registration(to, { madeAt: clock.now().toISOString(), manifest: manifestFor(to) }),
                  oldManifest: manifestFor(current),
                  reason: 'technology',
                  by: 'S-021',
                });
                current = to;
                next++;
                break;
              }
              case 'retire':
                await custody.retire(current, { by: 'S-033', method: 'destroyed' });
                break;
            }
          } catch (error) {
            // Refusals are part of the model (retiring with open tasks, anything on a retired medium).
            if (!CustodyError.isInstance(error)) throw error;
            expect(['CUSTODY_OPEN_TASKS', 'CUSTODY_MEDIUM_CLOSED']).toContain(error.code);
          }
        }
        for (let i = 0; i < next; i++) {
          const id = `M-${i}`;
          const stored = await custody.medium(id);
          const replayed = foldMedium((await store.read(`custody:${id}`)).entries);
          expect(canonicalJson(replayed)).toBe(canonicalJson(stored));
          expect(canonicalJson(await custody.medium(id, { verify: true }))).toBe(canonicalJson(stored));
          expect(stored.version).toBe((await store.read(`custody:${id}`)).version);
          // The schedule index agrees with the states: open tasks and due checks.
          // The same open tasks, oldest first (tasks opened at the same instant come in the
          // store's timer-key order, so the ids are compared as a set and the order by time).
          const open = stored.tasks.filter((t) => t.status === 'open').map((t) => t.taskId);
          const listed = (await custody.openTasks()).filter((t) => t.mediumId === id);
          expect(listed.map((t) => t.taskId).sort()).toEqual([...open].sort());
          const times = listed.map((t) => Date.parse(t.openedAt));
          expect(times).toEqual([...times].sort((a, b) => a - b));
          const due = (await custody.due('9000-01-01T00:00:00Z')).filter((d) => d.mediumId === id);
          expect(due.map((d) => d.dueAt)).toEqual(stored.checkDueAt === undefined ? [] : [stored.checkDueAt]);
        }
        expect((await verifyStore(store)).ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
