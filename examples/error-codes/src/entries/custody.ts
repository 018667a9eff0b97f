import { type Entries, entry } from '../entry';

/** @aisle/custody */
export const custody: Entries = {
  CUSTODY_INVALID_INPUT: entry(
    [
      'A registration, check, access, migration or retirement that fails its schema or rules: a time in the future, a readable check without its integrity report.',
      'Correct the field the message names (`details.issues` lists them).',
    ],
    [
      '登记、检查、访问、迁移、退役或选项未通过模式校验（`details.issues`）。',
      '登记、检查、访问、迁移或退役不符合模式或规则：时间在未来、可读的检查缺少完整性报告。',
      '按消息所指字段修正（`details.issues` 列出所有问题）。',
    ],
  ),
  CUSTODY_UNKNOWN_MEDIUM: entry(
    [
      'A check, access or migration for a medium id that was never registered (a label misread).',
      'Register the medium first and use its id.',
    ],
    [
      '介质没有流：从未登记（在登记前进行检查、访问或迁移）。',
      '对从未登记的介质 id 进行检查、访问或迁移（标签读错）。',
      '先登记介质，再使用其 id。',
    ],
  ),
  CUSTODY_ALREADY_REGISTERED: entry(
    ['A second medium registered under an id already in use.', 'Give every medium its own id (label the disk with it).'],
    ['已有该 id 的介质登记。', '第二个介质使用了已被占用的 id 登记。', '每个介质使用独立的 id（并贴在介质上）。'],
  ),
  CUSTODY_CHECKER_IS_MAKER: entry(
    ['The person who made the backup also signed as its checker.', 'Have a second person check and sign.'],
    ['检查备份的人与制作备份的人相同（标准要求由另一人检查）。', '制作备份的人同时签署为检查人。', '由另一人检查并签署。'],
  ),
  CUSTODY_UNKNOWN_CATEGORY: entry(
    [
      "A data category outside the register's vocabulary (`phone` where the vocabulary says `contact`).",
      "Use the vocabulary's names (`details.category` names the stray one).",
    ],
    [
      '数据类别不在登记簿的词表中（`details.category`）。',
      '数据类别不在登记簿词表中（词表为 `contact` 却写了 `phone`）。',
      '使用词表中的名称（`details.category` 指出不符的类别）。',
    ],
  ),
  CUSTODY_KEY_MATERIAL: entry(
    [
      'The encryption key itself pasted where a reference to it belongs (the message never repeats the value).',
      'Give the KMS reference (an ARN, resource name or URI), and rotate the key that was pasted.',
    ],
    [
      '加密密钥引用看起来像密钥本身（一长串十六进制或 base64）：请提供 KMS 引用，切勿提供密钥。',
      '在应填写密钥引用的地方粘贴了密钥本身（错误消息不会重复该值）。',
      '填写 KMS 引用（ARN、资源名或 URI），并轮换已泄露的密钥。',
    ],
  ),
  CUSTODY_OUT_OF_ORDER: entry(
    [
      "An event dated before the medium's latest event (a paper form typed in with the wrong date).",
      'Record events in the order they happened, with their real times.',
    ],
    ['事件时间早于该介质已记录的最新事件。', '事件日期早于介质最新事件（纸质记录录入时日期写错）。', '按实际发生顺序和真实时间记录事件。'],
  ),
  CUSTODY_MEDIUM_CLOSED: entry(
    ['A check, read or migration recorded on a medium that was retired or migrated away.', 'Work with the medium that replaced it.'],
    ['介质已退役或已迁出：不能再检查、读取或从其迁移。', '对已退役或已迁出的介质记录检查、读取或迁移。', '改用替代它的介质。'],
  ),
  CUSTODY_OPEN_TASKS: entry(
    [
      'Retiring a medium whose data still needs backing up again (an abnormal check opened a re-backup task).',
      'Migrate to a new medium first (which closes the task), then retire the old one.',
    ],
    [
      '介质仍有未完成的重新备份任务：退役前需先重新备份（迁移）。',
      '退役一个数据仍需重新备份的介质（异常检查开启了重新备份任务）。',
      '先迁移到新介质（任务随之关闭），再退役旧介质。',
    ],
  ),
  CUSTODY_MANIFEST_INVALID: entry(
    [
      'A manifest edited after it was made (its root no longer matches its files), malformed, or over its caps.',
      'Store manifests as `manifestJson` wrote them and read them back untouched.',
    ],
    [
      '清单格式错误、超出大小上限，或其根哈希与文件不符。',
      '清单生成后被修改（根哈希与文件不再匹配）、格式错误或超出上限。',
      '按 `manifestJson` 的输出存储清单，并原样读回。',
    ],
  ),
  CUSTODY_MANIFEST_OTHER_MEDIUM: entry(
    ['The manifest (or report) of one medium used for another.', "Use the medium's own manifest; manifests name their medium."],
    [
      '清单（或校验报告）所属介质与使用它的介质不同。',
      '把一个介质的清单（或报告）用于另一个介质。',
      '使用该介质自己的清单；清单中写有所属介质。',
    ],
  ),
  CUSTODY_MANIFEST_NOT_RECORDED: entry(
    [
      'A manifest for the right medium that is not the one recorded at registration (rebuilt from changed files).',
      'Keep the manifest recorded at registration with the register and use that one.',
    ],
    [
      '清单（或报告中的清单）不是介质流所记录哈希对应的那一份。',
      '清单属于该介质，但不是登记时记录的那份（由已变更的文件重新生成）。',
      '把登记时记录的清单与登记簿一起保存并使用它。',
    ],
  ),
  CUSTODY_PATH_ESCAPE: entry(
    [
      'A path that is absolute or climbs out of the backup (`..`), or has backslashes, empty segments or control characters.',
      "Use paths relative to the medium's root, with `/` separators.",
    ],
    [
      '路径为绝对路径，含 `..` 或 `.` 段、空段、反斜杠或控制字符。',
      '路径为绝对路径或跳出备份目录（`..`），或含反斜杠、空段、控制字符。',
      '使用相对于介质根目录、以 `/` 分隔的路径。',
    ],
  ),
  CUSTODY_DUPLICATE_PATH: entry(
    ['Two files of one manifest with the same path (two exports written to one name).', 'One entry per path.'],
    ['同一清单中有两个文件路径相同。', '同一清单中两个文件路径相同（两份导出写到同一文件名）。', '每个路径只出现一次。'],
  ),
  CUSTODY_SYMLINK: entry(
    [
      'A symbolic link under the backup directory; links are never followed (they could point anywhere).',
      'Copy the files themselves into the backup, or leave the link out (`details.paths` lists them).',
    ],
    [
      '被哈希的目录中有符号链接：从不跟随（`details.paths`）。',
      '备份目录下有符号链接；链接从不跟随（可能指向任何地方）。',
      '把文件本身复制进备份，或去掉该链接（`details.paths` 列出它们）。',
    ],
  ),
  CUSTODY_SPECIAL_FILE: entry(
    [
      'A FIFO, socket or device file under the backup directory (reading it could block forever).',
      'Keep only regular files and directories in a backup.',
    ],
    [
      '被哈希的目录中有 FIFO、套接字或设备文件（`details.paths`）。',
      '备份目录下有 FIFO、套接字或设备文件（读取可能永久阻塞）。',
      '备份中只保留普通文件和目录。',
    ],
  ),
  CUSTODY_FILE_CHANGED: entry(
    [
      'A file written while it was hashed: a backup job still running.',
      'Wait for the writer to finish, then hash again (the error names the file).',
    ],
    [
      '文件在哈希过程中发生变化（大小、修改时间或身份前后不一致）。',
      '文件在哈希时仍在被写入：备份任务尚未结束。',
      '等写入完成后重新哈希（错误会指明文件）。',
    ],
    [
      'The race between a writer and the hashing cannot be staged reliably in a short sample: the sample shows the handling (wait, then hash again).',
      '写入与哈希之间的竞争无法在简短示例中稳定重现：示例展示处理方式（等待后重新哈希）。',
    ],
  ),
  CUSTODY_READ_FAILED: entry(
    [
      'A path that is missing, not a directory, or not readable (an unmounted disk, permissions).',
      "Point at the mounted medium's directory; the I/O error is in `cause`.",
    ],
    [
      '目录无法读取（不存在、不是目录、权限不足）；I/O 错误在 `cause` 中。',
      '路径不存在、不是目录或不可读（介质未挂载、权限不足）。',
      '指向已挂载介质的目录；I/O 错误见 `cause`。',
    ],
  ),
  CUSTODY_MIGRATION_MISMATCH: entry(
    [
      "A new medium whose files differ from the old one's (a file missed in the copy, a file changed).",
      'Copy everything, build the new manifest from the new medium, then migrate (`details.report` lists the differences).',
    ],
    [
      '新介质的清单与旧介质不符：迁移在登记前被拒绝（`details.report`）。',
      '新介质的文件与旧介质不同（复制时漏了文件、文件被改动）。',
      '完整复制，从新介质生成新清单后再迁移（`details.report` 列出差异）。',
    ],
  ),
  CUSTODY_STREAM_MALFORMED: entry(
    [
      "A medium's stream holding an event this version does not know (written by a newer version) or rows that are not custody events.",
      "Upgrade `@aisle/custody` to the version that wrote the stream; fold only a medium's own stream.",
    ],
    [
      '介质流中有本版本不认识的事件，或在登记之前就有事件。',
      '介质流中有本版本不认识的事件（由更新版本写入），或混入了非保管事件的记录。',
      '把 `@aisle/custody` 升级到写入该流的版本；只折叠介质自己的流。',
    ],
  ),
  CUSTODY_SCANNER_FAILED: entry(
    [
      'The malware scanner threw or answered something malformed (its daemon is not running).',
      'Fix the scanner and record the check again; a check without a scan is not recorded.',
    ],
    [
      '调用方提供的恶意软件扫描器抛错或返回格式错误；未记录检查。',
      '恶意软件扫描器抛错或返回格式错误（其守护进程未运行）。',
      '修复扫描器后重新记录检查；没有扫描的检查不会被记录。',
    ],
  ),
};
