import { IncidentError, IncidentsErrorCode } from './errors';
import type { IncidentRecord } from './schema';

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
 * change (grading is a pure function of the record).
 *
 * @throws {@link IncidentError} `INCIDENTS_INVALID_COUNT` when `people` or `economicLossFen` is not a
 * whole number of at least 0 (it used to grade NaN as general); `TypeError` when `input` or
 * `otherCriteria` has the wrong shape.
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
  if (typeof input !== 'object' || input === null || typeof input.personalInformation !== 'object' || input.personalInformation === null) {
    throw new TypeError('gradeCN(input): expected { personalInformation: { people }, economicLossFen?, otherCriteria? }');
  }
  const reasons: GradeReason[] = [];
  const people = input.personalInformation.people;
  // A count that is not a whole number (NaN, -4, 0.5, '7') would silently grade as general.
  if (!Number.isSafeInteger(people) || people < 0) {
    throw new IncidentError(
      IncidentsErrorCode.INVALID_COUNT,
      `personalInformation.people: expected a whole number >= 0, received ${describe(people)}`,
    );
  }
  if (input.economicLossFen !== undefined && (!Number.isSafeInteger(input.economicLossFen) || input.economicLossFen < 0)) {
    throw new IncidentError(
      IncidentsErrorCode.INVALID_COUNT,
      `economicLossFen: expected whole fen >= 0, received ${describe(input.economicLossFen)}`,
    );
  }
  const others: unknown = input.otherCriteria;
  if (
    others !== undefined &&
    !(
      Array.isArray(others) &&
      others.every(
        (o: Partial<GradeReason> | null) =>
          typeof o === 'object' &&
          o !== null &&
          (CN_GRADES as readonly unknown[]).includes(o.grade) &&
          typeof o.criterion === 'string' &&
          typeof o.citation === 'string',
      )
    )
  ) {
    throw new TypeError('gradeCN(input): otherCriteria must be an array of { grade, criterion, citation }');
  }
  const first = PEOPLE.find(([, min]) => people >= min);
  if (first !== undefined) {
    reasons.push({
      grade: first[0],
      criterion: `${first[2]}（${people.toLocaleString('en-US')}人）`,
      citation: `${ANNEX} ${SECTION[first[0]]}`,
    });
  }
  const loss = input.economicLossFen;
  const byLoss = loss === undefined ? undefined : LOSS_FEN.find(([, min]) => loss >= min);
  if (byLoss !== undefined) reasons.push({ grade: byLoss[0], criterion: byLoss[2], citation: `${ANNEX} ${SECTION[byLoss[0]]}` });
  for (const other of input.otherCriteria ?? []) reasons.push({ grade: other.grade, criterion: other.criterion, citation: other.citation });
  reasons.sort((a, b) => rank(b.grade) - rank(a.grade));
  const grade = reasons[0]?.grade ?? 'general';
  if (reasons.length === 0) {
    reasons.push({ grade: 'general', criterion: '未达到较大网络安全事件标准', citation: `${ANNEX} ${SECTION.general}` });
  }
  return { grade, name: CN_GRADE_NAMES[grade], reportable: rank(grade) >= rank('relatively-major'), reasons };
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/** True when `a` is at least `b`. */
export function gradeAtLeast(a: CnGrade, b: CnGrade): boolean {
  return rank(a) >= rank(b);
}
