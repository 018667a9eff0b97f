import './helpers/prototype-guard';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromDahua, fromDeepStream, fromFrigate, fromHikvision, fromMot } from '../src/index';

// Every fixture names its public source in test/fixtures/SOURCE.md.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as unknown;
const ZONE = 'Asia/Shanghai';

describe('fromHikvision on real and reconstructed ISAPI pushes', () => {
  it('reads signalTrigger statistics as interval counts (they used to be dropped)', () => {
    const { events, quality } = fromHikvision(fixture('hikvision/signalTrigger.xml'), { zone: ZONE });
    expect(events).toEqual([
      {
        type: 'count',
        source: '10:12:fb:d3:c2:35#1',
        line: '密枝仙境入口',
        from: Date.parse('2021-06-26T12:25:00+08:00'),
        at: Date.parse('2021-06-26T12:30:00+08:00'),
        in: 1,
        out: 0,
        passed: 0,
        key: `hik:10:12:fb:d3:c2:35#1:${Date.parse('2021-06-26T12:25:00+08:00')}:${Date.parse('2021-06-26T12:30:00+08:00')}`,
      },
    ]);
    expect(quality).toEqual({});
  });

  it('takes a real-time push as the baseline and recognises the same push again', () => {
    const first = fromHikvision(fixture('hikvision/realTime.xml'), { zone: ZONE });
    expect(first.events).toEqual([]);
    expect(first.state['10:12:fb:de:0b:0a#1']).toEqual({ in: 252, out: 261, passed: 0, at: Date.parse('2021-06-22T16:36:15+08:00') });
    expect(fromHikvision(fixture('hikvision/realTime.xml'), { zone: ZONE, state: first.state }).quality).toEqual({ duplicateEvents: 1 });
  });

  it('keeps each counting region apart and never reads childCounting as adults (real pushes)', () => {
    const range = fromHikvision(fixture('hikvision/timeRange-regions-child.xml'), { zone: ZONE });
    expect(range.events.map((e) => [e.source, e.line, e.in, e.out])).toEqual([['24:28:fd:f3:3a:11#1#1', 'Camera 01#1', 0, 1]]);
    const real = fromHikvision(fixture('hikvision/realTime-regions-child.xml'), { zone: ZONE });
    expect(real.state['84:9a:40:ec:f1:6d#1#1']).toMatchObject({ in: 70, out: 75 });
  });

  it('reads -5:00 offsets, childCounting first, two regions on one channel, retransmission and duplicatePeople', () => {
    const { events, quality } = fromHikvision(fixture('hikvision/reconstructed-edge-cases.xml'), { zone: ZONE });
    const nine = Date.parse('2026-11-21T14:00:00Z');
    expect(events.map((e) => [e.source, e.line, e.from, e.at, e.in, e.out])).toEqual([
      ['c0:56:e3:11:22:33#1#1', 'Main entrance#1', nine, nine + 300_000, 4, 1],
      ['c0:56:e3:11:22:33#1#2', 'Main entrance#2', nine, nine + 300_000, 5, 1],
      ['c0:56:e3:11:22:33#2', 'Side door', nine, nine + 600_000, 12, 9],
    ]);
    // No false reset: the regions do not share a running total, and child counts never became adult counts.
    expect(quality).toEqual({ retransmittedRecords: 1, deviceReportedDuplicates: 2 });
  });
});

