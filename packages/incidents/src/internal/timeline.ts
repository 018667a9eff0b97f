import { type CnGrade, gradeCN } from '../grading';
import type { Incident } from '../incident';
import { replayAuditTrail } from '../incident';

/** The CN grade after each trail entry, with the instant its facts became known. */
export function gradeTimeline(incident: Incident, awareAt: string): { at: string; grade: CnGrade }[] {
  const steps: { at: string; grade: CnGrade }[] = [];
  for (const [i, entry] of incident.trail.entries()) {
    if (entry.payload.action === 'transition') continue;
    const record = replayAuditTrail(incident.trail.slice(0, i + 1));
    const at = entry.payload.action === 'create' ? awareAt : (entry.payload.effectiveAt ?? entry.payload.at);
    steps.push({ at, grade: gradeCN(record).grade });
  }
  return steps;
}
