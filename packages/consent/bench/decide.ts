// `decide` from materialised state vs the naive baseline, a scan of the subject's events
// (`decideFromEvents`), measured in the same run. Target: >= 2M decisions per second.
// The call pattern is a till or kiosk's: look the customer up once, then decide every purpose.
import { decide, decideFromEvents, replayConsentEvents } from '../src/index';
import { catalogue, generateEvents, mps, PURPOSES, time } from './data';

const SUBJECTS = 25_000;
const events = generateEvents(500_000, SUBJECTS); // ~20 events per subject
const state = replayConsentEvents(events, { catalogue });
const bySubject = new Map<string, typeof events>();
for (const e of events) {
  const list = bySubject.get(e.subjectId) ?? [];
  list.push(e);
  bySubject.set(e.subjectId, list);
}
const at = Date.parse(events[events.length - 1]?.at as string) + 1000;
const ids = [...bySubject.keys()];

const FAST = 2_000_000;
let allowed = 0;
const fastMs = time(3, () => {
  for (let i = 0; i < FAST; i += PURPOSES.length) {
    const consent = state.subject(ids[(i / PURPOSES.length) % ids.length] as string);
    for (const purposeId of PURPOSES) if (decide({ catalogue, purposeId, at, consent }).allowed) allowed++;
  }
});

const NAIVE = 50_000;
let naiveAllowed = 0;
const naiveMs = time(3, () => {
  for (let i = 0; i < NAIVE; i += PURPOSES.length) {
    const subjectId = ids[(i / PURPOSES.length) % ids.length] as string;
    const own = bySubject.get(subjectId) ?? [];
    for (const purposeId of PURPOSES) if (decideFromEvents({ catalogue, purposeId, subjectId, at, events: own }).allowed) naiveAllowed++;
  }
});

// Same answers on every input (every subject x purpose; the benchmark is only meaningful if they agree).
for (const subjectId of ids) {
  const consent = state.subject(subjectId);
  const own = bySubject.get(subjectId) ?? [];
  for (const purposeId of PURPOSES) {
    const a = decide({ catalogue, purposeId, at, consent });
    const b = decideFromEvents({ catalogue, purposeId, subjectId, at, events: own });
    if (a.allowed !== b.allowed || a.state !== b.state || a.event !== b.event || a.reasonCode !== b.reasonCode) {
      throw new Error(`Mismatch for ${subjectId}/${purposeId}`);
    }
  }
}

const fastCpuRate = FAST / (fastMs.cpu / 1000);
const naiveCpuRate = NAIVE / (naiveMs.cpu / 1000);
console.log(
  `decide: ${events.length} events, ${ids.length} subjects (~${Math.round(events.length / ids.length)} events each), ${PURPOSES.length} purposes`,
);
console.log(
  `  materialised state : ${mps(FAST, fastMs.wall)} M/s wall, ${mps(FAST, fastMs.cpu)} M/s CPU (${FAST} decisions, median of 3; ${allowed / 3} allowed)`,
);
console.log(
  `  naive subject scan : ${mps(NAIVE, naiveMs.wall, 3)} M/s wall, ${mps(NAIVE, naiveMs.cpu, 3)} M/s CPU (${NAIVE} decisions, median of 3; ${naiveAllowed / 3} allowed)`,
);
console.log(
  `  ratio              : ${(naiveMs.wall / NAIVE / (fastMs.wall / FAST)).toFixed(1)}x wall, ${(fastCpuRate / naiveCpuRate).toFixed(1)}x CPU`,
);
console.log(
  `  target >= 2M decisions/s: ${fastCpuRate >= 2e6 ? 'met' : 'NOT met'} (CPU time; ${FAST / (fastMs.wall / 1000) >= 2e6 ? 'also' : 'not'} by wall clock)`,
);
