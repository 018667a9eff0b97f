/**
 * The fuzz harness every package uses (see CONTRIBUTING.md, "Hostile input and fuzzing").
 *
 * A package declares fuzz targets in `test/*.fuzz.test.ts` with {@link describeFuzz}: each target
 * is a public boundary that takes untrusted data, an arbitrary that generates hostile input, and
 * the call. For every input the harness checks that
 *  - only an `AisleError` escapes (or, where the target allows it, a documented `TypeError` /
 *    `RangeError` — never one raised by the engine itself, such as a stack overflow,
 *    "Cannot read properties of undefined" or "Invalid string length");
 *  - the call takes at most `maxMs` (default 250; the fastest of three runs, so one GC pause is
 *    not a finding);
 *  - the heap grows by at most `maxHeapMb` while it runs (a coarse check: garbage not yet
 *    collected counts too, so the default is generous);
 *  - no built-in prototype was changed (prototype pollution).
 *
 * Modes:
 *  - `pnpm test` (the normal vitest run): first every saved input of the target's corpus is
 *    replayed, then a fixed seed per target runs `runs` inputs (default 100); the time budget is
 *    multiplied by {@link FIXED_RUN_TIME_SLACK} so a busy CI machine cannot make it flaky.
 *  - `pnpm fuzz` (`AISLE_FUZZ=1`): a random seed (or `AISLE_FUZZ_SEED`), many more inputs for up
 *    to `AISLE_FUZZ_SECONDS` per target, the budget as written, and every failing input is saved
 *    (shrunk) to `<package>/test/fuzz-corpus/<target>--<hash>.json`, which the fixed run then
 *    replays. Commit the file together with the fix.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { diffGlobals, restoreGlobals, snapshotGlobals } from '../vitest/globals-snapshot';
import { decodeParsed, encodeInput } from './codec';

/** One public boundary to fuzz. */
export interface FuzzTarget<T> {
  /** Unique within the package, `[a-z0-9-]+`: names the test and the corpus files. */
  readonly name: string;
  /** Generates hostile input. */
  readonly input: fc.Arbitrary<T>;
  /** Calls the boundary. May return a promise. */
  readonly run: (input: T) => unknown;
  /** Documented programmer-error types the boundary may throw for this input (default: none). */
  readonly allow?: ReadonlyArray<'TypeError' | 'RangeError'>;
  /** Time budget per input in milliseconds (default 250: generous, so a busy machine is not a finding). */
  readonly maxMs?: number;
  /** Heap growth budget per input in MiB (default 64). */
  readonly maxHeapMb?: number;
  /** Inputs in the fixed-seed run (default 100). */
  readonly runs?: number;
}

/** How much slower than `maxMs` an input may be in the fixed run before it fails. */
export const FIXED_RUN_TIME_SLACK = 10;

const FUZZING = process.env.AISLE_FUZZ === '1';
const FIXED_SEED = 0x0a151e;

/**
 * Declares one fuzz target with its input type inferred from `input` (so `run` is typed), for
 * {@link describeFuzz}'s list of targets of different input types.
 */
export function fuzzTarget<T>(target: FuzzTarget<T>): FuzzTarget<unknown> {
  return target as FuzzTarget<unknown>;
}

/** Messages of errors the engine raises on its own: never a documented argument error. */
const ENGINE_ERROR =
  /Maximum call stack|Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Cannot convert|Invalid (string|array|typed array) length|Array buffer allocation failed|Reduce of empty|circular structure|out of memory|Cannot (create|assign|define|redefine|delete|add) propert|object is not extensible|read-only property|Invalid time value|toISOString/i;

/** Why `error` must not escape the target, or undefined when it may. */
export function disallowed(error: unknown, allow: ReadonlyArray<'TypeError' | 'RangeError'> = []): string | undefined {
  if (isAisleError(error)) {
    // CORE_UNEXPECTED wrapping an engine error is a crash in disguise.
    const cause = (error as Error).cause;
    if ((error as { code?: unknown }).code === 'CORE_UNEXPECTED' && cause instanceof Error && ENGINE_ERROR.test(cause.message)) {
      return `CORE_UNEXPECTED wraps a crash: ${cause.message}`;
    }
    return undefined;
  }
  const name = error instanceof RangeError ? 'RangeError' : error instanceof TypeError ? 'TypeError' : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (name !== undefined && allow.includes(name) && !ENGINE_ERROR.test(message)) return undefined;
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  return `${kind} escaped: ${message}`;
}

/** `AisleError.isInstance` without importing core (this file lives outside the packages): the cross-install brand. */
function isAisleError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[Symbol.for('aisle.error')] === true;
}

interface Measured {
  readonly failure?: string;
  readonly ms: number;
}

async function once<T>(target: FuzzTarget<T>, input: T): Promise<Measured> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let failure: string | undefined;
  try {
    await target.run(input);
  } catch (error) {
    failure = disallowed(error, target.allow);
  }
  const ms = performance.now() - started;
  const grown = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const maxHeapMb = target.maxHeapMb ?? 64;
  if (failure === undefined && grown > maxHeapMb) failure = `heap grew by ${grown.toFixed(0)} MiB (budget ${maxHeapMb} MiB)`;
  return failure === undefined ? { ms } : { failure, ms };
}

