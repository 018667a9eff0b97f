import './helpers/prototype-guard';
import { readFileSync } from 'node:fs';
import { CoreErrorCode } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { FootfallErrorCode, fromAxis, fromDeepStream, fromDetections, fromFrigate, fromHikvision, fromMot, fromXovis } from '../src/index';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as unknown;
const ZONE = 'Asia/Shanghai';

describe('fromMot', () => {
  const opts = { source: 'MOT17-09', fps: 30, startAt: '2026-11-21T10:00:00+08:00' };
  it('groups lines by frame and, like the official evaluation, keeps only considered pedestrians of ground truth', () => {
    const { events, quality } = fromMot(fixture('mot/mot17-sample.synthetic.txt'), opts);
    expect(events.map((e) => e.frame)).toEqual([1, 2, 3, 4]);
    // Frame 1 has a static person (class 7) flagged "not considered": it is not a pedestrian to count.
    expect(events[0]?.detections.map((d) => d.trackId)).toEqual([2, 3]);
    // The consider flag is not a confidence.
    expect(events[0]?.detections[0]).toEqual({ trackId: 2, box: { x: 1338, y: 418, w: 167, h: 379 }, cls: 'person' });
    expect(events[3]?.at).toBe(Date.parse('2026-11-21T10:00:00+08:00') + 100);
    expect(quality).toEqual({ invalidRecords: 1, notConsidered: 2 });
    const all = fromMot(fixture('mot/mot17-sample.synthetic.txt'), { ...opts, classes: 'all', includeIgnored: true });
    expect(all.events[0]?.detections[0]).toEqual({ trackId: 1, box: { x: 912, y: 484, w: 97, h: 109 }, cls: 'mot:7' });
  });
  it('reads the 10-column form and sorts frames', () => {
    const { events } = fromMot('2,5,10,10,20,40,0.9,-1,-1,-1\n1,5,10,10,20,40,0.9,-1,-1,-1\n', opts);
    expect(events.map((e) => e.frame)).toEqual([1, 2]);
    expect(events[0]?.detections[0]?.cls).toBe('person');
  });
  it('an empty field makes the line malformed instead of shifting the box (strict throws)', () => {
    const line = '2,1,300,,40,150,1,1,0.9\n';
    expect(fromMot(line, opts).quality).toEqual({ invalidRecords: 1 });
    expect(fromMot(line, opts).events).toEqual([]);
    expect(() => fromMot(line, { ...opts, strict: true })).toThrow(expect.objectContaining({ code: FootfallErrorCode.MALFORMED_INPUT }));
  });
  it('throws FOOTFALL_MALFORMED_INPUT in strict mode', () => {
    expect(() => fromMot('1,2,3\n', { ...opts, strict: true })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.MALFORMED_INPUT }),
    );
    expect(() => fromMot(42 as unknown as string, opts)).toThrow(expect.objectContaining({ code: FootfallErrorCode.MALFORMED_INPUT }));
  });
  it('validates options', () => {
    expect(() => fromMot('', { ...opts, fps: 0 })).toThrow(expect.objectContaining({ code: CoreErrorCode.VALIDATION }));
  });
});

describe('fromDetections', () => {
  it('reads the generic shape, drops biometric fields and counts bad detections', () => {
    const { events, quality } = fromDetections([
      {
        source: 'door-n',
        epoch: 2,
        frame: 7,
        timestamp: '2026-11-21T10:00:00.040+08:00',
        detections: [
          { trackId: 1, box: [10, 10, 20, 40], class: 'person', confidence: 0.9, faceCrop: 'data:image/jpeg;base64,AAAA', name: 'x' },
          { trackId: 2, box: { x: 1, y: 2, w: 3, h: 4 }, reidEmbedding: [0.1, 0.3] },
          { box: [1, 2, 3, 4] },
        ],
      } as never,
      { source: 'door-n', frame: 8, timestamp: 1763690400, detections: [] },
    ]);
    expect(events[0]).toEqual({
      type: 'frame',
      source: 'door-n',
      epoch: 2,
      frame: 7,
      at: Date.parse('2026-11-21T02:00:00.040Z'),
      detections: [
        { trackId: 1, box: { x: 10, y: 10, w: 20, h: 40 }, cls: 'person', confidence: 0.9 },
        { trackId: 2, box: { x: 1, y: 2, w: 3, h: 4 }, cls: 'person' },
      ],
    });
    expect(JSON.stringify(events)).not.toMatch(/face|embedding|base64/i);
    expect(events[1]?.at).toBe(1763690400000);
    expect(quality).toEqual({ biometricFieldsDropped: 2, invalidRecords: 1 });
  });
  it('skips and counts a malformed frame instead of failing the batch', () => {
    const { events, quality } = fromDetections([
      { source: '', frame: -1 } as never,
      { source: 'door-n', frame: 8, timestamp: 1763690400, detections: [] },
    ]);
    expect(events).toHaveLength(1);
    expect(quality).toEqual({ invalidRecords: 1 });
  });
});