describe('fromFrigate on the documented MQTT message and API events', () => {
  it('reads the MQTT example from Frigate’s documentation (pixels, score, no names)', () => {
    const { events, quality } = fromFrigate(json('frigate/mqtt-docs-example.json'));
    expect(events).toEqual([
      {
        type: 'frame',
        source: 'front_door',
        frame: 1607123962083,
        at: 1607123962083,
        boxUnit: 'pixels',
        detections: [
          { trackId: '1607123955.475377-mxklsc', box: { x: 432, y: 496, w: 112, h: 358 }, cls: 'person', confidence: 0.87890625 },
        ],
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('John');
    expect(quality.biometricFieldsDropped).toBeGreaterThanOrEqual(1);
  });

  it('reads API events: data.top_score, relative data.box, a null box counted, pre-capture corrected', () => {
    const { events, quality } = fromFrigate(json('frigate/api-events.reconstructed.json'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'door_north', at: 1763690395475, boxUnit: 'relative' });
    expect(events[0]?.detections[0]).toEqual({
      trackId: '1763690400.475377-mxklsc',
      box: { x: 0.33125, y: 0.6875, w: 0.0875, h: 0.29444 },
      cls: 'person',
      confidence: 0.958984375,
    });
    expect(quality).toEqual({ missingBoxes: 1 });
    const corrected = fromFrigate(json('frigate/api-events.reconstructed.json'), { preCaptureSeconds: 5 });
    expect(corrected.events[0]?.at).toBe(1763690400475);
  });
});

describe('fromDeepStream on the occupancy-analytics sample message', () => {
  it('turns cumulative lccum_cnt_entry / Entry counts per source_id into deltas; a bad count is skipped', () => {
    const { events, quality } = fromDeepStream(json('deepstream/occupancy-analytics.reconstructed.json'));
    expect(events.map((e) => [e.source, e.line, e.in, e.out])).toEqual([
      ['ds:0', 'entrance', 2, 0],
      ['ds:0', 'entrance', 0, 1],
      ['ds:1', 'entrance', 1, 0],
    ]);
    expect(quality).toEqual({ invalidCounts: 1 });
  });
});

describe('fromMot on MOT17 ground truth', () => {
  it('keeps only considered pedestrians, as the official evaluation does', () => {
    const { events, quality } = fromMot(fixture('mot/MOT17-09-FRCNN-gt.excerpt.txt'), {
      source: 'MOT17-09',
      fps: 30,
      startAt: '2026-11-21T10:00:00+08:00',
    });
    expect(events.map((e) => [e.frame, e.detections.map((d) => d.trackId)])).toEqual([
      [12, [1]],
      [13, [1]],
      [14, [1]],
      [15, [1]],
      [16, [1]],
    ]);
    expect(events[0]?.detections[0]).toEqual({ trackId: 1, box: { x: 282, y: 446, w: 105, h: 266 }, cls: 'person' });
    expect(quality).toEqual({ notConsidered: 7 });
  });
});

describe('fromDahua', () => {
  it('reads videoStatServer doFind rows in the RPC2 envelope; an unreadable row is skipped', () => {
    const { events, quality } = fromDahua(json('dahua/videostat-dofind.reconstructed.json'), { zone: ZONE });
    expect(events.map((e) => [e.source, e.line, new Date(e.from).toISOString(), new Date(e.at).toISOString(), e.in, e.out])).toEqual([
      ['dahua#0#1', 'channel 0', '2026-11-21T02:00:00.000Z', '2026-11-21T03:00:00.000Z', 42, 37],
      ['dahua#0#1', 'channel 0', '2026-11-21T03:00:00.000Z', '2026-11-21T04:00:00.000Z', 58, 49],
    ]);
    expect(quality).toEqual({ unreadableTimes: 1 });
  });

  it('reads the getSummary key=value text as running totals', () => {
    const text = fixture('dahua/videostat-summary.reconstructed.txt');
    const first = fromDahua(text, { zone: ZONE, device: 'ipc-east' });
    expect(first.events).toEqual([]);
    const later = text.replace('Total=5321', 'Total=5330').replace('Total=5290', 'Total=5296').replace('UTC=1763694000', 'UTC=1763694300');
    const next = fromDahua(later, { zone: ZONE, device: 'ipc-east', state: first.state });
    expect(next.events.map((e) => [e.source, e.in, e.out, e.from, e.at])).toEqual([
      ['ipc-east#0#NumberStat', 9, 6, 1763694000000, 1763694300000],
    ]);
  });

  it('reads NumberStat events from the attach stream and skips other codes', () => {
    const { events, quality } = fromDahua(fixture('dahua/numberstat-attach.reconstructed.txt'), { zone: ZONE });
    expect(events.map((e) => [e.source, e.line, e.in, e.out, e.from, e.at])).toEqual([
      ['dahua#0#1', 'Entrance', 6, 2, 1763690400000, 1763690700000],
    ]);
    expect(quality).toEqual({ otherEventTypes: 1 });
  });
});
