import { describe, expect, it } from 'vitest';
import {
  createConsentState,
  type Decision,
  type DecisionReasonCode,
  decide,
  describeFlowViolation,
  describeReason,
  dueErasures,
  shouldAsk,
  validateConsentFlow,
} from '../src/index';
import { catalogue, event, NOTICE } from './fixtures';

const at = '2026-11-22T10:00:00+08:00';
const stateOf = (...events: ReturnType<typeof event>[]) => {
  const state = createConsentState({ catalogue });
  for (const e of events) state.apply(e);
  return state.subject('psn_a');
};
const CJK = /[\u4e00-\u9fff]/;

/** One decision for every reason code, through `decide`. */
function decisions(): Map<DecisionReasonCode, Decision> {
  const expanded = {
    ...catalogue,
    get: (id: string) => (id === 'marketing.sms' ? { ...catalogue.get(id), reconsentSince: 2 } : catalogue.get(id)),
  } as typeof catalogue;
  const given = event();
  const list: Decision[] = [
    decide({ catalogue, purposeId: 'marketing.sms', at, consent: undefined }),
    decide({ catalogue, purposeId: 'membership', at, consent: undefined }),
    decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(given) }),
    ...(['refused', 'withdrawn', 'expired'] as const).map((type) =>
      decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(given, event({ type, at: '2026-11-21T11:00:00+08:00' })) }),
    ),
    decide({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(event({ expiresAt: '2026-11-22T00:00:00+08:00' })) }),
    decide({ catalogue, purposeId: 'face.check-in', at, consent: stateOf(event({ purposes: ['face.check-in'], consentType: 'general' })) }),
    decide({ catalogue: expanded, purposeId: 'marketing.sms', at, consent: stateOf(event({ notice: NOTICE })) }),
    decide({ catalogue, purposeId: 'kids-club', at, consent: stateOf(event({ purposes: ['kids-club'], consentType: 'separate' })) }),
  ];
  return new Map(list.map((d) => [d.reasonCode, d]));
}

describe('decision reasons', () => {
  it('every decision carries a stable reason code whose English text is its reason', () => {
    const byCode = decisions();
    expect([...byCode.keys()].sort()).toEqual(
      [
        'bundled-consent',
        'expired',
        'given',
        'lapsed',
        'needs-guardian',
        'never-asked',
        'not-required',
        'refused',
        'scope-changed',
        'withdrawn',
      ].sort(),
    );
    for (const [code, decision] of byCode) {
      expect(describeReason(code)).toBe(decision.reason);
      expect(describeReason(decision, 'en')).toBe(decision.reason);
    }
    expect(byCode.get('needs-guardian')?.state).toBe('needs-guardian');
    expect(byCode.get('bundled-consent')?.state).toBe('needs-reconsent');
    expect(byCode.get('lapsed')?.state).toBe('expired');
  });

  it('puts every reason into Chinese, naming the same clause of PIPL', () => {
    const texts = new Set<string>();
    for (const [code, decision] of decisions()) {
      const zh = describeReason(decision, 'zh-CN');
      expect(zh, code).toMatch(CJK);
      expect(zh).toBe(describeReason(code, 'zh-CN'));
      texts.add(zh);
      const article = /PIPL Art\. (\d+)/.exec(decision.reason)?.[1];
      const chinese = [
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '十三',
        '十四',
        '十五',
        '十六',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '二十九',
        '',
        '三十一',
      ];
      if (article !== undefined) expect(zh).toContain(`《个人信息保护法》第${chinese[Number(article)]}条`);
    }
    expect(texts.size).toBe(10);
    expect(describeReason('needs-guardian', 'zh-CN')).toBe(
      '个人未满十四周岁：须取得其父母或其他监护人的同意（《个人信息保护法》第三十一条）',
    );
  });

  it('refuses an unknown code or locale', () => {
    expect(() => describeReason('nope' as DecisionReasonCode)).toThrow(RangeError);
    expect(() => describeReason('constructor' as DecisionReasonCode, 'zh-CN')).toThrow(RangeError);
    expect(() => describeReason('given', 'fr' as 'en')).toThrow(RangeError);
  });
});

