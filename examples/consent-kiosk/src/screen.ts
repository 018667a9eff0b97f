// The kiosk screen in the browser: <aisle-consent kiosk staff-id="…"> driven by the controller.
// `pnpm --filter @aisle-examples/consent-kiosk serve` bundles this file and serves it (see serve.ts).
import { type AisleConsentElement, defineConsentElement } from '@aisle/consent/element';
import { systemClock } from '@aisle/core';
import { WITHDRAW_PATH } from './kiosk';
import { notice } from './notice';

defineConsentElement();
const el = document.querySelector('aisle-consent') as AisleConsentElement;
const params = new URLSearchParams(location.search);
const locale = params.get('lang') === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = locale;

// The kiosk posts what the controller produced; the server appends the events and archives the evidence.
el.addEventListener('aisle-consent-finish', (e) => {
  void fetch('/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.detail) });
});

el.start({
  notice,
  subjectId: params.get('subject') ?? 'psn_7f3c',
  consent: undefined,
  facts: { birthDate: params.get('born') ?? '1988-03-14' },
  zone: 'Asia/Shanghai',
  channel: 'kiosk',
  locale,
  actor: { kind: 'self' }, // replaced by the staff-assisted actor: the element has `kiosk` and `staff-id`
  clock: systemClock,
  withdrawal: { path: WITHDRAW_PATH },
});
