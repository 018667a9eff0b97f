import { IncidentError, IncidentsErrorCode } from '../errors';
import type { IncidentRecord } from '../record';
import { isRegime } from '../regime-ids';

function count(path: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `${path} must be a non-negative integer, got ${value}`, {
      details: { path },
    });
  }
}

/** Domain checks the schema cannot express: counts, instants in order, known regimes. */
export function checkRecord(record: IncidentRecord): void {
  const pi = record.personalInformation;
  count('personalInformation.people', pi.people);
  count('personalInformation.records', pi.records);
  count('personalInformation.sensitivePeople', pi.sensitivePeople);
  count('personalInformation.minors', pi.minors);
  count('economicLossFen', record.economicLossFen);
  for (const [key, value] of Object.entries(pi.byJurisdiction)) count(`personalInformation.byJurisdiction.${key}`, value);
  for (const [name, value] of [
    ['sensitivePeople', pi.sensitivePeople],
    ['minors', pi.minors],
  ] as const) {
    if (value > pi.people) {
      throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `personalInformation.${name} (${value}) exceeds people (${pi.people})`, {
        details: { path: `personalInformation.${name}` },
      });
    }
  }
  for (const key of Object.keys(record.awareness.regimes)) {
    if (!isRegime(key))
      throw new IncidentError(IncidentsErrorCode.UNKNOWN_REGIME, `Unknown regime in awareness.regimes: ${JSON.stringify(key)}`);
  }
  const occurred = record.occurredAt;
  const notBefore = (path: string, at: string | undefined, floor: string | undefined, floorName: string) => {
    if (at !== undefined && floor !== undefined && at < floor) {
      throw new IncidentError(IncidentsErrorCode.TIME_ORDER, `${path} (${at}) is before ${floorName} (${floor})`, { details: { path } });
    }
  };
  notBefore('discovered.at', record.discovered.at, occurred, 'occurredAt');
  notBefore('awareness.awareAt', record.awareness.awareAt, occurred, 'occurredAt');
  notBefore('awareness.materialityDeterminedAt', record.awareness.materialityDeterminedAt, occurred, 'occurredAt');
  for (const [key, at] of Object.entries(record.awareness.regimes)) notBefore(`awareness.regimes.${key}`, at, occurred, 'occurredAt');
  for (const [name, list] of [
    ['containment', record.containment],
    ['lawEnforcement', record.lawEnforcement],
    ['submissions', record.submissions],
  ] as const) {
    for (const [i, c] of list.entries()) notBefore(`${name}[${i}].at`, c.at, occurred, 'occurredAt');
  }
  notBefore('handlingEndedAt', record.handlingEndedAt, record.discovered.at, 'discovered.at');
}
