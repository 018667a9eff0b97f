// Small helpers shared by the repository scripts (Node-only, not published).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

/** Every publishable package: `{ name, dir, pkg }`, in dependency order (core first). */
export function packages() {
  const dirs = readdirSync(join(root, 'packages')).filter((d) => existsSync(join(root, 'packages', d, 'package.json')));
  const list = dirs.map((d) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8'));
    return { name: pkg.name, short: d, dir: join(root, 'packages', d), pkg };
  });
  return list
    .filter((p) => !p.pkg.private)
    .sort((a, b) => (a.short === 'core' ? -1 : b.short === 'core' ? 1 : a.short.localeCompare(b.short)));
}

/** Runs a command, inheriting output; throws with the command line on failure. */
export function run(cmd, args, options = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', ...options });
}
