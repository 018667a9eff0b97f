import { IncidentError, IncidentsErrorCode } from '../errors';
import type { Incident } from '../incident';
import {
  checkFormat,
  checkLocale,
  type Locale,
  type OutputFormat,
  type Rendered,
  type RenderedDocumentModel,
  renderDocument,
} from './document';
import { smsSegments } from './sms';
import { cause, list, num, tr, when } from './words';

/**
 * Customer notice channels; `public` is the public notice used when individual notice is
 * impractical (GDPR Art. 34(3)(c), Cal. Civ. Code § 1798.82(j)(3) substitute notice).
 *
 * @public
 */
export const NOTICE_CHANNELS = ['email', 'sms', 'letter', 'push', 'public'] as const;

/** @public */
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/**
 * Options for {@link renderNotice}.
 *
 * @public
 */
export interface NoticeOptions {
  readonly channel: NoticeChannel;
  readonly locale: Locale;
  readonly format: OutputFormat;
  /** The authoritative language of the notice (default `zh-CN`); other locales are labelled unofficial. */
  readonly officialLocale?: Locale;
  /** The addressee, for email and letter (`尊敬的会员` / `Dear member` when omitted). */
  readonly recipientName?: string;
  /**
   * For SMS and push: an `https:` link to the full notice (the email, letter or public notice
   * rendered from the same record), added after the Art. 57 items. It supplements them and never
   * replaces them: see {@link renderNotice}. At most 200 characters, no spaces.
   */
  readonly detailsUrl?: string;
}

/** The longest e-mail subject or push title {@link renderNotice} returns, in characters. */
const MAX_SUBJECT_LENGTH = 200;

/**
 * Text for a one-line field such as an e-mail subject: every control character (C0, DEL, C1),
 * line or paragraph separator becomes a space, runs of whitespace collapse to one, and text
 * longer than `max` characters (code points) is cut and ends with `…`.
 */