/** Runs one input through all the checks; returns why it fails, or undefined. */
export async function probe<T>(
  target: FuzzTarget<T>,
  input: T,
  timeSlack = FUZZING ? 1 : FIXED_RUN_TIME_SLACK,
): Promise<string | undefined> {
  const before = snapshotGlobals();
  try {
    let result = await once(target, input);
    if (result.failure !== undefined) return result.failure;
    const budget = (target.maxMs ?? 250) * timeSlack;
    // A slow run is re-measured twice; only the fastest counts, so a GC pause is not a finding.
    for (let attempt = 0; attempt < 2 && result.ms > budget; attempt++) {
      const again = await once(target, input);
      result = { ms: Math.min(result.ms, again.ms) };
    }
    if (result.ms > budget) return `took ${result.ms.toFixed(0)} ms (budget ${budget} ms)`;
    return undefined;
  } finally {
    const polluted = diffGlobals(before);
    if (polluted.length > 0) {
      restoreGlobals(before);
      // biome-ignore lint/correctness/noUnsafeFinally: pollution outranks any other finding.
      return `polluted built-ins: ${polluted.join('; ')}`;
    }
  }
}

/** A saved failing input: `input` is in the codec's form (see `codec.ts`), decoded on replay. */
interface CorpusEntry {
  readonly target: string;
  readonly failure: string;
  readonly seed?: number;
  readonly path?: string;
  readonly input: unknown;
}

/** The saved inputs of one target, with their file names. */
export function readCorpus(corpus: URL, name: string): Array<{ file: string; entry: CorpusEntry }> {
  const dir = fileURLToPath(corpus);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.startsWith(`${name}--`) && file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, entry: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as CorpusEntry }));
}

/** Saves a failing input (`input` is the text from `encodeInput`); returns the file name. */
export function saveToCorpus(corpus: URL, entry: Omit<CorpusEntry, 'input'> & { readonly input: string }): string {
  const dir = fileURLToPath(corpus);
  mkdirSync(dir, { recursive: true });
  const file = `${entry.target}--${createHash('sha256').update(entry.input).digest('hex').slice(0, 12)}.json`;
  const { input, ...about } = entry;
  // The input goes on one line: a deeply nested input pretty-printed would be megabytes of spaces.
  writeFileSync(`${dir}/${file}`, `${JSON.stringify(about, null, 2).slice(0, -2)},\n  "input": ${input}\n}\n`);
  return file;
}

function seedOf(name: string): number {
  if (process.env.AISLE_FUZZ_SEED !== undefined) return Number(process.env.AISLE_FUZZ_SEED) | 0;
  if (!FUZZING) return (FIXED_SEED ^ createHash('sha256').update(name).digest().readInt32LE(0)) | 0;
  return createHash('sha256').update(`${name}${performance.now()}${Math.random()}`).digest().readInt32LE(0);
}

/**
 * Declares a package's fuzz targets as vitest tests (one per target).
 *
 * @example
 * ```ts
 * describeFuzz('segments', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
 *   fuzzTarget({ name: 'parse-segment', input: fc.string(), run: (text) => parseSegment(text) }),
 * ]);
 * ```
 */
export function describeFuzz(suite: string, options: { readonly corpus: URL }, targets: ReadonlyArray<FuzzTarget<unknown>>): void {
  const names = new Set<string>();
  describe(`fuzz: ${suite}`, () => {
    for (const target of targets) {
      if (!/^[a-z0-9-]+$/.test(target.name) || names.has(target.name))
        throw new TypeError(`fuzz target name "${target.name}" is not a unique [a-z0-9-]+ name`);
      names.add(target.name);
      const seconds = Number(process.env.AISLE_FUZZ_SECONDS ?? 30);
      it(
        target.name,
        async () => {
          for (const { file, entry } of readCorpus(options.corpus, target.name)) {
            const failure = await probe(target, decodeParsed(entry.input));
            if (failure !== undefined) throw new Error(`corpus input ${file} (found: ${entry.failure}) still fails: ${failure}`);
          }
          const seed = seedOf(target.name);
          const details = await fc.check(
            fc.asyncProperty(target.input, async (input) => {
              const failure = await probe(target, input);
              if (failure !== undefined) throw new Error(failure);
            }),
            FUZZING
              ? { seed, numRuns: Number(process.env.AISLE_FUZZ_RUNS ?? 1_000_000), interruptAfterTimeLimit: seconds * 1000 }
              : { seed, numRuns: target.runs ?? 100 },
          );
          if (!details.failed) return;
          const input = details.counterexample?.[0];
          const failure = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          const entry = {
            target: target.name,
            failure,
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            input: encodeInput(input),
          };
          const saved = FUZZING || process.env.AISLE_FUZZ_SAVE === '1' ? ` Saved as ${saveToCorpus(options.corpus, entry)}.` : '';
          throw new Error(
            `fuzz target ${target.name} failed after ${details.numRuns} inputs (seed ${details.seed}, path "${details.counterexamplePath}"): ${failure}.${saved}\ninput: ${entry.input.slice(0, 2000)}`,
          );
        },
        FUZZING ? (seconds + 120) * 1000 : 60_000,
      );
    }
  });
}
