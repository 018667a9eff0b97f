// Runs api-extractor for every package. `check` fails when a committed API report
// (packages/<name>/api/<name>.api.md) differs from the built declarations; `update` rewrites them.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { packages, root } from './lib.mjs';

const mode = process.argv[2];
if (mode !== 'check' && mode !== 'update') {
  console.error('usage: node scripts/api.mjs check|update');
  process.exit(2);
}
const configs = packages().flatMap((p) =>
  readdirSync(p.dir)
    .filter((file) => /^api-extractor(\.[\w-]+)?\.json$/.test(file))
    .map((file) => ({ name: p.short, file })),
);
let failed = 0;
for (const { name, file } of configs) {
  const dir = join(root, 'packages', name);
  const config = ExtractorConfig.loadFileAndPrepare(join(dir, file));
  if (!existsSync(config.mainEntryPointFilePath)) {
    console.error(`api: ${config.mainEntryPointFilePath} does not exist; run \`pnpm build\` first`);
    failed++;
    continue;
  }
  const label = `${config.packageJson?.name ?? name} (${file})`;
  const report = config.reportConfigs?.[0]?.fileName ?? `${name}.api.md`;
  const result = Extractor.invoke(config, { localBuild: mode === 'update', showVerboseMessages: false });
  rmSync(join(dir, '.api-temp'), { recursive: true, force: true });
  if (result.succeeded && !(mode === 'check' && result.apiReportChanged)) {
    console.log(`api: ${label} ok${result.apiReportChanged ? ' (report updated)' : ''}`);
  } else {
    failed++;
    console.error(
      result.apiReportChanged && mode === 'check'
        ? `api: ${label}: the public API differs from api/${report}. If the change is intended, run \`pnpm api:update\`, commit the report and add a changeset (\`pnpm changeset\`).`
        : `api: ${label}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`,
    );
  }
}
process.exit(failed === 0 ? 0 : 1);
