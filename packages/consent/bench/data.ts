import { type ConsentEvent, defineCatalogue, type PurposeInput } from '../src/index';

const text = { 'zh-CN': '说明', en: 'Text' };
const purpose = (id: string, categories: string[], extra: Partial<PurposeInput> = {}): PurposeInput => ({
  id,
  name: text,
  description: text,
  legalBasis: 'consent',
  categories,
  function: 'extended',
  retention: 'P2Y',
  ...extra,
});

/** A realistic retail catalogue: one contract purpose, five consent purposes, one sensitive. */
export const catalogue = defineCatalogue({
  version: 3,
  purposes: [
    purpose('membership', ['identity', 'contact', 'transaction'], { legalBasis: 'contract', function: 'basic' }),
    purpose('marketing.sms', ['contact']),
    purpose('marketing.email', ['contact']),
    purpose('marketing.wechat', ['contact', 'preferences']),
    purpose('analytics', ['browsing', 'device']),
    purpose('face.check-in', ['biometric']),
  ],
});

export const PURPOSES = ['marketing.sms', 'marketing.email', 'marketing.wechat', 'analytics', 'face.check-in'];
const TYPES = ['given', 'given', 'renewed', 'withdrawn', 'refused', 'given', 'expired'] as const;
const NOTICE = { version: 3, hash: 'a'.repeat(64) };
const SELF = { kind: 'self' } as const;
const SETS = [
  ...PURPOSES.map((p) => [p]),
  ['marketing.sms', 'marketing.email'],
  ['marketing.sms', 'marketing.email', 'marketing.wechat', 'analytics'],
];

/** A deterministic pseudo-random generator (xorshift32): benchmarks must be repeatable. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/**
 * `count` events over exactly `subjects` subjects (at most `count`), in ledger (time) order. Each
 * event's subject is drawn at random; then each subject never drawn (about e^-5, 0.7 %, of them
 * at 5 events per subject) takes over a random event of a subject drawn more than once, so the
 * sizes the benches report are the sizes measured.
 */
export function generateEvents(count: number, subjectCount: number, seed = 42): ConsentEvent[] {
  const subjects = Math.max(1, Math.floor(subjectCount));
  const random = rng(seed);
  const events: ConsentEvent[] = new Array(count);
  const owner = new Int32Array(count);
  const drawn = new Int32Array(subjects);
  for (let i = 0; i < count; i++) {
    const s = Math.floor(random() * subjects);
    owner[i] = s;
    drawn[s] = (drawn[s] as number) + 1;
  }
  for (let s = 0; s < subjects && subjects <= count; s++) {
    if (drawn[s] !== 0) continue;
    let i = Math.floor(random() * count);
    // Some subject has two or more events while one has none (subjects <= count).
    while ((drawn[owner[i] as number] as number) < 2) i = (i + 1) % count;
    const from = owner[i] as number;
    drawn[from] = (drawn[from] as number) - 1;
    owner[i] = s;
    drawn[s] = 1;
  }
  let t = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    t += 1000 + Math.floor(random() * 1000);
    const purposes = SETS[Math.floor(random() * SETS.length)] as string[];
    const type = TYPES[Math.floor(random() * TYPES.length)] as ConsentEvent['type'];
    events[i] = {
      id: `ce-${i}`,
      type,
      subjectId: `psn_${owner[i]}`,
      purposes,
      // Fresh nested objects per event, as events read back from a database or JSON would be.
      notice: { ...NOTICE },
      consentType: purposes.length === 1 ? 'separate' : 'general',
      actor: { ...SELF },
      channel: 'app',
      locale: 'zh-CN',
      at: new Date(t).toISOString(),
    };
  }
  return events;
}

/** Wall-clock and CPU milliseconds (user + system of this process), medians of a few runs. */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Times `fn` `runs` times. CPU time is reported next to wall time because the machine may be
 * shared: wall time then includes waiting for a core, CPU time does not.
 */
export function time(runs: number, fn: () => void): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { wall: median(walls), cpu: median(cpus) };
}

/** `count` per second for a duration in milliseconds, in millions, as text. */
export const mps = (count: number, ms: number, digits = 2) => (((count / ms) * 1000) / 1e6).toFixed(digits);
