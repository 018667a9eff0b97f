import { canonicalJson } from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';
import { type Incident, restoreIncident } from './incident';

/**
 * The persistence port for incidents: append-only per incident (a save must extend the stored
 * audit trail), with an in-memory implementation here and database adapters elsewhere.
 *
 * @public
 */
export interface IncidentStore {
  /** Saves an incident whose trail extends the stored one (or a new incident). */
  save(incident: Incident): void;
  /** Loads and verifies an incident, or `undefined`. */
  load(id: string): Incident | undefined;
  /** Ids of stored incidents, in insertion order. */
  ids(): readonly string[];
}

/**
 * An in-memory {@link IncidentStore} that keeps serialised copies (so later changes to the
 * caller's objects cannot reach it) and refuses a save that rewrites history.
 *
 * @throws {@link IncidentError} `INCIDENTS_AUDIT_BROKEN` from `save` when the new trail does not
 * extend the stored one, or does not verify; from `load` when stored data was altered.
 *
 * @example
 * ```ts
 * import { createMemoryIncidentStore } from '@aisle/incidents';
 *
 * const store = createMemoryIncidentStore();
 * store.save(incident);
 * store.load(incident.record.id)?.record.status; // 'detected'
 * ```
 *
 * @public
 */
export function createMemoryIncidentStore(): IncidentStore {
  const rows = new Map<string, string>();
  return {
    save(incident) {
      const verified = restoreIncident(incident);
      const id = verified.record.id;
      const previous = rows.get(id);
      if (previous !== undefined) {
        const stored = JSON.parse(previous) as Incident;
        const prefix = verified.trail.slice(0, stored.trail.length);
        if (stored.trail.length > verified.trail.length || canonicalJson(prefix) !== canonicalJson(stored.trail)) {
          throw new IncidentError(
            IncidentsErrorCode.AUDIT_BROKEN,
            `Saving ${id} would rewrite its audit trail (stored ${stored.trail.length} entries)`,
            {
              details: { index: Math.min(stored.trail.length, verified.trail.length), reason: 'rewrite' },
            },
          );
        }
      }
      rows.set(id, JSON.stringify({ record: verified.record, trail: verified.trail }));
    },
    load(id) {
      const row = rows.get(id);
      return row === undefined ? undefined : restoreIncident(JSON.parse(row) as Incident);
    },
    ids() {
      return [...rows.keys()];
    },
  };
}
