import { IncidentError, IncidentsErrorCode } from '../errors';
import type { Incident } from '../incident';
import type { IncidentRecord } from '../record';
import {
  checkFormat,
  checkLocale,
  type Locale,
  type OutputFormat,
  type Rendered,
  type RenderedDocumentModel,
  renderDocument,
} from './document';
import { cause, grade, list, num, scale, status, tr, when } from './words';

/**
 * The regulator reports: the CN Measures report (Art. 5 contents), the PIPL Art. 57 notice to
 * the authority, the GDPR Art. 33(3) notification and the three NIS2 Art. 23(4) stages.
 *
 * @public
 */
export const REPORT_KINDS = ['cn-regulator', 'pipl-57', 'gdpr-33', 'nis2-early-warning', 'nis2-notification', 'nis2-final'] as const;

/** @public */
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Options for {@link renderReport}.
 *
 * @public
 */
export interface ReportOptions {
  readonly kind: ReportKind;
  readonly locale: Locale;
  readonly format: OutputFormat;
}

type Section = RenderedDocumentModel['sections'][number];
type Item = Section['items'][number];
const item = (label: string, value: string): Item => ({ label, value });

function systems(r: IncidentRecord, l: Locale): string {
  if (r.systems.length === 0) return tr(l, '无', 'none');
  return r.systems
    .map((s) => {
      const linked = s.interconnected.map((i) => `${i.name}: ${i.impact}`).join('; ');
      return `${s.name}: ${s.impact}${linked === '' ? '' : tr(l, `（关联系统：${linked}）`, ` (interconnected: ${linked})`)}`;
    })
    .join(tr(l, '；', '; '));
}

const containment = (r: IncidentRecord, l: Locale) =>
  r.containment.length === 0
    ? tr(l, '尚未采取', 'none yet')
    : r.containment.map((c) => `${when(c.at, r.zone, l)} ${c.action} (${c.by})`).join(tr(l, '；', '; '));
const police = (r: IncidentRecord, l: Locale) =>
  r.lawEnforcement.length === 0
    ? tr(l, '未报案', 'not contacted')
    : r.lawEnforcement.map((c) => `${when(c.at, r.zone, l)} ${c.whom}`).join(tr(l, '；', '; '));
const crossBorder = (r: IncidentRecord, l: Locale) =>
  r.crossBorder.involved
    ? tr(l, `涉及：${list(r.crossBorder.countries, l)}`, `yes: ${list(r.crossBorder.countries, l)}`)
    : tr(l, '不涉及', 'no');
const consequences = (r: IncidentRecord, l: Locale) => r.risk.likelyConsequences ?? tr(l, '评估中', 'under assessment');

function cnRegulator(r: IncidentRecord, l: Locale): Section[] {
  return [
    {
      heading: tr(l, '（一）事发单位及设施、系统、平台基本情况', '(1) Operator and the facilities, systems and platforms involved'),
      items: [item(tr(l, '单位', 'Operator'), r.operator.name), item(tr(l, '系统', 'Systems'), systems(r, l))],
    },
    {
      heading: tr(l, '（二）发现/发生时间、地点、类型、影响和危害、已采取措施', '(2) Time, place, type, impact and harm, measures taken'),
      items: [
        item(tr(l, '发生时间', 'Occurred'), when(r.occurredAt, r.zone, l)),
        item(tr(l, '发现时间', 'Discovered'), `${when(r.discovered.at, r.zone, l)} — ${r.discovered.by}`),
        item(tr(l, '地点', 'Where'), r.discovered.where),
        item(
          tr(l, '事件类型（GB/T 20986-2023）', 'Type (GB/T 20986-2023)'),
          cause({ ...r, cause: { ...r.cause, known: true, description: undefined } }, l),
        ),
        item(tr(l, '影响范围', 'Scale'), scale(r, l)),
        item(tr(l, '个人信息种类', 'Categories of personal information'), list(r.personalInformation.categories, l)),
        item(tr(l, '已采取措施', 'Measures taken'), containment(r, l)),
      ],
    },
    {
      heading: tr(l, '（三）事态发展趋势及可能造成的影响', '(3) Trend and possible further impact'),
      items: [item(tr(l, '评估', 'Assessment'), consequences(r, l))],
    },
    {
      heading: tr(l, '（四）事件原因初步分析', '(4) Preliminary analysis of the cause'),
      items: [item(tr(l, '原因', 'Cause'), cause(r, l))],
    },
    {
      heading: tr(l, '（五）拟采取的应对措施及请求支援事项', '(5) Planned measures and support requested'),
      items: [
        item(tr(l, '措施', 'Measures'), list(r.remedies, l)),
        item(tr(l, '请求支援', 'Support requested'), r.supportRequested ?? tr(l, '无', 'none')),
      ],
    },
    {
      heading: tr(l, '（六）现场保护情况', '(6) Preservation of the scene'),
      items: [item(tr(l, '情况', 'Status'), r.evidencePreservation ?? tr(l, '未说明', 'not stated'))],
    },
    {
      heading: tr(l, '（七）其他应当报告的情况', '(7) Other matters'),
      items: [
        item(tr(l, '事件级别', 'Grade'), grade(r, l)),
        item(tr(l, '跨境', 'Cross-border'), crossBorder(r, l)),
        item(tr(l, '公安机关', 'Law enforcement'), police(r, l)),
        item(tr(l, '联系人', 'Contact'), r.operator.contact),
      ],
    },
  ];
}

