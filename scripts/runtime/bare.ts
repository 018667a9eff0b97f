// Runs a bundled Aisle app the way a WeChat mini-program's logic layer would meet it: one script,
// dependencies inlined, in a JavaScript realm that has only ECMAScript built-ins — no `crypto`,
// no `TextEncoder`/`TextDecoder`, no `Intl` time-zone data, no `setTimeout`, and no code
// generation from strings (`eval`/`new Function` throw EvalError) — plus what the app is given:
// a `wx.getRandomValues` (asynchronous, callback and Promise styles, as WeChat's base library
// 2.15.0+ documents it) backed by the host's CSPRNG.
import { randomFillSync } from 'node:crypto';
import { createContext, runInContext } from 'node:vm';

/**
 * esbuild options (the package test that has esbuild as a dev dependency calls `build` with them)
 * that bundle `entry` into one IIFE script assigning its exports to the global `app`: sources
 * through the `@aisle/source` condition (a mini-program build tool resolves `@aisle/*` to the
 * published `dist`, which tsup compiles from these sources with the same target and platform,
 * es2022 and neutral), every dependency inlined as a mini-program build tool inlines them.
 */
export function appBundleOptions(entry: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    format: 'iife' as const,
    globalName: 'app',
    platform: 'neutral' as const,
    mainFields: ['module', 'main'],
    conditions: ['@aisle/source', 'import', 'default'],
    target: 'es2022',
    write: false as const,
    logLevel: 'silent' as const,
  };
}

/** A bare realm with an app to run in it. */
export interface BareRealm {
  /** Runs `script` and then `expression` (which may return a Promise); the result crosses back as JSON. */
  run(script: string, expression: string): Promise<unknown>;
  /** The global names present in the realm. */
  readonly globals: readonly string[];
}

/** `intl: 'none'` deletes `Intl`; `'no-zones'` leaves an `Intl` whose DateTimeFormat knows only UTC (like small-icu). */
export function createBareRealm(options: { intl: 'none' | 'no-zones' }): BareRealm {
  const context = createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  // Host capabilities cross as plain numbers only, so every object the app sees is of its own realm.
  const hostRandom = (length: number): number[] => Array.from(randomFillSync(new Uint8Array(length)));
  Object.defineProperty(context, '__hostRandom', { value: hostRandom, enumerable: false });
  runInContext(
    `'use strict';
    delete globalThis.WebAssembly;
    ${
      options.intl === 'none'
        ? 'delete globalThis.Intl;'
        : `{
      const Real = Intl.DateTimeFormat;
      const DateTimeFormat = function DateTimeFormat(locale, opts) {
        const zone = opts && opts.timeZone;
        if (zone !== undefined && String(zone).toUpperCase() !== 'UTC') throw new RangeError('Invalid time zone specified: ' + zone);
        if (opts && opts.timeZoneName === 'longOffset') throw new RangeError('Value longOffset out of range for Intl.DateTimeFormat options property timeZoneName');
        return new Real(locale, opts);
      };
      globalThis.Intl = { DateTimeFormat };
    }`
    }
    const hostRandom = globalThis.__hostRandom;
    delete globalThis.__hostRandom;
    // WeChat's wx.getRandomValues: { length, success, fail, complete }, or a Promise without callbacks.
    globalThis.wx = Object.freeze({
      getRandomValues(options) {
        const length = options.length;
        const result = new Promise((resolve, reject) => {
          if (!Number.isInteger(length) || length < 1 || length > 1048576) return reject({ errMsg: 'getRandomValues:fail invalid length' });
          resolve({ randomValues: Uint8Array.from(hostRandom(length)).buffer, errMsg: 'getRandomValues:ok' });
        });
        if (options.success === undefined && options.fail === undefined && options.complete === undefined) return result;
        result.then((r) => { options.success && options.success(r); options.complete && options.complete(r); },
          (e) => { options.fail && options.fail(e); options.complete && options.complete(e); });
      },
    });`,
    context,
  );
  const globals = runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[];
  return {
    globals,
    async run(script, expression) {
      runInContext(script, context, { filename: 'app.js' });
      const json = await (runInContext(`Promise.resolve(${expression}).then((r) => JSON.stringify(r))`, context) as Promise<string>);
      return JSON.parse(json) as unknown;
    },
  };
}
