import { encodeUtf8 } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ResolvedPurpose } from '../catalogue';
import type { ConsentStatus } from '../decide';
import type { Notice } from '../notice';
import { DATA_CATEGORY_LABELS } from '../vocabulary';
import { type FlowLocale, MESSAGES, type MessageKey } from './messages';

/** One text a step displays, with the SHA-256 (hex) of its UTF-8 bytes: the evidence of what was shown. */
export interface FlowText {
  /** Where the text comes from: a message key, or `purpose:<id>:name` and the like. */
  readonly key: string;
  readonly text: string;
  readonly hash: string;
}

/** What a flow is for. Withdrawal and "manage my choices" are as short as giving. */
export type FlowKind = 'sign-up' | 'manage' | 'withdraw';

/** The kinds of step a flow shows, in this order. */
export type FlowStepKind = 'guardian' | 'notice' | 'basic' | 'reconsent' | 'extended' | 'sensitive' | 'review' | 'manage' | 'withdraw';

/** One purpose the customer decides on (a box, a switch, or the accept/decline of a sensitive step). */
export interface FlowChoice {
  readonly purposeId: string;
  readonly name: FlowText;
  readonly description: FlowText;
  /** Labels of the sensitive categories (sensitive steps) or of all categories. */
  readonly categories: readonly FlowText[];
  /** The decision before the flow (`never-asked`, `needs-reconsent`, `given`, …). */
  readonly before: ConsentStatus;
  /** Whether the box is ticked now: never ticked in advance in a sign-up; the standing consent in "manage". */
  readonly checked: boolean;
  /** Whether the customer has acted on it (a sensitive step needs an explicit answer). */
  readonly answered: boolean;
}

/** A purpose the service needs, explained (with its legal basis), not ticked by the customer. */
export interface FlowExplained {
  readonly purposeId: string;
  readonly name: FlowText;
  readonly description: FlowText;
  readonly basis: FlowText;
  /** True when its basis is consent: the step's "agree" gives it (a basic function, never an extended one). */
  readonly needsConsent: boolean;
}

/** One screen of a flow. Everything it displays is a {@link FlowText}. */
export interface FlowStep {
  /** Stable within the flow: `notice`, `extended`, `sensitive:<purposeId>`, … */
  readonly id: string;
  readonly kind: FlowStepKind;
  readonly title: FlowText;
  /** Paragraphs, in display order. */
  readonly body: readonly FlowText[];
  readonly explained: readonly FlowExplained[];
  readonly choices: readonly FlowChoice[];
  /** Labels of the step's actions, by action (`next`, `back`, `agree`, `accept`, `decline`, `submit`, `save`, `withdraw`, guardian relationships). */
  readonly actions: readonly { readonly action: string; readonly label: FlowText }[];
}

/** Builds texts for one locale, hashing each once. */
export function textMaker(locale: FlowLocale): {
  msg(key: MessageKey): FlowText;
  raw(key: string, text: string): FlowText;
} {
  const messages = MESSAGES[locale];
  const raw = (key: string, text: string): FlowText => Object.freeze({ key, text, hash: bytesToHex(sha256(encodeUtf8(text))) });
  return { msg: (key) => raw(key, messages[key]), raw };
}

/** The texts of one purpose in a locale. */
export function purposeTexts(
  t: ReturnType<typeof textMaker>,
  purpose: ResolvedPurpose,
  locale: FlowLocale,
  sensitiveOnly: boolean,
): Pick<FlowChoice, 'name' | 'description' | 'categories'> {
  const categories = (sensitiveOnly ? purpose.sensitiveCategories : purpose.categories).map((category) => {
    const label = Object.hasOwn(DATA_CATEGORY_LABELS, category)
      ? DATA_CATEGORY_LABELS[category as keyof typeof DATA_CATEGORY_LABELS][locale]
      : category;
    return t.raw(`category:${category}`, label);
  });
  let description = purpose.description[locale];
  if (purpose.recipients !== undefined && purpose.recipients.length > 0) {
    const sep = locale === 'zh-CN' ? '；接收方：' : ' Recipients: ';
    description += sep + purpose.recipients.map((r) => `${r.name}${r.country === undefined ? '' : ` (${r.country})`}`).join(', ');
  }
  return {
    name: t.raw(`purpose:${purpose.id}:name`, purpose.name[locale]),
    description: t.raw(`purpose:${purpose.id}:description`, description),
    categories,
  };
}

/** The notice step: the notice's own text, its version and the start of its hash. */
export function noticeStep(t: ReturnType<typeof textMaker>, notice: Notice, locale: FlowLocale, actions: FlowStep['actions']): FlowStep {
  return step(
    'notice',
    'notice',
    t.msg('notice.title'),
    [
      t.raw('notice:text', notice.text[locale]),
      t.raw('notice:version', `${MESSAGES[locale]['notice.version']} ${notice.version} · ${notice.contentHash.slice(0, 12)}`),
    ],
    [],
    [],
    actions,
  );
}

/** A frozen step. */
export function step(
  id: string,
  kind: FlowStepKind,
  title: FlowText,
  body: readonly FlowText[],
  explained: readonly FlowExplained[],
  choices: readonly FlowChoice[],
  actions: FlowStep['actions'],
): FlowStep {
  return Object.freeze({
    id,
    kind,
    title,
    body: Object.freeze([...body]),
    explained: Object.freeze([...explained]),
    choices: Object.freeze([...choices]),
    actions,
  });
}

/** Every text a step displays, in display order: the evidence of the step. */
export function stepTexts(s: FlowStep): FlowText[] {
  const out: FlowText[] = [s.title, ...s.body];
  for (const e of s.explained) out.push(e.name, e.description, e.basis);
  for (const c of s.choices) out.push(c.name, c.description, ...c.categories);
  for (const a of s.actions) out.push(a.label);
  return out;
}
