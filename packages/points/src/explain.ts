import type { Contribution, Evaluation, SkippedRule } from './evaluation';
import type { CompiledRules } from './rules/compile';

/** Formats fen as yuan with two decimals (`12345` → `123.45`). */
export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const MODE_EN = { floor: 'rounded down', ceil: 'rounded up', 'half-up': 'rounded half up', 'half-even': 'rounded half to even' } as const;
const MODE_ZH = { floor: '向下取整', ceil: '向上取整', 'half-up': '四舍五入', 'half-even': '银行家舍入' } as const;
const CAP_EN = {
  perTransaction: 'per-transaction cap',
  perDay: 'daily cap',
  perMonth: 'monthly cap',
  perMemberPerCampaign: 'campaign cap per member',
  campaignBudget: 'campaign budget',
  perReceipt: 'per-receipt cap across all rules',
  perMemberPerDay: 'daily cap per member across all rules',
  perMemberPerMonth: 'monthly cap per member across all rules',
} as const;
const CAP_ZH = {
  perTransaction: '单笔上限',
  perDay: '每日上限',
  perMonth: '每月上限',
  perMemberPerCampaign: '活动每人上限',
  campaignBudget: '活动总预算',
  perReceipt: '全部规则单笔上限',
  perMemberPerDay: '全部规则每人每日上限',
  perMemberPerMonth: '全部规则每人每月上限',
} as const;

const SKIPPED: Partial<Record<SkippedRule['reason'], [string, string]>> = {
  group: ['a better offer of the same kind applied', '已适用同类更优活动'],
  once: ['already granted to this member', '该会员已享受过'],
  superseded: ['a higher-priority base rate applied', '已适用优先级更高的基础积分规则'],
};

/** Clerk-readable lines in English and Chinese for an evaluation (built by `evaluate` in `full` detail). */
export function explain(evaluation: Evaluation, compiled: CompiledRules): { en: string[]; zh: string[] } {
  const names = new Map(compiled.ruleset.rules.map((r) => [r.id, r.name]));
  const en: string[] = [`Eligible amount ¥${yuan(evaluation.eligibleFen)} on business date ${evaluation.businessDate}`];
  const zh: string[] = [`可积分金额 ${yuan(evaluation.eligibleFen)} 元，营业日 ${evaluation.businessDate}`];
  for (const c of evaluation.contributions) {
    // Rules that matched but gave nothing (a multiplier on a sign-up, say) would only confuse a clerk.
    if (c.points === 0 && c.uncapped === 0) continue;
    const name = names.get(c.ruleId);
    const label = { en: name?.en ?? c.ruleId, zh: name?.zh ?? c.ruleId };
    const [what, whatZh] = describe(c);
    const rounding = c.rounding.at(-1);
    // Rounded once at the end: the per-stage residues do not apply (the total line gives the exact sum).
    const residue =
      rounding === undefined || rounding.residue.startsWith('0/') || evaluation.roundedOnce !== undefined ? undefined : rounding;
    let lineEn = `${label.en} (v${c.ruleVersion}): ${what} → ${c.points} ${c.kind === 'qualifying' ? 'tier points' : 'pts'}`;
    let lineZh = `${label.zh}（第${c.ruleVersion}版）：${whatZh} → ${c.points} ${c.kind === 'qualifying' ? '定级积分' : '分'}`;
    if (residue !== undefined) {
      lineEn += ` (${MODE_EN[residue.mode]}, exact ${fraction(residue.exact)})`;
      lineZh += `（${MODE_ZH[residue.mode]}，精确值 ${fraction(residue.exact)}）`;
    }
    if (c.cappedBy !== null) {
      lineEn += `, limited from ${c.uncapped} by the ${CAP_EN[c.cappedBy]}`;
      lineZh += `，受${CAP_ZH[c.cappedBy]}限制（原 ${c.uncapped} 分）`;
    }
    en.push(lineEn);
    zh.push(lineZh);
  }
  const once = evaluation.roundedOnce;
  if (once !== undefined) {
    const mode = compiled.ruleset.rounding;
    en.push(`Rounded once at the end: exact ${fraction(once.exact)} → ${once.value} pts (${MODE_EN[mode]})`);
    zh.push(`最后统一取整：精确值 ${fraction(once.exact)} → ${once.value} 分（${MODE_ZH[mode]}）`);
  }
  const cut = evaluation.receiptCap;
  if (cut !== undefined) {
    const from = cut.taken.map((t) => `${names.get(t.ruleId)?.en ?? t.ruleId} −${t.points}`).join(', ');
    const fromZh = cut.taken.map((t) => `${names.get(t.ruleId)?.zh ?? t.ruleId} −${t.points}`).join('，');
    en.push(`The ${CAP_EN[cut.by]} left ${cut.room} pts: ${cut.requested} → ${cut.granted} (${from})`);
    zh.push(`${CAP_ZH[cut.by]}剩余 ${cut.room} 分：${cut.requested} → ${cut.granted}（${fromZh}）`);
  }
  for (const skipped of evaluation.skipped) {
    const why = SKIPPED[skipped.reason];
    if (why === undefined) continue;
    const name = names.get(skipped.ruleId);
    en.push(`${name?.en ?? skipped.ruleId}: not applied (${why[0]})`);
    zh.push(`${name?.zh ?? skipped.ruleId}：未适用（${why[1]}）`);
  }
  en.push(`Total: ${evaluation.points} points${evaluation.qualifyingPoints > 0 ? `, ${evaluation.qualifyingPoints} tier points` : ''}`);
  zh.push(`合计：${evaluation.points} 分${evaluation.qualifyingPoints > 0 ? `，定级积分 ${evaluation.qualifyingPoints}` : ''}`);
  return { en, zh };
}

function describe(c: Contribution): [string, string] {
  switch (c.effect) {
    case 'base': {
      const rate = c.rate as { points: number; perFen: number };
      return [
        `${rate.points} pt per ¥${yuan(rate.perFen)} on ¥${yuan(c.eligibleFen)}`,
        `每 ${yuan(rate.perFen)} 元积 ${rate.points} 分，金额 ${yuan(c.eligibleFen)} 元`,
      ];
    }
    case 'multiplier': {
      const factors = c.multipliers.map((m) => `×${m.factor}`).join(' ');
      return [`${factors} on base points of ¥${yuan(c.eligibleFen)}`, `基础积分${factors}（金额 ${yuan(c.eligibleFen)} 元）`];
    }
    case 'fixed':
      return ['bonus', '奖励积分'];
    case 'perItem':
      return [
        `extra on ${c.lines.length} item line(s), ¥${yuan(c.eligibleFen)}`,
        `${c.lines.length} 个商品行额外积分，金额 ${yuan(c.eligibleFen)} 元`,
      ];
    case 'topUpBonus':
      return [`top-up bonus on ¥${yuan(c.eligibleFen)}`, `储值 ${yuan(c.eligibleFen)} 元赠送积分`];
    default:
      return [`tier credit on ¥${yuan(c.eligibleFen)}`, `定级积分，金额 ${yuan(c.eligibleFen)} 元`];
  }
}

function fraction(text: string): string {
  const [num, den] = text.split('/').map(BigInt) as [bigint, bigint];
  const whole = num / den;
  const hundredths = ((num - whole * den) * 100n) / den;
  return `${whole}.${String(hundredths).padStart(2, '0')}`;
}