function piplReport(r: IncidentRecord, l: Locale): Section[] {
  return [
    {
      heading: tr(l, '（一）信息种类、原因和可能造成的危害', '(1) Categories of information, cause and possible harm'),
      items: [
        item(tr(l, '信息种类', 'Categories'), list(r.personalInformation.categories, l)),
        item(tr(l, '规模', 'Scale'), scale(r, l)),
        item(tr(l, '原因', 'Cause'), cause(r, l)),
        item(tr(l, '可能的危害', 'Possible harm'), consequences(r, l)),
      ],
    },
    {
      heading: tr(l, '（二）补救措施和个人可以采取的减轻危害的措施', '(2) Remedial measures, and what individuals can do to reduce harm'),
      items: [
        item(tr(l, '补救措施', 'Remedial measures'), list([...r.containment.map((c) => c.action), ...r.remedies], l)),
        item(tr(l, '个人可采取的措施', 'What individuals can do'), list(r.individualActions, l)),
      ],
    },
    {
      heading: tr(l, '（三）个人信息处理者的联系方式', '(3) How to contact the handler'),
      items: [item(tr(l, '联系方式', 'Contact'), r.operator.contact)],
    },
  ];
}

function gdprReport(r: IncidentRecord, l: Locale): Section[] {
  const pi = r.personalInformation;
  return [
    {
      heading: tr(l, '(a) 泄露的性质', '(a) Nature of the breach'),
      items: [
        item(tr(l, '描述', 'Description'), r.summary),
        item(tr(l, '数据主体类别与大致人数', 'Categories and approximate number of data subjects'), `${num(pi.people)}`),
        item(
          tr(l, '个人数据记录类别与大致条数', 'Categories and approximate number of records'),
          `${list(pi.categories, l)} — ${num(pi.records)}`,
        ),
        item(tr(l, '知悉时间', 'Became aware'), when(r.awareness.regimes.gdpr ?? r.awareness.awareAt, r.zone, l)),
      ],
    },
    {
      heading: tr(l, '(b) 数据保护官或联系人', '(b) Data protection officer or contact point'),
      items: [item(tr(l, '联系方式', 'Contact'), r.operator.dpo ?? r.operator.contact)],
    },
    { heading: tr(l, '(c) 可能的后果', '(c) Likely consequences'), items: [item(tr(l, '后果', 'Consequences'), consequences(r, l))] },
    {
      heading: tr(l, '(d) 已采取或拟采取的措施', '(d) Measures taken or proposed'),
      items: [item(tr(l, '措施', 'Measures'), list([...r.containment.map((c) => c.action), ...r.remedies], l))],
    },
  ];
}

function nis2Report(kind: ReportKind, r: IncidentRecord, l: Locale): Section[] {
  const malicious = ['malicious-program', 'network-attack'].includes(r.cause.category);
  const base: Section[] = [
    {
      heading: tr(l, '事件', 'Incident'),
      items: [
        item(tr(l, '描述', 'Description'), r.summary),
        item(tr(l, '知悉时间', 'Became aware'), when(r.awareness.regimes.nis2 ?? r.awareness.awareAt, r.zone, l)),
        item(
          tr(l, '疑似非法或恶意行为', 'Suspected unlawful or malicious act'),
          malicious ? tr(l, '是', 'yes') : tr(l, '尚无迹象', 'no indication so far'),
        ),
        item(tr(l, '跨境影响', 'Cross-border impact'), crossBorder(r, l)),
      ],
    },
  ];
  if (kind === 'nis2-early-warning') return base;
  base.push({
    heading: tr(l, '初步评估', 'Initial assessment'),
    items: [
      item(tr(l, '严重程度与影响', 'Severity and impact'), `${scale(r, l)}; ${systems(r, l)}`),
      item(tr(l, '原因', 'Cause'), cause(r, l)),
    ],
  });
  if (kind === 'nis2-notification') return base;
  base.push({
    heading: tr(l, '最终报告', 'Final report'),
    items: [
      item(tr(l, '威胁类型或根本原因', 'Type of threat or root cause'), cause(r, l)),
      item(
        tr(l, '已采取和正在采取的缓解措施', 'Mitigation applied and ongoing'),
        list([...r.containment.map((c) => c.action), ...r.remedies], l),
      ),
    ],
  });
  return base;
}

