import type { CounterState } from '../internal/counters';
import type { QualityReport } from '../quality';
import type { CountEvent, FrameEvent } from '../types';

/** What an adapter returns: normalised events plus what it dropped and why. @public */
export interface AdapterResult<E> {
  readonly events: E[];
  readonly quality: QualityReport;
}

/** What a counter adapter returns: also the running totals to pass to the next call. @public */
export interface CounterAdapterResult extends AdapterResult<CountEvent> {
  readonly state: CounterState;
}

/** @public */
export type FrameAdapterResult = AdapterResult<FrameEvent>;