describe('fromFrigate', () => {
  it('reads MQTT events, converts [x1,y1,x2,y2] boxes, drops sub_label and thumbnails, skips false positives', () => {
    const { events, quality } = fromFrigate(json('frigate/mqtt.synthetic.json'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ source: 'door_north', at: 1763690401838 });
    expect(events[0]?.detections[0]).toEqual({
      trackId: '1763690400.475377-mxklsc',
      box: { x: 424, y: 500, w: 112, h: 212 },
      cls: 'person',
      confidence: 0.7890625,
    });
    expect(JSON.stringify(events)).not.toContain('Zhang');
    expect(quality).toEqual({ biometricFieldsDropped: 2, invalidRecords: 1 });
  });
  it('reads HTTP API events with relative boxes', () => {
    const { events, quality } = fromFrigate([
      {
        id: 'a',
        camera: 'c',
        label: 'person',
        start_time: 1763690400.5,
        end_time: 1763690410,
        top_score: 0.8,
        data: { box: [0.1, 0.2, 0.05, 0.3] },
      },
      { id: 'b', camera: 'c', label: 'person', start_time: 1763690400.5 },
    ]);
    expect(events[0]?.detections[0]?.box).toEqual({ x: 0.1, y: 0.2, w: 0.05, h: 0.3 });
    expect(events[0]?.boxUnit).toBe('relative');
    expect(quality).toEqual({ missingBoxes: 1 });
  });
  it('skips and counts input that is not events', () => {
    expect(fromFrigate('nope').quality).toEqual({ invalidRecords: 1 });
  });
});

describe('fromAxis', () => {
  it('turns running totals into deltas, detects the reset, ignores repeated samples', () => {
    const { events, quality, state } = fromAxis(json('axis/live-sum.synthetic.json'), { zone: ZONE });
    expect(events.map((e) => [e.in, e.out])).toEqual([
      [8, 4],
      [4, 1],
    ]);
    expect(events[0]).toMatchObject({ source: '00408CAC512B', line: 'Main door', from: Date.parse('2026-11-21T10:00:00+08:00') });
    expect(quality).toEqual({ counterResets: 1, duplicateEvents: 1 });
    const next = fromAxis({ serial: '00408CAC512B', timestamp: '20261121101500', in: 9, out: 1 }, { zone: ZONE, state, line: 'north' });
    expect(next.events[0]).toMatchObject({ in: 5, out: 0, line: 'north' });
    expect(fromAxis({ serial: 'X', timestamp: '20261121101500', in: 9, out: 1 }, { zone: ZONE, state: next.state }).events).toEqual([]);
    const older = fromAxis({ serial: '00408CAC512B', timestamp: '20261121090000', in: 1, out: 1 }, { zone: ZONE, state: next.state });
    expect(older.quality).toEqual({ outOfOrderFrames: 1 });
  });
  it('reads the 3D people counter export as interval counts', () => {
    const { events } = fromAxis(
      { data: [{ start: '2026-11-21 10:00:00', end: '2026-11-21 11:00:00', in: 30, out: 25 }] },
      { zone: ZONE, source: 'p8815' },
    );
    expect(events[0]).toMatchObject({
      source: 'p8815',
      from: Date.parse('2026-11-21T10:00:00+08:00'),
      at: Date.parse('2026-11-21T11:00:00+08:00'),
      in: 30,
    });
  });
  it('skips and counts unreadable timestamps; rejects unknown zones', () => {
    expect(fromAxis({ serial: 'X', timestamp: 'yesterday', in: 1, out: 1 }, { zone: ZONE }).quality).toEqual({ unreadableTimes: 1 });
    expect(fromAxis({ serial: 'X', timestamp: '20261341000000', in: 1, out: 1 }, { zone: ZONE }).quality).toEqual({ unreadableTimes: 1 });
    expect(() => fromAxis([], { zone: 'Mars/Base' })).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_TIME_ZONE }));
  });
});