const TITLES: Readonly<Record<ReportKind, { zh: string; en: string; official: Locale }>> = {
  'cn-regulator': { zh: '网络安全事件报告', en: 'Cybersecurity incident report (CN Measures 2025)', official: 'zh-CN' },
  'pipl-57': {
    zh: '个人信息安全事件通知（个人信息保护法第五十七条）',
    en: 'Personal information incident notice (PIPL Art. 57)',
    official: 'zh-CN',
  },
  'gdpr-33': { zh: '个人数据泄露通知（GDPR 第33条第3款）', en: 'Personal data breach notification (GDPR Art. 33(3))', official: 'en' },
  'nis2-early-warning': { zh: 'NIS2 早期预警（第23条第4款(a)项）', en: 'NIS2 early warning (Art. 23(4)(a))', official: 'en' },
  'nis2-notification': { zh: 'NIS2 事件通知（第23条第4款(b)项）', en: 'NIS2 incident notification (Art. 23(4)(b))', official: 'en' },
  'nis2-final': { zh: 'NIS2 最终报告（第23条第4款(d)项）', en: 'NIS2 final report (Art. 23(4)(d))', official: 'en' },
};

/** The label shown on a translation. */
export function translationLabel(locale: Locale): string {
  return tr(locale, '非官方译文，仅供参考；以原文为准。', 'Unofficial translation for reference only; the Chinese original prevails.');
}

/**
 * Renders a regulator report from the incident record in zh-CN or en, as Markdown, HTML or
 * JSON. A report in a language other than its authoritative one (Chinese for CN and PIPL,
 * English for GDPR and NIS2) is labelled an unofficial translation. Every record string is
 * escaped for the output format.
 *
 * @throws {@link IncidentError} `INCIDENTS_UNKNOWN_TEMPLATE` for an unknown kind, locale or format.
 *
 * @example
 * ```ts
 * import { renderReport } from '@aisle/incidents';
 *
 * const md = renderReport(incident, { kind: 'cn-regulator', locale: 'zh-CN', format: 'markdown' });
 * const en = renderReport(incident, { kind: 'cn-regulator', locale: 'en', format: 'html' }); // en.unofficial === true
 * ```
 *
 * @public
 */
export function renderReport(incident: Incident, options: ReportOptions): Rendered {
  const locale = checkLocale(options.locale);
  const format = checkFormat(options.format);
  // Own keys only: a kind named `constructor` or `toString` must not find Object.prototype's.
  const title = Object.hasOwn(TITLES, options.kind) ? TITLES[options.kind] : undefined;
  if (title === undefined)
    throw new IncidentError(IncidentsErrorCode.UNKNOWN_TEMPLATE, `Unknown report kind: ${JSON.stringify(options.kind)}`);
  const r = incident.record;
  const sections =
    options.kind === 'cn-regulator'
      ? cnRegulator(r, locale)
      : options.kind === 'pipl-57'
        ? piplReport(r, locale)
        : options.kind === 'gdpr-33'
          ? gdprReport(r, locale)
          : nis2Report(options.kind, r, locale);
  const unofficial = locale !== title.official;
  const head: Section = {
    heading: tr(locale, '概况', 'Overview'),
    items: [
      item(tr(locale, '事件编号', 'Incident id'), r.id),
      item(tr(locale, '标题', 'Title'), r.title),
      item(tr(locale, '状态', 'Status'), status(r, locale)),
    ],
  };
  const doc: RenderedDocumentModel = {
    kind: options.kind,
    locale,
    title: tr(locale, title.zh, title.en),
    unofficial,
    ...(unofficial
      ? {
          label:
            title.official === 'zh-CN'
              ? translationLabel(locale)
              : tr(locale, '非官方译文，仅供参考；以英文原文为准。', 'Unofficial translation; the English original prevails.'),
        }
      : {}),
    sections: [head, ...sections],
  };
  return renderDocument(doc, format);
}
