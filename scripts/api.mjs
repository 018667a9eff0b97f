// Runs api-extractor for every package. `check` fails when a committed API report
// (packages/<name>/api/<name>.api.md) differs from the built declarations; `update` rewrites them.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const mode = process.argv[2];
if (mode !== 'check' && mode !== 'update') {
  console.error('usage: node scripts/api.mjs check|update');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages')).filter((name) => existsSync(join(root, 'packages', name, 'api-extractor.json')));
let failed = 0;
for (const name of packages) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'dist', 'index.d.ts'))) {
    console.error(`api: packages/${name} is not built; run \`pnpm build\` first`);
    failed++;
    continue;
  }
  const config = ExtractorConfig.loadFileAndPrepare(join(dir, 'api-extractor.json'));
  const result = Extractor.invoke(config, { localBuild: mode === 'update', showVerboseMessages: false });
  rmSync(join(dir, '.api-temp'), { recursive: true, force: true });
  if (result.succeeded && !(mode === 'check' && result.apiReportChanged)) {
    console.log(`api: ${config.packageJson?.name ?? name} ok${result.apiReportChanged ? ' (report updated)' : ''}`);
  } else {
    failed++;
    console.error(
      result.apiReportChanged && mode === 'check'
        ? `api: ${config.packageJson?.name ?? name}: the public API differs from api/${name}.api.md. If the change is intended, run \`pnpm api:update\`, commit the report and add a changeset (\`pnpm changeset\`).`
        : `api: ${config.packageJson?.name ?? name}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`,
    );
  }
}
process.exit(failed === 0 ? 0 : 1);
