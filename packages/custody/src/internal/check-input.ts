import { CustodyError, CustodyErrorCode } from '../errors';
import type { MediumState } from '../state';
import type { IntegrityReport } from '../verify';
import { check, ScanResultSchema } from './shapes';

export function notRecorded(mediumId: string): never {
  throw new CustodyError(
    CustodyErrorCode.MANIFEST_NOT_RECORDED,
    `The manifest is not the one recorded for medium ${JSON.stringify(mediumId)} (its hash differs from the stream's)`,
    { details: { mediumId } },
  );
}

export function checkIntegrityInput(
  report: IntegrityReport | undefined,
  readable: boolean,
  state: MediumState,
): IntegrityReport | undefined {
  if (!readable) {
    if (report !== undefined)
      throw new CustodyError(CustodyErrorCode.INVALID_INPUT, 'check.integrity: an unreadable medium has no integrity report; omit it');
    return undefined;
  }
  if (typeof report !== 'object' || report === null) {
    throw new CustodyError(
      CustodyErrorCode.INVALID_INPUT,
      'check.integrity: a readable medium needs an integrity report (verifyDirectory against the recorded manifest)',
    );
  }
  const lists = [report.missing, report.extra, report.changed, report.symlinks, report.specialFiles];
  if (!lists.every(Array.isArray) || typeof report.ok !== 'boolean' || typeof report.rootChanged !== 'boolean') {
    throw new CustodyError(
      CustodyErrorCode.INVALID_INPUT,
      'check.integrity: expected an IntegrityReport (ok, rootChanged, missing, extra, changed, symlinks, specialFiles)',
    );
  }
  const clean = !report.rootChanged && lists.every((list) => list.length === 0);
  if (report.ok !== clean) throw new CustodyError(CustodyErrorCode.INVALID_INPUT, "check.integrity: `ok` contradicts the report's lists");
  if (report.mediumId !== state.id) {
    throw new CustodyError(
      CustodyErrorCode.MANIFEST_OTHER_MEDIUM,
      `check.integrity: the report is for medium ${JSON.stringify(String(report.mediumId))}, not ${JSON.stringify(state.id)}`,
      {
        details: { expected: state.id, received: report.mediumId },
      },
    );
  }
  if (report.manifestHash !== state.manifest.hash) notRecorded(state.id);
  return report;
}

export function safeScan(result: unknown, name: string): { clean: boolean; findings: string[]; signatures?: string } {
  try {
    return check(ScanResultSchema, result, 'scan result') as { clean: boolean; findings: string[]; signatures?: string };
  } catch (cause) {
    throw new CustodyError(
      CustodyErrorCode.SCANNER_FAILED,
      `The malware scanner ${JSON.stringify(name)} returned a malformed result; no check was recorded`,
      { cause },
    );
  }
}
