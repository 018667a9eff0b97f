import { IncidentError, IncidentsErrorCode } from './errors';
import type { IncidentRecord } from './record';

/**
 * The four CN grades, lowest first: 一般 (general), 较大 (relatively major), 重大 (major),
 * 特别重大 (especially major).
 *
 * @public
 */
export const CN_GRADES = ['general', 'relatively-major', 'major', 'especially-major'] as const;

/** @public */
export type CnGrade = (typeof CN_GRADES)[number];

/** Chinese and English names of each grade. @public */
export const CN_GRADE_NAMES: Readonly<Record<CnGrade, { readonly zh: string; readonly en: string }>> = {
  general: { zh: '一般', en: 'General' },
  'relatively-major': { zh: '较大', en: 'Relatively major' },
  major: { zh: '重大', en: 'Major' },
  'especially-major': { zh: '特别重大', en: 'Especially major' },
};

/**
 * One reason for a grade, with the annex item it rests on.
 *
 * @public
 */
export interface GradeReason {
  readonly grade: CnGrade;
  readonly criterion: string;
  readonly citation: string;
}

/**
 * A CN grade with every criterion met (highest grade first) and whether the Measures require a
 * report (较大 and above, Art. 4).
 *
 * @public
 */
export interface CnGrading {
  readonly grade: CnGrade;
  readonly name: { readonly zh: string; readonly en: string };
  readonly reportable: boolean;
  readonly reasons: readonly GradeReason[];
}

/**
 * What grading reads: people affected, the direct economic loss in fen, and other annex criteria
 * the operator has judged met (an {@link IncidentRecord} fits).
 *
 * @public
 */
export interface GradingInput {
  readonly personalInformation: { readonly people: number };
  readonly economicLossFen?: number | undefined;
  readonly otherCriteria?: readonly GradeReason[] | undefined;
}

const ANNEX = '国家网络安全事件报告管理办法 附件《网络安全事件分级指南》';
const SECTION: Readonly<Record<CnGrade, string>> = {
  'especially-major': '一、特别重大网络安全事件',
  major: '二、重大网络安全事件',
  'relatively-major': '三、较大网络安全事件',
  general: '四、一般网络安全事件',
};

/**
 * Quantitative thresholds from the annex ("以上" includes the number itself, as in 民法典 Art. 1259).
 * People whose 公民个人信息 leaked: 1亿 / 1000万 / 100万; direct economic loss: 1亿元 / 2000万元 /
 * 500万元 (in fen).
 */
const PEOPLE: ReadonlyArray<readonly [CnGrade, number, string]> = [
  ['especially-major', 100_000_000, '泄露1亿人以上公民个人信息'],
  ['major', 10_000_000, '泄露1000万人以上公民个人信息'],
  ['relatively-major', 1_000_000, '泄露100万人以上公民个人信息'],
];
const LOSS_FEN: ReadonlyArray<readonly [CnGrade, number, string]> = [
  ['especially-major', 100_000_000 * 100, '造成1亿元以上的直接经济损失'],
  ['major', 20_000_000 * 100, '造成2000万元以上的直接经济损失'],
  ['relatively-major', 5_000_000 * 100, '造成500万元以上的直接经济损失'],
];

const rank = (grade: CnGrade) => CN_GRADES.indexOf(grade);

/**
 * Grades an incident under the 2025 Measures' annex from the people affected, the direct
 * economic loss and any other criteria the operator has judged met; recompute whenever counts
 * change (grading is a pure function of the record). Counts are checked here too, since it is
 * called with hand-built inputs: a negative, fractional or non-numeric count is refused rather
 * than graded `general`.
 *
 * @throws {@link IncidentError} `INCIDENTS_INVALID_COUNT` (with `details.path`) for a count that is
 * not a whole number, 0 or more; `TypeError` for `otherCriteria` that are not graded criteria.
 *
 * @example
 * ```ts
 * import { gradeCN } from '@aisle/incidents';
 *
 * gradeCN({ personalInformation: { people: 1_000_000 }, otherCriteria: [] }).grade; // 'relatively-major' (以上 includes 1,000,000)
 * gradeCN({ personalInformation: { people: 999_999 }, otherCriteria: [] }).grade; // 'general'
 * ```
 *
 * @public
 */
export function gradeCN(input: GradingInput): CnGrading {
  const reasons: GradeReason[] = [];
  const people = count('personalInformation.people', input?.personalInformation?.people);
  const loss = input.economicLossFen === undefined ? undefined : count('economicLossFen', input.economicLossFen);
  const others = input.otherCriteria ?? [];
  if (!Array.isArray(others)) throw new TypeError('otherCriteria must be an array of { grade, criterion, citation }');
  for (const [i, other] of others.entries()) {
    if (!(CN_GRADES as readonly unknown[]).includes(other?.grade)) {
      throw new TypeError(`otherCriteria[${i}].grade must be one of ${CN_GRADES.join(', ')}, got ${String(other?.grade)}`);
    }
  }
  const first = PEOPLE.find(([, min]) => people >= min);
  if (first !== undefined) {
    reasons.push({
      grade: first[0],
      criterion: `${first[2]}（${people.toLocaleString('en-US')}人）`,
      citation: `${ANNEX} ${SECTION[first[0]]}`,
    });
  }
  const byLoss = loss === undefined ? undefined : LOSS_FEN.find(([, min]) => loss >= min);
  if (byLoss !== undefined) reasons.push({ grade: byLoss[0], criterion: byLoss[2], citation: `${ANNEX} ${SECTION[byLoss[0]]}` });
  for (const other of others) reasons.push({ grade: other.grade, criterion: other.criterion, citation: other.citation });
  reasons.sort((a, b) => rank(b.grade) - rank(a.grade));
  const grade = reasons[0]?.grade ?? 'general';
  if (reasons.length === 0) {
    reasons.push({ grade: 'general', criterion: '未达到较大网络安全事件标准', citation: `${ANNEX} ${SECTION.general}` });
  }
  return { grade, name: CN_GRADE_NAMES[grade], reportable: rank(grade) >= rank('relatively-major'), reasons };
}

/** A count grading reads: a safe integer >= 0, else `INCIDENTS_INVALID_COUNT` naming the path. */
function count(path: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const received = typeof value === 'number' ? String(value) : typeof value;
  throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `${path}: expected a whole number >= 0, received ${received}`, {
    details: { path },
  });
}

/** True when `a` is at least `b`. */
export function gradeAtLeast(a: CnGrade, b: CnGrade): boolean {
  return rank(a) >= rank(b);
}
