import { localParts } from '@aisle/core';
import { CAUSE_CATEGORIES } from '../categories';
import { CN_GRADE_NAMES, gradeCN } from '../grading';
import type { IncidentRecord } from '../record';
import type { Locale } from './document';

/** Picks the text for a locale. */
export const tr = (locale: Locale, zh: string, en: string): string => (locale === 'zh-CN' ? zh : en);

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as local time in the record's zone, with the offset and zone spelled out. */
export function when(at: string | undefined, zone: string, locale: Locale): string {
  if (at === undefined) return tr(locale, '未知', 'unknown');
  const p = localParts(at, zone);
  const offset = p.offsetMinutes;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}, ${zone})`;
}

export const num = (n: number) => n.toLocaleString('en-US');

export function list(items: readonly string[], locale: Locale): string {
  return items.length === 0 ? tr(locale, '无', 'none') : items.join(tr(locale, '、', ', '));
}

export function cause(record: IncidentRecord, locale: Locale): string {
  const category = CAUSE_CATEGORIES[record.cause.category];
  const name = tr(locale, category.zh, category.en);
  const sub = record.cause.subcategory === undefined ? '' : ` / ${record.cause.subcategory}`;
  const known = record.cause.known
    ? ''
    : tr(locale, '（原因尚在调查，将及时补报）', ' (cause still under investigation; to be supplemented)');
  const detail = record.cause.description === undefined ? '' : tr(locale, `：${record.cause.description}`, `: ${record.cause.description}`);
  return `${name}${sub}${detail}${known}`;
}

export function scale(record: IncidentRecord, locale: Locale): string {
  const pi = record.personalInformation;
  return tr(
    locale,
    `涉及 ${num(pi.people)} 人、${num(pi.records)} 条记录；其中敏感个人信息 ${num(pi.sensitivePeople)} 人，不满十四周岁未成年人 ${num(pi.minors)} 人`,
    `${num(pi.people)} people and ${num(pi.records)} records; sensitive personal information of ${num(pi.sensitivePeople)} people; ${num(pi.minors)} minors under 14`,
  );
}

export function grade(record: IncidentRecord, locale: Locale): string {
  const g = gradeCN(record);
  const name = CN_GRADE_NAMES[g.grade];
  return `${tr(locale, name.zh, `${name.en} (${name.zh})`)} — ${g.reasons.map((r) => `${r.criterion} [${r.citation}]`).join('; ')}`;
}

const STATUS: Readonly<Record<IncidentRecord['status'], string>> = {
  detected: '已发现',
  triaged: '已研判',
  contained: '已控制',
  reported: '已报告',
  notified: '已通知',
  closed: '已关闭',
};

export const status = (record: IncidentRecord, locale: Locale): string => tr(locale, STATUS[record.status], record.status);