describe('fromHikvision', () => {
  it('reads real-time totals as deltas (with reset) and time ranges as intervals; drops pictures and face data', () => {
    const { events, quality } = fromHikvision(json('hikvision/people-counting.synthetic.json'), { zone: ZONE });
    expect(events.map((e) => [e.line, e.in, e.out, e.passed])).toEqual([
      ['Gate A', 4, 1, 15],
      ['Gate A', 2, 0, 5],
      ['2', 57, 41, 230],
    ]);
    expect(quality).toEqual({ biometricFieldsDropped: 2, counterResets: 1, otherEventTypes: 1 });
    expect(JSON.stringify(events)).not.toContain('picture');
  });
  it('reads the XML alerts cameras push, dropping picture URLs', () => {
    const { events, quality } = fromHikvision(fixture('hikvision/people-counting.synthetic.xml'), { zone: ZONE });
    expect(events.map((e) => [e.source, e.line, e.in, e.out, e.passed])).toEqual([
      ['44:19:b6:aa:bb:dd#1', 'Gate B', 7, 1, 31],
      ['10.0.8.22#2', '2', 12, 9, 80],
    ]);
    expect(quality).toEqual({ biometricFieldsDropped: 1 });
    expect(() => fromHikvision('<ResponseStatus><statusCode>1</statusCode></ResponseStatus>', { zone: ZONE })).toThrow(
      expect.objectContaining({ code: FootfallErrorCode.MALFORMED_INPUT }),
    );
  });
  it('ignores repeated real-time alerts', () => {
    const alert = (json('hikvision/people-counting.synthetic.json') as object[])[0] as object;
    const first = fromHikvision(alert, { zone: ZONE });
    expect(fromHikvision(alert, { zone: ZONE, state: first.state }).quality).toEqual({ duplicateEvents: 1 });
  });
});

describe('fromXovis', () => {
  it('turns line-count events into crossings', () => {
    const { events, quality } = fromXovis(json('xovis/live-data.synthetic.json'));
    expect(events.map((e) => [e.source, e.line, e.in, e.out])).toEqual([
      ['80:1F:12:AB:CD:EF', 'Main entrance', 1, 0],
      ['80:1F:12:AB:CD:EF', 'Main entrance', 0, 1],
    ]);
    expect(quality).toEqual({ invalidRecords: 1 });
    const flipped = fromXovis(json('xovis/live-data.synthetic.json'), { forward: 'out', lines: { 'Main entrance': 'north' } });
    expect(flipped.events[0]).toMatchObject({ line: 'north', in: 0, out: 1 });
  });
  it('rejects other pushes', () => {
    expect(() => fromXovis({ logical_data: {} })).toThrow(expect.objectContaining({ code: CoreErrorCode.VALIDATION }));
  });
});

describe('fromDeepStream', () => {
  it('turns cumulative line-crossing counts into deltas with reset detection', () => {
    const lines = { Entry: { line: 'north', direction: 'in' as const }, Exit: { line: 'north', direction: 'out' as const } };
    const { events, quality } = fromDeepStream(json('deepstream/nvdsanalytics.synthetic.json'), { lines });
    expect(events.map((e) => [e.source, e.in, e.out])).toEqual([
      ['ds:0', 1, 0],
      ['ds:0', 2, 0],
      ['ds:0', 0, 2],
      ['ds:0', 1, 0],
      ['ds:1', 2, 0],
    ]);
    // Both the Entry and the Exit counter restarted from zero.
    expect(quality).toEqual({ counterResets: 2 });
  });
});
