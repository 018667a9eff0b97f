import { assertTimeZone, localParts } from '@aisle/core';
import type { DueCheck, HistoryEntry, OpenTask } from './register-types';
import type { CustodyEvent, MediumState } from './state';

/**
 * Report languages.
 *
 * @public
 */
export type ReportLocale = 'zh-CN' | 'en';

/**
 * Options of the Markdown reports.
 *
 * @public
 */
export interface ReportOptions {
  readonly locale: ReportLocale;
  /** The zone instants are shown in (the register's). */
  readonly zone: string;
}

const CSV_COLUMNS = [
  'medium_id',
  'status',
  'kind',
  'brand',
  'model',
  'serial',
  'capacity_bytes',
  'purchased_on',
  'scope',
  'categories',
  'subjects',
  'records',
  'bytes',
  'device',
  'software',
  'made_at',
  'made_by',
  'checked_by',
  'encryption',
  'key_ref',
  'responsible',
  'permissions',
  'manifest_hash',
  'manifest_root',
  'last_check_at',
  'last_check_normal',
  'next_check_due',
  'open_rebackup_tasks',
  'accesses',
  'flagged_accesses',
  'migrated_from',
  'migrated_to',
  'retired',
  'location',
  'notes',
] as const;

/**
 * The register as CSV (RFC 4180, LF line ends, a header row): one row per medium, instants as
 * UTC ISO strings. Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) are prefixed with `'`, so a hostile serial number or note cannot
 * become a formula when the file is opened in Excel or WPS.
 *
 * @example
 * ```ts
 * import { registerCsv } from '@aisle/custody';
 *
 * const csv = registerCsv(await custody.media());
 * csv.split('\n')[0]; // 'medium_id,status,kind,…'
 * ```
 *
 * @public
 */
export function registerCsv(media: ReadonlyArray<MediumState>): string {
  const lines = [csvLine(CSV_COLUMNS)];
  for (const m of media) {
    const r = m.registration;
    const last = m.checks[m.checks.length - 1];
    lines.push(
      csvLine([
        m.id,
        m.status,
        r.medium.kind,
        r.medium.brand,
        r.medium.model,
        r.medium.serial,
        r.medium.capacityBytes,
        r.medium.purchasedOn,
        r.contents.scope,
        r.contents.categories.join(' '),
        r.contents.subjects,
        r.contents.records,
        r.contents.bytes,
        r.device.assetTag === undefined ? r.device.name : `${r.device.name} (${r.device.assetTag})`,
        `${r.software.name} ${r.software.version}`,
        r.madeAt,
        r.madeBy,
        r.checkedBy,
        r.encryption.algorithm,
        r.encryption.keyRef,
        m.responsible.map((p) => `${p.personId}:${p.role}`).join(' '),
        m.permissions.map((p) => `${p.personId}:${p.access}`).join(' '),
        m.manifest.hash,
        m.manifest.root,
        last?.at ?? '',
        last === undefined ? '' : String(last.normal),
        m.checkDueAt ?? '',
        m.tasks.filter((t) => t.status === 'open').length,
        m.accessCount,
        m.flaggedAccessCount,
        m.migratedFrom?.mediumId ?? '',
        m.migratedTo?.mediumId ?? '',
        m.retirement === undefined ? '' : `${m.retirement.method} ${m.retirement.at} ${m.retirement.by}`,
        r.location ?? '',
        r.notes ?? '',
      ]),
    );
  }
  return lines.join('');
}

function csvLine(values: ReadonlyArray<string | number>): string {
  return `${values
    .map((value) => {
      let text = String(value);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\n`;
}

/**
 * Escapes text for Markdown: characters that start emphasis, code, links, images, tables, inline
 * HTML or entities are backslash-escaped, line breaks folded, a leading block marker neutralised,
 * so record text can neither add markup nor start a new block or table cell.
 */
