import type { MallDay } from '../context';
import { consentChapter } from './consent';
import { custodyChapter } from './custody';
import { deidChapter } from './deid';
import { footfall } from './footfall';
import { incidentsChapter } from './incidents';
import type { DayLog } from './opening';
import { pointsChapter } from './points';
import { presenceChapter } from './presence';
import { segmentsChapter } from './segments';

/**
 * A chapter of the day, contributed by one package: it runs against the shared day (store,
 * zone, clock) and may record evidence in the day log. What it returns is kept under its name
 * in the result, for the tests.
 */
export interface Chapter {
  readonly name: string;
  /** Chapters whose package keeps state in a store are async (every store is). */
  run(day: MallDay, log: DayLog): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * The chapters, in the order the day happens: consent at sign-up, de-identification at intake,
 * points at the till, segments for the evening campaign, footfall per hour, an incident drill.
 * Each package adds its own file here and one line below.
 */
export const chapters: readonly Chapter[] = [
  consentChapter,
  deidChapter,
  pointsChapter,
  segmentsChapter,
  footfall,
  presenceChapter,
  incidentsChapter,
  custodyChapter,
];
