import './helpers/prototype-guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHikvision } from '../src/index';

const ZONE = 'Asia/Shanghai';

interface Alert {
  channel: number;
  name: string;
  region: number | undefined;
  enter: number;
  exit: number;
  childEnter: number;
  childExit: number;
  childFirst: boolean;
  offset: string;
  minute: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xml(a: Alert, noise: string): string {
  const t = (m: number) => `2026-11-21T09:${String(m).padStart(2, '0')}:00${a.offset}`;
  const child = `<childCounting>${noise}<enter>${a.childEnter}</enter><exit>${a.childExit}</exit></childCounting>`;
  const people = `<peopleCounting><statisticalMethods>timeRange</statisticalMethods><TimeRange><startTime>${t(a.minute)}</startTime><endTime>${t(a.minute + 5)}</endTime></TimeRange>${noise}<enter>${a.enter}</enter><exit>${a.exit}</exit>${a.region === undefined ? '' : `<regionsID>${a.region}</regionsID>`}</peopleCounting>`;
  return `<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><macAddress>aa:bb</macAddress><channelID>${a.channel}</channelID><channelName>${esc(a.name)}</channelName><eventType>PeopleCounting</eventType>${noise}${a.childFirst ? child + people : people + child}</EventNotificationAlert>`;
}

const alertArb = fc.record({
  channel: fc.integer({ min: 1, max: 4 }),
  name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0),
  region: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  enter: fc.nat(10_000),
  exit: fc.nat(10_000),
  childEnter: fc.nat(50),
  childExit: fc.nat(50),
  childFirst: fc.boolean(),
  offset: fc.constantFrom('+08:00', '-5:00', '-05:00', '+0800', 'Z', '+5:30'),
  minute: fc.integer({ min: 0, max: 50 }),
});
const noiseArb = fc.constantFrom(
  '',
  '\n  ',
  '<!-- a comment with <enter>99</enter> -->',
  '<extra attr="1"/>',
  '<![CDATA[<enter>7</enter>]]>',
);

describe('the Hikvision XML reader (property)', () => {
  it('reads every alert’s adult counts, region and times, whatever the element order, offsets and noise', () => {
    fc.assert(
      fc.property(fc.array(alertArb, { minLength: 1, maxLength: 6 }), noiseArb, (alerts, noise) => {
        const { events, quality } = fromHikvision(`<?xml version="1.0"?>\r\n${alerts.map((a) => xml(a, noise)).join('\r\n')}`, {
          zone: ZONE,
        });
        expect(quality).toEqual({});
        const got = events.map((e) => `${e.source}|${e.line}|${e.in}|${e.out}|${e.at - e.from}`).sort();
        const want = alerts
          .map((a) => {
            const region = a.region === undefined ? '' : `#${a.region}`;
            return `aa:bb#${a.channel}${region}|${a.name}${region}|${a.enter}|${a.exit}|300000`;
          })
          .sort();
        expect(got).toEqual(want);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});
