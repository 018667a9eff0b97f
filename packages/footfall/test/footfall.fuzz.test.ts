/**
 * Fuzz targets of @aisle/footfall for the shared harness (`pnpm fuzz`; the fixed-seed run and the
 * committed corpus in `test/fuzz-corpus/` replay in `pnpm test`). Every boundary that takes data
 * from cameras, VMSs or stored snapshots: the vendor adapters (JSON and text, seeded with the real
 * and reconstructed payloads in `fixtures/`, then mutated), the aggregator, stored aggregates, the
 * line counter and zone tracker on hostile frames, the reports and the SVG renderers.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { hostileId, hostileJson, hostileNumber, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  buildHourlyReport,
  campaignEffect,
  createFootfallAggregator,
  createLineCounter,
  createZoneTracker,
  fromAxis,
  fromDahua,
  fromDeepStream,
  fromDetections,
  fromFrigate,
  fromHikvision,
  fromMot,
  fromXovis,
  parseAggregate,
  recommendStaffing,
  renderHeatmap,
  renderHourlyChart,
  tumblingWindows,
} from '../src/index';

const ZONE = 'Asia/Shanghai';
const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const json = (path: string) => JSON.parse(fixture(path)) as object;

/** Payloads seeded from the fixtures, so mutations start from what devices really send. */
const JSON_SEEDS = {
  axis: json('axis/live-sum.synthetic.json'),
  dahua: json('dahua/videostat-dofind.reconstructed.json'),
  deepstream: json('deepstream/nvdsanalytics.synthetic.json'),
  occupancy: json('deepstream/occupancy-analytics.reconstructed.json'),
  frigateApi: json('frigate/api-events.reconstructed.json'),
  frigateMqtt: json('frigate/mqtt-docs-example.json'),
  hikvision: json('hikvision/people-counting.synthetic.json'),
  xovis: json('xovis/live-data.synthetic.json'),
};
const TEXT_SEEDS = {
  hikvision: [
    fixture('hikvision/realTime.xml'),
    fixture('hikvision/realTime-regions-child.xml'),
    fixture('hikvision/signalTrigger.xml'),
    fixture('hikvision/reconstructed-edge-cases.xml'),
  ],
  dahua: [fixture('dahua/numberstat-attach.reconstructed.txt'), fixture('dahua/videostat-summary.reconstructed.txt')],
  mot: [fixture('mot/MOT17-09-FRCNN-gt.excerpt.txt'), fixture('mot/mot17-sample.synthetic.txt')],
};

/** Text cut, spliced and salted with markup, separators and hostile strings. */
function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.nat({ max: 40 }),
          fc.oneof(
            hostileString(),
            fc.constantFrom(
              '<',
              '>',
              '</',
              '<![CDATA[',
              ']]>',
              '&amp;',
              '&#x0;',
              '-5:00',
              '+08:00',
              ',',
              ',,',
              '\n',
              '\r\n',
              '=',
              ';',
              '{',
              '}',
              '-1',
              '1e309',
              'NaN',
            ),
          ),
        ),
        { maxLength: 6 },
      ),
    )
    .map(([seed, edits]) => {
      let text = seed;
      for (const [at, cut, insert] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(Math.min(text.length, i + cut));
      }
      return text;
    });
}

const anyPayload = (seed: object) => fc.oneof(mutated(fc.constant(seed)), hostileJson());

const frame = fc.record({
  type: fc.constant('frame'),
  source: fc.oneof(fc.constant('cam1'), hostileId()),
  frame: fc.oneof(fc.nat({ max: 50 }), hostileNumber()),
  at: fc.oneof(fc.nat({ max: 10_000 }), hostileNumber()),
  detections: fc.array(
    fc.record({
      trackId: fc.oneof(fc.nat({ max: 5 }), hostileId(), hostileNumber()),
      box: fc.record({
        x: fc.oneof(fc.integer({ min: -50, max: 250 }), hostileNumber()),
        y: fc.oneof(fc.integer({ min: -50, max: 250 }), hostileNumber()),
        w: fc.oneof(fc.integer({ min: 0, max: 60 }), hostileNumber()),
        h: fc.oneof(fc.integer({ min: 0, max: 60 }), hostileNumber()),
      }),
      cls: fc.option(fc.oneof(fc.constant('person'), hostileId()), { nil: undefined }),
      score: fc.option(fc.oneof(fc.double({ min: 0, max: 1 }), hostileNumber()), { nil: undefined }),
    }),
    { maxLength: 5 },
  ),
});
const frames = fc.array(fc.oneof(frame, mutated(frame), hostileJson(2)), { maxLength: 8 });

const at = Date.parse('2026-11-21T10:15:00+08:00');
const countEvent = { type: 'count', source: 'cam1', line: 'north', from: at, at, in: 3, out: 1, passed: 0, key: 'k' };
const baseAggregator = createFootfallAggregator();
baseAggregator.heartbeat('cam1', at);
baseAggregator.add(countEvent as never);
const aggregate = JSON.parse(JSON.stringify(baseAggregator.snapshot())) as object;
const reportOptions = { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '22:00' } };
const report = buildHourlyReport(baseAggregator.snapshot(), reportOptions);