describe('ask reasons', () => {
  const refusedAt = '2026-11-21T10:00:00+08:00';
  const refused = stateOf(event({ type: 'refused', at: refusedAt }));

  it('each advice has a code; describeReason gives its text in both languages', () => {
    const cases = [
      [
        shouldAsk({ catalogue, purposeId: 'marketing.sms', at: refusedAt, consent: undefined, gates: 'membership' }),
        'extended-gates-basic',
      ],
      [shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: stateOf(event()) }), 'consent-stands'],
      [shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: refused, initiatedBy: 'customer' }), 'customer-started'],
      [
        shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: refused, policy: { coolDown: 'customer-initiated' } }),
        'customer-initiated-only',
      ],
      [shouldAsk({ catalogue, purposeId: 'marketing.sms', at: '2026-11-21T12:00:00+08:00', consent: refused }), 'cool-down'],
      [shouldAsk({ catalogue, purposeId: 'marketing.sms', at: '2026-11-25T12:00:00+08:00', consent: refused }), 'cool-down-passed'],
      [shouldAsk({ catalogue, purposeId: 'marketing.sms', at, consent: undefined }), 'never-asked'],
      [shouldAsk({ catalogue, purposeId: 'membership', at, consent: undefined }), 'not-required'],
    ] as const;
    for (const [advice, code] of cases) {
      expect(advice.reasonCode).toBe(code);
      expect(describeReason(advice, 'en')).toBe(advice.reason);
      expect(describeReason(advice, 'zh-CN')).toMatch(CJK);
    }
    const [gated] = cases[0];
    expect(gated.gates).toBe('membership');
    expect(gated.reason).toBe(
      'Extended purpose marketing.sms must not be a condition of basic function membership: ask on its own (PIPL Art. 16; GB/T 35273-2020 §5.3)',
    );
    expect(describeReason(gated, 'zh-CN')).toBe(
      '扩展业务功能的目的 marketing.sms 不得作为基本业务功能 membership 的前提：应单独征求同意（《个人信息保护法》第十六条；GB/T 35273-2020 第 5.3 条）',
    );
    expect(describeReason(cases[4][0], 'zh-CN')).toBe('同意被拒绝：冷静期结束前不要再次征求');
  });
});

describe('flow violations and erasure reasons', () => {
  it('describes each flow violation in both languages from its code and facts', () => {
    const violations = validateConsentFlow({
      catalogue,
      flow: {
        items: [
          { purposeId: 'marketing.sms', preTicked: true, required: true, separate: true },
          { purposeId: 'face.check-in', preTicked: false, required: false, separate: false },
          { purposeId: 'nope', preTicked: false, required: false, separate: true },
        ],
        withdrawal: { path: 'Me > Privacy', steps: 5 },
        consentSteps: 1,
      },
    });
    expect(violations.map((v) => v.code)).toEqual([
      'pre-ticked',
      'extended-required',
      'sensitive-not-separate',
      'unknown-purpose',
      'withdrawal-harder',
    ]);
    for (const violation of violations) {
      expect(describeFlowViolation(violation)).toBe(violation.message);
      expect(describeFlowViolation(violation, 'zh-CN')).toMatch(CJK);
    }
    expect(violations.map((v) => describeFlowViolation(v, 'zh-CN'))).toEqual([
      'marketing.sms 的勾选框被预先勾选：同意必须由个人主动作出',
      '扩展业务功能的目的 marketing.sms 被设为使用基本业务功能的必选项',
      '敏感个人信息的处理目的 face.check-in（biometric）须取得单独同意',
      '目的 nope 不在告知所依据的目录中：无法向顾客告知该目的',
      '撤回同意需要 5 步，作出同意只需 1 步：撤回应与作出同意同样便捷',
    ]);
  });

  it('writes erasure reasons in the locale asked for', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ at: '2026-11-01T10:00:00+08:00' }));
    state.apply(event({ type: 'withdrawn', at: '2026-11-02T10:00:00+08:00' }));
    const input = { catalogue, subjects: state.subjects.values(), at: '2026-11-21T00:00:00+08:00' };
    const [en] = dueErasures(input);
    const [zh] = dueErasures({ ...input, subjects: state.subjects.values(), locale: 'zh-CN' });
    expect(en?.reason).toBe('marketing.sms: consent was withdrawn; delete (PIPL Art. 47)');
    expect(zh?.reason).toBe('marketing.sms：同意已撤回；删除（《个人信息保护法》第四十七条）');
    expect({ ...zh, reason: '' }).toEqual({ ...en, reason: '' });
    expect(() => dueErasures({ ...input, locale: 'fr' as 'en' })).toThrow(RangeError);
  });
});
