// Every Aisle error code, provoked and fixed: runs each sample in src/samples (each asserts that
// bad input throws its code and that the corrected call succeeds). With --write, regenerates the
// error-code pages in docs/errors (English) and docs/errors/zh-CN from the code maps, the entries
// and the samples.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorCodes, repoRoot } from './codes';
import { DOCS_DIR, errorPages } from './pages';

if (process.argv.includes('--write')) {
  const pages = errorPages();
  // Pages of codes that no longer exist go: the directory holds exactly the generated pages.
  for (const dir of [DOCS_DIR, `${DOCS_DIR}/zh-CN`]) {
    for (const name of readdirSync(join(repoRoot, dir), { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.md'))
      .map((d) => d.name)) {
      if (!pages.has(`${dir}/${name}`)) rmSync(join(repoRoot, dir, name));
    }
  }
  for (const [path, text] of pages) {
    mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
    writeFileSync(join(repoRoot, path), text);
  }
  console.log(`Wrote ${pages.size} pages to ${DOCS_DIR}/ and ${DOCS_DIR}/zh-CN/`);
} else {
  const codes = errorCodes();
  let failed = 0;
  for (const { code } of codes) {
    try {
      await import(`./samples/${code}.ts`);
      console.log(`✔ ${code}`);
    } catch (error) {
      failed++;
      console.error(`✖ ${code}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${codes.length - failed} of ${codes.length} error-code samples provoked their error and ran the fix`);
  if (failed > 0) process.exitCode = 1;
}