describeFuzz('footfall', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'hikvision-json',
    input: anyPayload(JSON_SEEDS.hikvision),
    run: (payload) => fromHikvision(payload, { zone: ZONE }),
    runs: 200,
  }),
  fuzzTarget({
    name: 'hikvision-text',
    input: fc.oneof(mutatedText(TEXT_SEEDS.hikvision), hostileString()),
    run: (text) => fromHikvision(text, { zone: ZONE }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'dahua-json',
    input: anyPayload(JSON_SEEDS.dahua),
    run: (payload) => fromDahua(payload, { zone: ZONE }),
    runs: 200,
  }),
  fuzzTarget({
    name: 'dahua-text',
    input: fc.oneof(mutatedText(TEXT_SEEDS.dahua), hostileString()),
    run: (text) => fromDahua(text, { zone: ZONE }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'mot-text',
    input: fc.tuple(fc.oneof(mutatedText(TEXT_SEEDS.mot), hostileString()), fc.boolean()),
    run: ([text, strict]) => {
      const out = fromMot(text, { source: 's', fps: 25, startAt: 0, strict });
      const lines = text.split('\n').length;
      const detections = out.events.reduce((n, e) => n + e.detections.length, 0);
      if (detections > lines) throw new Error(`${detections} detections from ${lines} lines`);
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'axis',
    input: anyPayload(JSON_SEEDS.axis),
    run: (payload) => fromAxis(payload, { zone: ZONE }),
  }),
  fuzzTarget({
    name: 'frigate',
    input: fc.oneof(anyPayload(JSON_SEEDS.frigateApi), anyPayload(JSON_SEEDS.frigateMqtt)),
    run: (payload) => fromFrigate(payload),
    runs: 200,
  }),
  fuzzTarget({
    name: 'deepstream',
    input: fc.oneof(anyPayload(JSON_SEEDS.deepstream), anyPayload(JSON_SEEDS.occupancy)),
    run: (payload) => fromDeepStream(payload),
    runs: 200,
  }),
  fuzzTarget({
    name: 'xovis',
    input: anyPayload(JSON_SEEDS.xovis),
    run: (payload) => fromXovis(payload),
  }),
  fuzzTarget({
    name: 'detections',
    input: fc.oneof(frame, mutated(frame), hostileJson()),
    run: (payload) => fromDetections(payload as never),
    allow: ['TypeError'],
  }),
  fuzzTarget({
    name: 'aggregator-events',
    input: fc.array(fc.oneof(mutated(fc.constant(countEvent)), hostileJson(2)), { maxLength: 6 }),
    run: (events) => {
      const agg = createFootfallAggregator();
      for (const event of events) {
        try {
          agg.add(event as never);
        } catch (error) {
          // A rejected event must leave the aggregator usable and its snapshot valid.
          parseAggregate(JSON.parse(JSON.stringify(agg.snapshot())));
          throw error;
        }
      }
      parseAggregate(JSON.parse(JSON.stringify(agg.snapshot())));
    },
    allow: ['TypeError', 'RangeError'],
    runs: 200,
  }),
  fuzzTarget({
    name: 'stored-aggregate',
    input: fc.oneof(mutated(fc.constant(aggregate)), hostileJson()),
    run: (stored) => {
      const agg = parseAggregate(stored);
      buildHourlyReport(agg, reportOptions);
      tumblingWindows(agg, { zone: ZONE, size: 'day' });
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'report-options',
    input: fc.oneof(mutated(fc.constant(reportOptions)), hostileJson()),
    run: (options) => buildHourlyReport(baseAggregator.snapshot(), options as never),
    allow: ['TypeError', 'RangeError'],
  }),
  fuzzTarget({
    name: 'line-counter',
    input: fc.tuple(mutated(fc.constant({ id: 'north', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } })), frames),
    run: ([options, input]) => {
      let counter: ReturnType<typeof createLineCounter>;
      try {
        counter = createLineCounter(options as never);
      } catch {
        counter = createLineCounter({ id: 'north', start: { x: 0, y: 100 }, end: { x: 200, y: 100 } });
      }
      for (const f of input) {
        try {
          counter.update(f as never);
        } catch (error) {
          if ((error as { code?: unknown }).code === undefined && !(error instanceof TypeError)) throw error;
        }
      }
      const counts = counter.counts();
      if (!(Number.isInteger(counts.in) && Number.isInteger(counts.out) && counts.in >= 0 && counts.out >= 0)) {
        throw new Error(`counts corrupted: ${JSON.stringify(counts)}`);
      }
    },
    runs: 200,
  }),
  fuzzTarget({
    name: 'zone-tracker',
    input: fc.tuple(
      mutated(
        fc.constant({
          zones: [
            {
              id: 'cosmetics',
              polygon: [
                { x: 0, y: 0 },
                { x: 100, y: 0 },
                { x: 100, y: 100 },
                { x: 0, y: 100 },
              ],
            },
          ],
        }),
      ),
      frames,
    ),
    run: ([options, input]) => {
      const tracker = createZoneTracker(options as never);
      for (const f of input) {
        try {
          tracker.update(f as never);
        } catch (error) {
          if ((error as { code?: unknown }).code === undefined && !(error instanceof TypeError)) throw error;
        }
      }
      tracker.flush();
      tracker.heatmap();
    },
    runs: 200,
  }),
  fuzzTarget({
    name: 'staffing-and-campaign',
    input: fc.tuple(hostileJson(3), hostileJson(3)),
    run: ([staffing, campaign]) => {
      try {
        recommendStaffing(report, staffing as never);
      } finally {
        campaignEffect(baseAggregator.snapshot(), campaign as never);
      }
    },
    allow: ['TypeError'],
  }),
  fuzzTarget({
    name: 'render',
    input: fc.tuple(fc.oneof(mutated(fc.constant(report)), hostileJson()), hostileJson(2)),
    run: ([input, options]) => {
      try {
        const svg = renderHourlyChart(input as never, options as never);
        if (/<script/i.test(svg)) throw new Error('markup from data reached the SVG');
      } finally {
        renderHeatmap(input as never, options as never);
      }
    },
    allow: ['TypeError', 'RangeError'],
  }),
]);