function oneLine(text: string, max: number): string {
  const flat = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Renders a customer notice with what PIPL Art. 57 para. 1 and GDPR Art. 34(2) require: what
 * happened and to which information, the cause, the possible harm, what the operator did, what
 * the person can do, and whom to contact.
 *
 * SMS and push are condensed into one paragraph but still carry every item Art. 57 lists: the
 * information involved, the cause, the possible harm, the measures taken, what the person can
 * do, and the contact. A link alone never stands in for them (Art. 57 lists what the notice
 * itself contains, and no rule of the CAC says a link to it suffices); `detailsUrl` adds a link
 * to the full notice for everything else (when it was discovered, the operator's DPO, …). An SMS
 * result reports its length in segments (`sms`): Chinese text is sent as UCS-2, 70 characters in
 * one segment and 67 per part once concatenated. Every record value is escaped for the format;
 * the e-mail subject / push title (`subject`) is a single line without control characters, at
 * most 200 characters.
 *
 * @throws {@link IncidentError} `INCIDENTS_UNKNOWN_TEMPLATE` for an unknown channel, locale or format.
 * @throws `TypeError` for a `detailsUrl` that is not an `https:` URL of at most 200 characters without spaces.
 *
 * @example
 * ```ts
 * import { renderNotice } from '@aisle/incidents';
 *
 * const sms = renderNotice(incident, { channel: 'sms', locale: 'zh-CN', format: 'markdown' });
 * const email = renderNotice(incident, { channel: 'email', locale: 'en', format: 'html' }); // email.subject, email.unofficial
 * ```
 *
 * @public
 */
export function renderNotice(incident: Incident, options: NoticeOptions): Rendered {
  const l = checkLocale(options.locale);
  const format = checkFormat(options.format);
  if (!(NOTICE_CHANNELS as readonly string[]).includes(options.channel)) {
    throw new IncidentError(IncidentsErrorCode.UNKNOWN_TEMPLATE, `Unknown notice channel: ${JSON.stringify(options.channel)}`);
  }
  const r = incident.record;
  const official = checkLocale(options.officialLocale ?? 'zh-CN');
  const unofficial = l !== official;
  const categories = list(r.personalInformation.categories, l);
  const subject = tr(
    l,
    `【${r.operator.name}】关于您个人信息安全事件的通知`,
    `${r.operator.name}: notice of an incident affecting your personal information`,
  );
  // The e-mail subject and push title go into a header or a one-line field: never a line break
  // (CR/LF would let record text add e-mail headers), never a control character, bounded length.
  const headerSubject = oneLine(subject, MAX_SUBJECT_LENGTH);
  const measures = list([...r.containment.map((c) => c.action), ...r.remedies], l);
  const actions = list(r.individualActions, l);
  const harm = r.risk.likelyConsequences ?? tr(l, '仍在评估', 'still being assessed');
  const short = options.channel === 'sms' || options.channel === 'push';
  const details = detailsUrl(options.detailsUrl);
  const why = cause(r, l);
  const sections: RenderedDocumentModel['sections'] = short
    ? [
        {
          heading: '',
          items: [
            {
              value: tr(
                l,
                `我们发现涉及您的${categories}可能泄露。原因：${why}。可能的危害：${harm}。已采取：${measures}。建议您：${actions}。咨询：${r.operator.contact}${details === undefined ? '' : `。详情：${details}`}`,
                `Your ${categories} may have been exposed. Cause: ${why}. Possible harm: ${harm}. We have: ${measures}. Please: ${actions}. Contact: ${r.operator.contact}${details === undefined ? '' : `. Details: ${details}`}`,
              ),
            },
          ],
        },
      ]
    : [
        {
          heading: tr(l, '发生了什么', 'What happened'),
          items: [
            ...(options.channel === 'public'
              ? []
              : [{ value: tr(l, `${options.recipientName ?? '尊敬的会员'}：`, `${options.recipientName ?? 'Dear member'},`) }]),
            { value: r.summary },
            { label: tr(l, '发现时间', 'Discovered'), value: when(r.discovered.at, r.zone, l) },
            { label: tr(l, '涉及的信息种类', 'Information involved'), value: categories },
            ...(options.channel === 'public'
              ? [{ label: tr(l, '涉及人数', 'People affected'), value: num(r.personalInformation.people) }]
              : []),
            { label: tr(l, '原因', 'Cause'), value: why },
            { label: tr(l, '可能造成的危害', 'Possible harm'), value: harm },
          ],
        },
        { heading: tr(l, '我们采取的措施', 'What we have done'), items: [{ value: measures }] },
        { heading: tr(l, '您可以采取的措施', 'What you can do'), items: [{ value: actions }] },
        {
          heading: tr(l, '联系我们', 'How to contact us'),
          items: [{ value: r.operator.dpo === undefined ? r.operator.contact : `${r.operator.contact}; ${r.operator.dpo}` }],
        },
      ];
  const doc: RenderedDocumentModel = {
    kind: `notice-${options.channel}`,
    locale: l,
    title:
      options.channel === 'public'
        ? tr(l, `${r.operator.name}关于个人信息安全事件的公告`, `${r.operator.name}: public notice of a personal information incident`)
        : subject,
    unofficial,
    ...(unofficial
      ? { label: tr(l, '非官方译文，仅供参考；以原文为准。', 'Unofficial translation for reference only; the original prevails.') }
      : {}),
    sections,
  };
  return renderDocument(
    doc,
    format,
    options.channel === 'email' || options.channel === 'push' ? headerSubject : undefined,
    options.channel === 'sms' ? smsSegments : undefined,
  );
}

/** A checked `detailsUrl`: https only (an SMS link is the first thing phishers copy), bounded, no spaces. */
function detailsUrl(url: unknown): string | undefined {
  if (url === undefined) return undefined;
  if (typeof url !== 'string' || url.length > 200 || !/^https:\/\/[^\s/?#]+[^\s]*$/.test(url)) {
    throw new TypeError('detailsUrl must be an https: URL of at most 200 characters without spaces');
  }
  return url;
}