function md(text: string | number): string {
  const flat = String(text)
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\\`*_{}[\]<>|~&!#]/g, (c) => `\\${c}`);
  return flat.replace(/^(\s*)([-+=]|\d+[.)])/, (_m, space: string, marker: string) => `${space}${marker.replace(/([-+=.)])$/, '\\$1')}`);
}

const tr = (locale: ReportLocale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);
const pad = (n: number) => String(n).padStart(2, '0');

function when(at: string | undefined, zone: string, locale: ReportLocale): string {
  if (at === undefined) return tr(locale, '无', 'none');
  const p = localParts(at, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

function status(m: MediumState, locale: ReportLocale): string {
  if (m.status === 'retired')
    return tr(locale, m.retirement?.method === 'wiped' ? '已退役（已擦除）' : '已退役（已销毁）', `retired (${m.retirement?.method})`);
  if (m.status === 'migrated') return tr(locale, `已迁移至 ${m.migratedTo?.mediumId}`, `migrated to ${m.migratedTo?.mediumId}`);
  return tr(locale, '在用', 'active');
}

/**
 * The register as Markdown, in Simplified Chinese or English: one table row per medium (number,
 * what it is, what it holds, who made and checked it, encryption, last and next check, open
 * re-backup tasks, status), instants as local times in `zone`. Record text is escaped.
 *
 * @throws `AisleError` `CORE_INVALID_TIME_ZONE` for an unknown zone.
 *
 * @example
 * ```ts
 * import { registerMarkdown } from '@aisle/custody';
 *
 * const text = registerMarkdown(await custody.media(), { locale: 'zh-CN', zone: 'Asia/Shanghai' });
 * ```
 *
 * @public
 */
export function registerMarkdown(media: ReadonlyArray<MediumState>, options: ReportOptions): string {
  const { locale } = options;
  const zone = assertTimeZone(options.zone);
  const head = tr(
    locale,
    '| 介质编号 | 介质 | 存储内容 | 制作 | 复核 | 加密 | 上次检查 | 下次检查 | 待重新备份 | 状态 |',
    '| Medium | Hardware | Contents | Made | Checked by | Encryption | Last check | Next check due | Open re-backups | Status |',
  );
  const lines = [
    `# ${tr(locale, '离线备份介质登记表', 'Offline backup media register')}`,
    '',
    tr(locale, `时区：${zone}；共 ${media.length} 个介质。`, `Zone: ${zone}; ${media.length} media.`),
    '',
    head,
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const m of media) {
    const r = m.registration;
    const last = m.checks[m.checks.length - 1];
    const lastText =
      last === undefined
        ? tr(locale, '无', 'none')
        : `${when(last.at, zone, locale)} ${last.normal ? tr(locale, '正常', 'normal') : tr(locale, '异常', 'abnormal')}`;
    const contents = tr(
      locale,
      `${r.contents.scope}；${r.contents.categories.join('、')}；${r.contents.subjects} 人、${r.contents.records} 条、${r.contents.bytes} 字节`,
      `${r.contents.scope}; ${r.contents.categories.join(', ')}; ${r.contents.subjects} subjects, ${r.contents.records} records, ${r.contents.bytes} bytes`,
    );
    const row = [
      m.id,
      `${r.medium.brand} ${r.medium.model} (${r.medium.kind}, SN ${r.medium.serial}, ${r.medium.capacityBytes} B, ${r.medium.purchasedOn})`,
      contents,
      `${when(r.madeAt, zone, locale)} ${r.madeBy}; ${r.device.name}; ${r.software.name} ${r.software.version}`,
      r.checkedBy,
      `${r.encryption.algorithm}; ${r.encryption.keyRef}`,
      lastText,
      m.checkDueAt === undefined ? '—' : when(m.checkDueAt, zone, locale).slice(0, 10),
      String(m.tasks.filter((t) => t.status === 'open').length),
      status(m, locale),
    ];
    lines.push(`| ${row.map(md).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function describe(event: CustodyEvent, locale: ReportLocale): { by: string; what: string } {
  switch (event.type) {
    case 'medium.registered': {
      const from = event.data.migratedFrom;
      return {
        by: event.data.registration.madeBy,
        what:
          tr(
            locale,
            `登记；清单 ${event.data.manifest.hash.slice(0, 16)}…，${event.data.manifest.fileCount} 个文件`,
            `registered; manifest ${event.data.manifest.hash.slice(0, 16)}…, ${event.data.manifest.fileCount} files`,
          ) + (from === undefined ? '' : tr(locale, `；迁移自 ${from.mediumId}`, `; migrated from ${from.mediumId}`)),
      };
    }
    case 'medium.permissions-set':
      return {
        by: event.data.by,
        what: tr(
          locale,
          `责任人与权限变更（${event.data.permissions.length} 项权限）`,
          `responsible people and permissions set (${event.data.permissions.length} permissions)`,
        ),
      };
    case 'check.recorded': {
      const d = event.data;
      const verdict = d.normal
        ? tr(locale, '正常', 'normal')
        : tr(locale, `异常：${d.problems.join('、')}`, `abnormal: ${d.problems.join(', ')}`);
      return {
        by: d.by,
        what: tr(
          locale,
          `定期检查（可读性、完整性、恶意代码）：${verdict}`,
          `periodic check (readability, integrity, malware): ${verdict}`,
        ),
      };
    }
    case 'rebackup.opened':
      return { by: '—', what: tr(locale, `重新备份任务 ${event.data.taskId} 已创建`, `re-backup task ${event.data.taskId} opened`) };
    case 'rebackup.closed':
      return {
        by: event.data.by,
        what: tr(
          locale,
          `重新备份任务 ${event.data.taskId} 已完成（新介质 ${event.data.toMediumId}）`,
          `re-backup task ${event.data.taskId} closed (new medium ${event.data.toMediumId})`,
        ),
      };
    case 'access.recorded': {
      const d = event.data;
      const flags = d.flags.length === 0 ? '' : tr(locale, `；⚠ ${d.flags.join('、')}`, `; ⚠ ${d.flags.join(', ')}`);
      return {
        by: d.by,
        what: tr(
          locale,
          `读取：${d.purpose}；审批 ${d.approvedBy ?? '无'}${flags}`,
          `read: ${d.purpose}; approved by ${d.approvedBy ?? 'nobody'}${flags}`,
        ),
      };
    }
    case 'medium.migrated':
      return {
        by: event.data.by,
        what: tr(
          locale,
          `已迁移至 ${event.data.toMediumId}（${event.data.reason}）`,
          `migrated to ${event.data.toMediumId} (${event.data.reason})`,
        ),
      };
    case 'medium.retired':
      return {
        by: event.data.by,
        what:
          tr(locale, `退役：${event.data.method === 'wiped' ? '擦除' : '销毁'}`, `retired: ${event.data.method}`) +
          (event.data.witness === undefined ? '' : tr(locale, `，见证人 ${event.data.witness}`, `, witness ${event.data.witness}`)),
      };
  }
}

/**
 * A medium's custody history as Markdown: every event with its local time, who, what, and the
 * start of its chain hash.
 *
 * @throws `AisleError` `CORE_INVALID_TIME_ZONE` for an unknown zone.
 *
 * @example
 * ```ts
 * import { historyMarkdown } from '@aisle/custody';
 *
 * const text = historyMarkdown('HDD-0001', await custody.history('HDD-0001'), { locale: 'en', zone: 'Asia/Shanghai' });
 * ```
 *
 * @public
 */
export function historyMarkdown(mediumId: string, history: ReadonlyArray<HistoryEntry>, options: ReportOptions): string {
  const { locale } = options;
  const zone = assertTimeZone(options.zone);
  const lines = [
    `# ${tr(locale, '介质保管记录', 'Custody history')}: ${md(mediumId)}`,
    '',
    tr(locale, '| 序号 | 时间 | 人员 | 事项 | 哈希 |', '| # | Time | By | Event | Hash |'),
    '|---|---|---|---|---|',
  ];
  for (const entry of history) {
    const { by, what } = describe(entry.event, locale);
    lines.push(`| ${entry.seq} | ${when(entry.event.data.at, zone, locale)} | ${md(by)} | ${md(what)} | ${entry.hash.slice(0, 16)}… |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Overdue checks and open re-backup tasks as Markdown (what `overdue()` and `openTasks()` return).
 *
 * @throws `AisleError` `CORE_INVALID_TIME_ZONE` for an unknown zone.
 *
 * @example
 * ```ts
 * import { scheduleMarkdown } from '@aisle/custody';
 *
 * const text = scheduleMarkdown({ overdue: await custody.overdue(), tasks: await custody.openTasks() }, { locale: 'zh-CN', zone: 'Asia/Shanghai' });
 * ```
 *
 * @public
 */
export function scheduleMarkdown(
  input: { readonly overdue: ReadonlyArray<DueCheck>; readonly tasks: ReadonlyArray<OpenTask> },
  options: ReportOptions,
): string {
  const { locale } = options;
  const zone = assertTimeZone(options.zone);
  const lines = [
    `# ${tr(locale, '逾期检查与待重新备份', 'Overdue checks and open re-backups')}`,
    '',
    `## ${tr(locale, '逾期检查', 'Overdue checks')}`,
    '',
  ];
  if (input.overdue.length === 0) lines.push(tr(locale, '无。', 'None.'));
  for (const due of input.overdue) {
    lines.push(
      tr(
        locale,
        `- ${md(due.mediumId)}：应于 ${due.dueDate} 检查，已逾期 ${due.daysOverdue} 天`,
        `- ${md(due.mediumId)}: due ${due.dueDate}, ${due.daysOverdue} days overdue`,
      ),
    );
  }
  lines.push('', `## ${tr(locale, '待重新备份', 'Open re-backup tasks')}`, '');
  if (input.tasks.length === 0) lines.push(tr(locale, '无。', 'None.'));
  for (const task of input.tasks) {
    lines.push(
      tr(
        locale,
        `- ${md(task.mediumId)}：任务 ${md(task.taskId)}，创建于 ${when(task.openedAt, zone, locale)}`,
        `- ${md(task.mediumId)}: task ${md(task.taskId)}, opened ${when(task.openedAt, zone, locale)}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
