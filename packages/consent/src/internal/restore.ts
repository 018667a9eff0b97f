import type { ConsentEvent } from '../schemas';
import type { SubjectConsent } from '../subject';
import { RecordSource } from './source';
import { STATUS, type Table } from './table';

/**
 * Writes a whole subject into `table` (a fresh one: say, for a subject read back from a
 * snapshot) and returns its number; events applied after it continue from its latest time and
 * event count. A function of its own, not a `Table` method, so that bundles without snapshots
 * leave it out.
 */
export function restoreSubject(table: Table, subject: SubjectConsent): number {
  const s = table.addSubject(subject.subjectId);
  const from = new RecordSource(subject);
  for (const purposeId of subject.purposes.keys()) {
    const p = table.purposeNumber(purposeId, table.count);
    from.slot(purposeId);
    const status = STATUS.indexOf(from.status());
    // The standing separate consent as if applied first, then the latest event over it.
    if (status === 0 && from.hasSeparate()) table.write(s, p, 0, from.at(), ...terms(from, true), true);
    table.write(s, p, status, from.at(), ...terms(from, false), false);
  }
  table.touch(s, subject.lastAt, subject.eventCount);
  table.count += subject.eventCount;
  return s;
}

/** The arguments of `Table.write` after `at`, read from a record. */
function terms(from: RecordSource, separate: boolean): [ConsentEvent, number, number, number] {
  const event = from.event(0, separate);
  return [event, from.expiresAt(0, separate), event.notice.version, event.actor.kind === 'guardian' ? 1 : 0];
}
