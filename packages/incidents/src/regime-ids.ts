/**
 * The regimes this package computes obligations for.
 *
 * - `cn-measures-2025`: 国家网络安全事件报告管理办法 (CAC, 11 Sept 2025, in force 1 Nov 2025) and its annex 网络安全事件分级指南.
 * - `pipl-57`: 个人信息保护法 Art. 57.
 * - `gdpr`: Regulation (EU) 2016/679 Art. 33 and 34.
 * - `nis2`: Directive (EU) 2022/2555 Art. 23.
 * - `us-sec-8k`: SEC Form 8-K Item 1.05.
 * - `us-state`: US state breach-notification statutes, as data ({@link US_STATE_RULES}).
 *
 * @public
 */
export const REGIMES = ['cn-measures-2025', 'pipl-57', 'gdpr', 'nis2', 'us-sec-8k', 'us-state'] as const;

/** @public */
export type RegimeId = (typeof REGIMES)[number];

/** True for a known {@link RegimeId}. */
export function isRegime(value: unknown): value is RegimeId {
  return typeof value === 'string' && (REGIMES as readonly string[]).includes(value);
}
