// A mini-program page (WeChat `Page({...})` shape) driving @aisle/consent/flow. The view layer
// only ever sees `data` (set through `setData`); the controller runs in the logic layer.
import type { Notice, SubjectConsent, SubjectFacts } from '@aisle/consent';
import { type ConsentFlowController, type ConsentFlowResult, createConsentFlow, type GuardianRelationship } from '@aisle/consent/flow';
import { type AsyncRandomSource, type Clock, createEntropyPool, setTimeZoneProvider } from '@aisle/core';
import { bundledTimeZones } from '@aisle/core/zones';
import { type ConsentPageData, toPageData } from './view';

/** The part of `wx` the page uses: `wx.getRandomValues` (asynchronous, callback style). */
export interface WxRandom {
  getRandomValues(options: { length: number; success(result: { randomValues: ArrayBuffer }): void; fail?(error: unknown): void }): void;
}

/** What the page needs from its host: injected, so the same page runs in tests. */
export interface ConsentPageDeps {
  readonly wx: WxRandom;
  readonly notice: Notice;
  readonly clock: Clock;
  /** The store's zone: birthdays (under 14 or not) turn over at midnight there, not in the phone's zone. */
  readonly zone: string;
  readonly locale: 'zh-CN' | 'en';
  readonly withdrawal: { readonly path: { readonly 'zh-CN': string; readonly en: string } };
  loadSubject(): Promise<{ readonly subjectId: string; readonly consent: SubjectConsent | undefined; readonly facts: SubjectFacts }>;
  submit(result: ConsentFlowResult): Promise<void>;
}

/** The page instance the runtime creates: `data` and `setData`. */
export interface PageInstance {
  data: ConsentPageData;
  setData(patch: Partial<ConsentPageData>): void;
}

/**
 * `wx.getRandomValues` (callback style) as the asynchronous source an entropy pool refills from:
 * WeChat hands out random bytes asynchronously, Aisle draws them synchronously, so the page fills
 * a `createEntropyPool` ahead of use and passes its `random` (see the runtime requirements guide).
 */
export function wxRandomSource(wx: WxRandom): AsyncRandomSource {
  return (length) =>
    new Promise((resolve, reject) => wx.getRandomValues({ length, success: (r) => resolve(r.randomValues), fail: reject }));
}

/** The page's options object, as passed to `Page(...)`. */
export function consentPage(deps: ConsentPageDeps) {
  let flow: ConsentFlowController | undefined;
  const control = (): ConsentFlowController => {
    if (flow === undefined) throw new Error('The page has not loaded yet');
    return flow;
  };
  const advance = async (c: ConsentFlowController) => {
    if (!c.getState().last) c.next();
    else await deps.submit(c.finish());
  };
  return {
    data: {} as ConsentPageData,
    async onLoad(this: PageInstance): Promise<void> {
      // Some mini-program engines have no Intl zone data: the rules bundled for the four Chinese
      // zones (in a real mini-program, once in app.js).
      setTimeZoneProvider(bundledTimeZones);
      const pool = createEntropyPool({ source: wxRandomSource(deps.wx), size: 256 });
      await pool.refill();
      const subject = await deps.loadSubject();
      flow = createConsentFlow({
        notice: deps.notice,
        subjectId: subject.subjectId,
        consent: subject.consent,
        facts: subject.facts,
        zone: deps.zone,
        channel: 'mini-program',
        locale: deps.locale,
        actor: { kind: 'self' },
        clock: deps.clock,
        random: pool.random,
        withdrawal: deps.withdrawal,
      });
      flow.subscribe((state) => this.setData(toPageData(state)));
      this.setData(toPageData(flow.getState()));
    },
    /** `<checkbox-group bindchange>`: `detail.value` lists the ticked purpose ids. */
    onChoose(this: PageInstance, event: { detail: { value: readonly string[] } }): void {
      const c = control();
      for (const choice of c.getState().step.choices) {
        const ticked = event.detail.value.includes(choice.purposeId);
        if (ticked !== choice.checked) c.choose(choice.purposeId, ticked);
      }
    },
    onGuardian(this: PageInstance, event: { detail: { value: GuardianRelationship } }): void {
      control().setGuardian(event.detail.value, control().getState().guardian?.confirmed === true);
    },
    onConfirm(this: PageInstance): void {
      const g = control().getState().guardian;
      if (g?.relationship !== undefined) control().setGuardian(g.relationship, !g.confirmed);
    },
    onBack(this: PageInstance): void {
      control().back();
    },
    async onNext(this: PageInstance): Promise<void> {
      await advance(control());
    },
    async onAccept(this: PageInstance): Promise<void> {
      const c = control();
      c.choose(c.getState().step.choices[0]?.purposeId ?? '', true);
      await advance(c);
    },
    async onDecline(this: PageInstance): Promise<void> {
      const c = control();
      c.choose(c.getState().step.choices[0]?.purposeId ?? '', false);
      await advance(c);
    },
  };
}
