import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AisleError } from '@aisle/core';
import { openDemoStore } from './persist';
import { renderDayReport } from './report';
import { runMallDay } from './run';

// `pnpm demo` keeps the day's streams in embedded PGlite under examples/mall-day/.data (git-ignored):
// a second run verifies the first run's streams against the checkpoint kept beside the database,
// then tells the day again to new people and media in the same store.
//   --data <dir> / AISLE_DEMO_DATA=<dir>   where the data lives
//   --reset      / AISLE_DEMO_RESET=1      start from an empty directory
//   --memory                               keep nothing (an in-memory store)
//   --report <file> / AISLE_DEMO_REPORT    where the HTML day report goes (default <data dir>/day-report.html)
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const here = dirname(fileURLToPath(import.meta.url));
const dir = value('--data') ?? process.env.AISLE_DEMO_DATA ?? join(here, '..', '.data');
const reportFile = resolve(value('--report') ?? process.env.AISLE_DEMO_REPORT ?? join(dir, 'day-report.html'));

/** Writes the one-page HTML day report (self-contained: inline CSS and SVG) and says where it is. */
function writeReport(result: Awaited<ReturnType<typeof runMallDay>>) {
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, renderDayReport(result));
  console.log(`Day report: ${reportFile}`);
}

try {
  if (flag('--memory')) {
    const result = await runMallDay();
    if (!result.verified || !result.tamperDetected) throw new Error('The day log did not verify as expected');
    writeReport(result);
  } else {
    const demo = await openDemoStore({ dir, reset: flag('--reset') || process.env.AISLE_DEMO_RESET === '1' });
    try {
      console.log(`Data: ${dir} (embedded PGlite; run ${demo.run}${demo.run === 1 ? ', a fresh store' : ''})`);
      if (demo.previous !== undefined) {
        const p = demo.previous;
        console.log(
          `Earlier runs: ${p.streams} streams, ${p.entries} entries, verified against the kept checkpoint: ${p.ok ? 'yes' : 'NO'}` +
            (p.problems.length > 0 ? ` (${p.problems.map((x) => `${x.kind} ${x.streamId ?? ''}`).join(', ')})` : ''),
        );
        if (!p.ok) throw new Error(`The stored data does not verify against ${join(dir, 'checkpoint.json')}; start again with --reset`);
      }
      const result = await runMallDay({ store: demo.store, run: demo.run });
      if (!result.verified || !result.tamperDetected) throw new Error('The day log did not verify as expected');
      const checkpoint = await demo.finish();
      writeReport(result);
      console.log(
        `Checkpoint #${checkpoint.sequence} over ${checkpoint.streamCount} streams, ${checkpoint.entryCount} entries, kept in ${join(dir, 'checkpoint.json')}`,
      );
    } catch (error) {
      await demo.close();
      throw error;
    }
  }
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
