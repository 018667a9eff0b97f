import { type Entries, entry } from '../entry';

/** @aisle/footfall */
export const footfall: Entries = {
  FOOTFALL_INVALID_SQL: entry(
    [
      'Options the SQL compilers cannot compile (an unknown dialect, an empty or NUL-bearing table name, a duplicate source), or result rows that are not what the compiled statement returns (an empty result, a column of the wrong type).',
      'Use `postgres`, `duckdb` or `clickhouse`, plain table names (the compiler quotes them), and pass `hourlyReportFromRows` the rows the engine returned for `q.sql` with `q.params`, unchanged.',
    ],
    [
      'SQL 编译器无法编译的选项，或与编译出的语句不符的结果行。',
      'SQL 编译器无法编译的选项（未知方言、空的或含 NUL 的表名、重复的来源），或结果行不是编译出的语句返回的样子（空结果、列类型不对）。',
      '方言用 `postgres`、`duckdb` 或 `clickhouse`；表名用普通名称（编译器负责加引号）；把引擎为 `q.sql` 和 `q.params` 返回的行原样交给 `hourlyReportFromRows`。',
    ],
  ),
  FOOTFALL_INVALID_GEOMETRY: entry(
    [
      'A counting line whose ends coincide (a double click in a drawing tool), a zone with fewer than 3 vertices or no area.',
      'Draw lines with two distinct points and zones with at least three, non-collinear vertices.',
    ],
    [
      '端点重合的线、少于 3 个顶点或面积为零的多边形、尺寸为零的网格。',
      '计数线两端重合（绘图工具中双击造成）、区域少于 3 个顶点或面积为零。',
      '计数线用两个不同的点；区域至少三个不共线的顶点。',
    ],
  ),
  FOOTFALL_MALFORMED_INPUT: entry(
    [
      'Vendor text that cannot be read (a truncated upload, another format) under `strict: true`.',
      'Send whole records; without `strict`, bad lines are skipped and counted in `quality.invalidRecords`.',
    ],
    [
      '厂商格式（MOT、Axis、海康等）的文本完全无法读取；`details` 指明位置。',
      '在 `strict: true` 下，厂商文本无法读取（上传被截断、格式不对）。',
      '发送完整记录；不使用 `strict` 时，错误行会被跳过并计入 `quality.invalidRecords`。',
    ],
  ),
  FOOTFALL_INCOMPATIBLE_AGGREGATES: entry(
    [
      'Aggregates built with different settings (gap, window, version) merged together: their buckets do not line up.',
      "Configure every device's aggregator the same way.",
    ],
    [
      '配置不同（窗口大小、区域、版本）的聚合结果无法合并。',
      '以不同设置（间隔、窗口、版本）生成的聚合被合并：它们的分桶对不齐。',
      '所有设备的聚合器使用相同配置。',
    ],
  ),
  FOOTFALL_INVALID_OPENING_HOURS: entry(
    [
      'Opening hours not in `HH:MM` (`10am`), closing before opening, or a business date not in `YYYY-MM-DD`.',
      'Use 24-hour `HH:MM`, closing after opening, and an ISO business date.',
    ],
    [
      '营业时间先关门后开门，或相互重叠。',
      '营业时间不是 `HH:MM`（如 `10am`）、关门早于开门，或营业日不是 `YYYY-MM-DD`。',
      '使用 24 小时制 `HH:MM`，关门晚于开门，营业日用 ISO 日期。',
    ],
  ),
  FOOTFALL_INVALID_AGGREGATE: entry(
    [
      'Stored JSON that is not a version-1 aggregate (edited by hand, another format, another version).',
      'Store exactly what `snapshot()` returned and read it back with `parseAggregate`.',
    ],
    [
      '序列化的聚合不是合法聚合（版本或结构错误）。',
      '存储的 JSON 不是第 1 版聚合（被手工修改、格式或版本不同）。',
      '原样存储 `snapshot()` 的结果，并用 `parseAggregate` 读回。',
    ],
  ),
  FOOTFALL_INVALID_COLUMNS: entry(
    [
      'A struct-of-arrays frame given to `updateColumns` whose columns cannot be read: a plain array or an `Int16Array` where a typed array of an accepted kind is expected, an `x` column shorter than `trackId`, a `count` larger than the buffers, a class index with no name in `classes`. `details` names the column, what was expected and what was received.',
      'Build every column from one detection count (`Int32Array`, `Uint32Array` or `Float64Array` ids; `Float32Array` or `Float64Array` boxes; `Uint8Array` or `Uint16Array` classes with their names), or pass `count` when reusing larger buffers.',
    ],
    [
      '交给 `updateColumns` 的列式（struct-of-arrays）帧无法读取：列不是可接受的类型化数组、各列长度不一致、`count` 不是非负整数，或类别下标超出 `classes`；`details` 含 `column`、`expected` 和 `received`。',
      '列式帧的某一列无法读取：在需要可接受类型化数组的位置给了普通数组或 `Int16Array`、`x` 列比 `trackId` 短、`count` 大于缓冲区、类别下标在 `classes` 中没有名称。',
      '所有列按同一个检测数构造（`trackId` 用 `Int32Array`、`Uint32Array` 或 `Float64Array`；框用 `Float32Array` 或 `Float64Array`；类别用 `Uint8Array` 或 `Uint16Array` 并给出名称）；复用更大的缓冲区时传 `count`。',
    ],
  ),
  FOOTFALL_INPUT_TOO_LARGE: entry(
    [
      'Input over a documented cap: a heatmap of a million cells, an hourly chart of years, adapter text over its size limit.',
      'Split the input (a day or a week at a time) or coarsen the grid; `details` has `limit` and `received`.',
    ],
    [
      '输入超过文档规定的上限（适配器文本或记录、图表或热力图、排班或活动序列过长），在解析或绘制前被拒绝；`details` 含 `limit` 和 `received`。',
      '输入超过上限：百万格的热力图、跨越数年的小时图、超过大小限制的适配器文本。',
      '拆分输入（每次一天或一周）或使用更粗的网格；`details` 含 `limit` 和 `received`。',
    ],
  ),
};
