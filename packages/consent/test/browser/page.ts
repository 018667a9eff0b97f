// The browser test's page script: bundled with esbuild from the sources, it defines
// <aisle-consent> and exposes `startFlow` for the test to drive through Playwright.
import { createManualClock } from '@aisle/core';
import type { ConsentFlowResult } from '../../src/consent-flow/index';
import type { AisleConsentElement } from '../../src/element/index';
import { defineConsentElement } from '../../src/element/index';
import { type ConsentEvent, createConsentState, createNotice, type SubjectFacts } from '../../src/index';
import { noticeInput } from './notice';

interface StartOptions {
  readonly kind: 'sign-up' | 'manage' | 'withdraw';
  readonly locale: 'zh-CN' | 'en';
  readonly subjectId: string;
  readonly facts: SubjectFacts;
  readonly prior: readonly ConsentEvent[];
  readonly at: string;
  readonly kiosk?: string;
}

declare global {
  interface Window {
    startFlow(options: StartOptions): number;
    finished: ConsentFlowResult[];
    errors: unknown[];
  }
}

const notice = createNotice(noticeInput);
defineConsentElement();
window.finished = [];
window.errors = [];

window.startFlow = (options) => {
  const host = document.getElementById('host') as HTMLElement;
  const el = document.createElement('aisle-consent') as AisleConsentElement;
  if (options.kiosk !== undefined) {
    el.setAttribute('kiosk', '');
    el.setAttribute('staff-id', options.kiosk);
  }
  el.addEventListener('aisle-consent-finish', (e) => window.finished.push((e as CustomEvent<ConsentFlowResult>).detail));
  el.addEventListener('aisle-consent-error', (e) => window.errors.push(String((e as CustomEvent).detail)));
  host.replaceChildren(el);
  document.documentElement.lang = options.locale;
  const state = createConsentState({ catalogue: notice.catalogue });
  for (const event of options.prior) state.apply(event);
  const controller = el.start({
    kind: options.kind,
    notice,
    subjectId: options.subjectId,
    consent: state.subject(options.subjectId),
    facts: options.facts,
    zone: 'Asia/Shanghai',
    channel: options.kiosk === undefined ? 'web' : 'kiosk',
    locale: options.locale,
    actor: { kind: 'self' },
    clock: createManualClock(options.at),
    withdrawal: { path: { 'zh-CN': '会员中心 > 隐私 > 撤回同意', en: 'Member centre > Privacy > Withdraw consent' } },
  });
  return controller.steps.length;
};
