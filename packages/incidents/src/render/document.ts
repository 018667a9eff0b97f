import { IncidentError, IncidentsErrorCode } from '../errors';
import type { SmsSegments } from './sms';

/**
 * The locales reports and notices are written in.
 *
 * @public
 */
export type Locale = 'zh-CN' | 'en';

/**
 * Output formats: Markdown (hostile text escaped), an HTML fragment (escaped), JSON (the
 * document model itself), plain text (for SMS, push and letters printed as text).
 *
 * @public
 */
export type OutputFormat = 'markdown' | 'html' | 'json' | 'text';

/**
 * The canonical model every report and notice is built as before it is rendered: one model,
 * three formats.
 *
 * @public
 */
export interface RenderedDocumentModel {
  readonly kind: string;
  readonly locale: Locale;
  readonly title: string;
  /** True when this locale is a translation of the authoritative text. */
  readonly unofficial: boolean;
  /** The translation label shown at the top when `unofficial`. */
  readonly label?: string;
  readonly sections: ReadonlyArray<{
    readonly heading: string;
    readonly items: ReadonlyArray<{ readonly label?: string; readonly value: string }>;
  }>;
}

/**
 * A rendered report or notice.
 *
 * @public
 */
export interface Rendered {
  readonly format: OutputFormat;
  readonly locale: Locale;
  readonly unofficial: boolean;
  /** The email subject or push title, where the channel has one. */
  readonly subject?: string;
  readonly text: string;
  readonly document: RenderedDocumentModel;
  /** For an SMS notice: the length of its plain-text body in segments (whatever `format` was asked for). */
  readonly sms?: SmsSegments;
}

export function checkLocale(locale: unknown): Locale {
  if (locale === 'zh-CN' || locale === 'en') return locale;
  throw new IncidentError(IncidentsErrorCode.UNKNOWN_TEMPLATE, `Unknown locale: ${JSON.stringify(locale)} (zh-CN or en)`);
}

export function checkFormat(format: unknown): OutputFormat {
  if (format === 'markdown' || format === 'html' || format === 'json' || format === 'text') return format;
  throw new IncidentError(IncidentsErrorCode.UNKNOWN_TEMPLATE, `Unknown format: ${JSON.stringify(format)} (markdown, html, json or text)`);
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/**
 * Escapes text for Markdown: characters that start emphasis, code, links, images, tables,
 * inline HTML or entities are backslash-escaped, a leading block marker (`#`, `-`, `+`, `>`,
 * `1.`) is neutralised, and line breaks are folded, so record text can neither add markup nor
 * start a new block.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r\n?|\n|\u2028|\u2029/g, ' ').replace(/[\\`*_{}[\]<>|~&!#]/g, (c) => `\\${c}`);
  return flat.replace(/^(\s*)([-+=]|\d+[.)])/, (_m, space: string, marker: string) => `${space}${marker.replace(/([-+=.)])$/, '\\$1')}`);
}

function toMarkdown(doc: RenderedDocumentModel): string {
  const lines = [`# ${escapeMarkdown(doc.title)}`, ''];
  if (doc.unofficial && doc.label !== undefined) lines.push(`> ${escapeMarkdown(doc.label)}`, '');
  for (const section of doc.sections) {
    if (section.heading !== '') lines.push(`## ${escapeMarkdown(section.heading)}`, '');
    for (const item of section.items) {
      lines.push(
        item.label === undefined ? escapeMarkdown(item.value) : `- **${escapeMarkdown(item.label)}**: ${escapeMarkdown(item.value)}`,
      );
    }
    lines.push('');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function toHtml(doc: RenderedDocumentModel): string {
  const out = [`<article lang="${doc.locale}" data-kind="${escapeHtml(doc.kind)}">`, `<h1>${escapeHtml(doc.title)}</h1>`];
  if (doc.unofficial && doc.label !== undefined) out.push(`<p class="unofficial-translation">${escapeHtml(doc.label)}</p>`);
  for (const section of doc.sections) {
    out.push('<section>');
    if (section.heading !== '') out.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    const labelled = section.items.filter((i) => i.label !== undefined);
    if (labelled.length > 0) {
      out.push('<dl>');
      for (const item of labelled) out.push(`<dt>${escapeHtml(item.label ?? '')}</dt><dd>${escapeHtml(item.value)}</dd>`);
      out.push('</dl>');
    }
    for (const item of section.items) if (item.label === undefined) out.push(`<p>${escapeHtml(item.value)}</p>`);
    out.push('</section>');
  }
  out.push('</article>');
  return `${out.join('\n')}\n`;
}

/** JSON that is also safe inside an HTML `<script>` block (`<`, `>`, `&` as \\u escapes). */
function toJson(doc: RenderedDocumentModel): string {
  return `${JSON.stringify(doc, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

const isControl = (code: number) => code < 0x20 || code === 0x7f;

/** Plain text: no markup to inject; control characters other than newline are dropped. */
function toText(doc: RenderedDocumentModel): string {
  const clean = (t: string) => [...t].filter((c) => c === '\n' || !isControl(c.charCodeAt(0))).join('');
  const lines = [clean(doc.title)];
  if (doc.unofficial && doc.label !== undefined) lines.push(clean(doc.label));
  for (const section of doc.sections) {
    lines.push('');
    if (section.heading !== '') lines.push(clean(section.heading));
    for (const item of section.items)
      lines.push(item.label === undefined ? clean(item.value) : `${clean(item.label)}: ${clean(item.value)}`);
  }
  return `${lines.join('\n').trim()}\n`;
}

export function renderDocument(
  doc: RenderedDocumentModel,
  format: OutputFormat,
  subject?: string,
  measure?: (plain: string) => SmsSegments,
): Rendered {
  const text = format === 'markdown' ? toMarkdown(doc) : format === 'html' ? toHtml(doc) : format === 'json' ? toJson(doc) : toText(doc);
  return Object.freeze({
    format,
    locale: doc.locale,
    unofficial: doc.unofficial,
    ...(subject === undefined ? {} : { subject }),
    text,
    document: doc,
    ...(measure === undefined ? {} : { sms: measure(toText(doc).trim()) }),
  });
}
