import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { diffGlobals, restoreGlobals, snapshotGlobals } from '../globals-snapshot';

describe('globals snapshot', () => {
  let undo: (() => void) | undefined;
  afterEach(() => {
    undo?.();
    undo = undefined;
  });

  it('sees nothing when nothing changed', () => {
    expect(diffGlobals(snapshotGlobals())).toEqual([]);
  });

  it('sees an added, a changed and a deleted property, and restores them', () => {
    const before = snapshotGlobals();
    undo = () => restoreGlobals(before);
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.polluted = 1;
    const arrayToString = Array.prototype.toString;
    Array.prototype.toString = () => 'x';
    const fromDescriptor = Object.getOwnPropertyDescriptor(Array, 'from');
    Reflect.deleteProperty(Array, 'from');
    (Object as unknown as Record<string, unknown>).budget = Number.NaN;
    expect(diffGlobals(before).sort()).toEqual(
      [
        'Array.prototype["toString"] was changed',
        'Array["from"] was deleted',
        'Object.prototype["polluted"] was added',
        'Object["budget"] was added',
      ].sort(),
    );
    restoreGlobals(before);
    undo = undefined;
    expect(diffGlobals(before)).toEqual([]);
    expect(Array.prototype.toString).toBe(arrayToString);
    expect(Object.getOwnPropertyDescriptor(Array, 'from')).toEqual(fromDescriptor);
    expect('polluted' in {}).toBe(false);
  });

  it('sees a getter swapped in for a data property', () => {
    const before = snapshotGlobals();
    undo = () => restoreGlobals(before);
    const original = Object.getOwnPropertyDescriptor(Function.prototype, 'call') as PropertyDescriptor;
    Object.defineProperty(Function.prototype, 'call', { get: () => original.value, configurable: true });
    expect(diffGlobals(before)).toEqual(['Function.prototype["call"] was changed']);
  });

  it('fails a test file that pollutes Object.prototype, and not a clean one', () => {
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    const config = fileURLToPath(new URL('./fixtures/vitest.fixture.config.ts', import.meta.url));
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', config, '--reporter=verbose'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(1);
    expect(output).toContain('Object.prototype["polluted"] was added');
    expect(output).toMatch(/FAIL\s+pollutes\.fixture\.ts/);
    expect(output).not.toMatch(/FAIL\s+clean\.fixture\.ts/);
    expect(output).toMatch(/Test Files\s+1 failed \| 1 passed/);
  }, 120_000);
});
