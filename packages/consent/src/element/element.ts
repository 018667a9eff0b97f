/// <reference lib="dom" />
import {
  type ConsentFlowController,
  type ConsentFlowInput,
  type ConsentFlowResult,
  type ConsentFlowState,
  createConsentFlow,
} from '../consent-flow/controller';
import { MESSAGES } from '../consent-flow/messages';
import type { FlowStep } from '../consent-flow/steps';
import { STYLES } from './styles';

/** The `<aisle-consent>` element's own API (besides `HTMLElement`'s). */
export interface AisleConsentElement extends HTMLElement {
  /** The controller the element renders; set it, or call {@link AisleConsentElement.start}. */
  controller: ConsentFlowController | undefined;
  /**
   * Creates the controller and renders it. With the `kiosk` attribute and a `staff-id`, the actor
   * is `{ kind: 'staff-assisted', staffId }` whatever `input.actor` says.
   */
  start(input: ConsentFlowInput): ConsentFlowController;
  /** Listens to the element's own events with their typed `detail` (see {@link AisleConsentEventMap}). */
  addEventListener<K extends keyof AisleConsentEventMap>(
    type: K,
    listener: (this: AisleConsentElement, event: AisleConsentEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** The events the element dispatches (bubbling, composed). */
export interface AisleConsentEventMap {
  /** After every change, with the controller's state. */
  'aisle-consent-change': CustomEvent<ConsentFlowState>;
  /** When the customer submits: the events to append and the evidence to archive. */
  'aisle-consent-finish': CustomEvent<ConsentFlowResult>;
  /** When an action fails (the flow's state is unchanged). */
  'aisle-consent-error': CustomEvent<unknown>;
}

const RELATIONSHIPS = new Set(['mother', 'father', 'legal-guardian', 'other']);

/**
 * Defines the `<aisle-consent>` custom element, once. Safe to import and call anywhere: where
 * there is no DOM (Node, a mini-program's logic layer) it does nothing and returns `false`.
 *
 * The element renders a consent flow from `@aisle/consent/flow` in a shadow root: plain form
 * controls (keyboard and screen-reader accessible, focus moved to each step's heading, progress
 * announced), zh-CN or en from the flow's locale, a `kiosk` attribute for large targets and a
 * staff badge, styles overridable through `--aisle-consent-*` custom properties and `::part()`.
 *
 * @returns `true` when it defined the element now.
 * @example
 * ```ts
 * import { defineConsentElement } from '@aisle/consent/element';
 *
 * defineConsentElement();
 * const el = document.querySelector('aisle-consent') as AisleConsentElement;
 * el.addEventListener('aisle-consent-finish', (e) => store.appendAll(e.detail.events));
 * el.start({ notice, subjectId, consent: undefined, facts, zone: 'Asia/Shanghai', channel: 'web', locale: 'zh-CN', actor: { kind: 'self' }, clock: systemClock, withdrawal });
 * ```
 */
export function defineConsentElement(options: { readonly tagName?: string } = {}): boolean {
  const tagName = options.tagName ?? 'aisle-consent';
  const g = globalThis as { customElements?: CustomElementRegistry; HTMLElement?: typeof HTMLElement };
  if (g.customElements === undefined || g.HTMLElement === undefined) return false;
  if (g.customElements.get(tagName) !== undefined) return false;
  g.customElements.define(tagName, elementClass(g.HTMLElement));
  return true;
}

function elementClass(Base: typeof HTMLElement): CustomElementConstructor {
  return class AisleConsent extends Base implements AisleConsentElement {
    #controller: ConsentFlowController | undefined;
    #unsubscribe: (() => void) | undefined;
    #index = -1;
    readonly #root: ShadowRoot;

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
    }

    get controller(): ConsentFlowController | undefined {
      return this.#controller;
    }

    set controller(value: ConsentFlowController | undefined) {
      this.#unsubscribe?.();
      this.#controller = value;
      this.#index = -1;
      this.#unsubscribe = value?.subscribe((state) => this.#render(state));
      if (value !== undefined) this.#render(value.getState());
    }

    start(input: ConsentFlowInput): ConsentFlowController {
      const staffId = this.getAttribute('staff-id');
      const kiosk = this.hasAttribute('kiosk') && staffId !== null && staffId !== '';
      const controller = createConsentFlow(kiosk ? { ...input, actor: { kind: 'staff-assisted', staffId } } : input);
      this.controller = controller;
      return controller;
    }

    #act(fn: (c: ConsentFlowController) => unknown): void {
      const c = this.#controller;
      if (c === undefined) return;
      try {
        const out = fn(c);
        if (out !== undefined && typeof out === 'object' && out !== null && 'events' in out) {
          this.dispatchEvent(new CustomEvent('aisle-consent-finish', { detail: out, bubbles: true, composed: true }));
        }
      } catch (error) {
        this.dispatchEvent(new CustomEvent('aisle-consent-error', { detail: error, bubbles: true, composed: true }));
      }
    }

    #answer(c: ConsentFlowController, purposeId: string, value: boolean): unknown {
      c.choose(purposeId, value);
      return this.#advance(c);
    }

    #advance(c: ConsentFlowController): unknown {
      return c.getState().last ? c.finish() : c.next();
    }

    #render(state: ConsentFlowState): void {
      const doc = this.ownerDocument;
      const focusedId = (this.#root.activeElement as HTMLElement | null)?.id;
      const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
        const node = doc.createElement(tag);
        for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
        if (text !== undefined) node.textContent = text;
        return node;
      };
      const style = el('style', {}, STYLES);
      const m = MESSAGES[state.locale];
      const step: FlowStep = state.step;
      const section = el('section', { part: 'step', lang: state.locale, 'aria-labelledby': 'aisle-title', 'data-step': step.id });
      if (state.finished) {
        section.append(el('p', { part: 'done', role: 'status', id: 'aisle-title', tabindex: '-1' }, m['done.title']));
        this.#root.replaceChildren(style, section);
        this.#root.getElementById('aisle-title')?.focus();
        this.dispatchEvent(new CustomEvent('aisle-consent-change', { detail: state, bubbles: true, composed: true }));
        return;
      }
      section.append(el('p', { part: 'progress', 'aria-live': 'polite' }, `${m['step.of']} ${state.index + 1} / ${state.total}`));
      section.append(el('h2', { part: 'title', id: 'aisle-title', tabindex: '-1' }, step.title.text));
      const action = (name: string) => step.actions.find((a) => a.action === name)?.label.text ?? name;
      const button = (id: string, name: string, primary: boolean, onClick: () => void, disabled = false) => {
        const b = el('button', { type: 'button', id, part: primary ? 'button primary' : 'button' }, action(name));
        b.disabled = disabled;
        b.addEventListener('click', onClick);
        return b;
      };
      if (step.kind === 'guardian') {
        section.append(el('p', { part: 'body' }, step.body[0]?.text ?? ''));
        const group = el('fieldset', { part: 'guardian' });
        group.append(el('legend', {}, step.body[1]?.text ?? ''));
        for (const a of step.actions.filter((x) => RELATIONSHIPS.has(x.action))) {
          const label = el('label', { part: 'option' });
          const radio = el('input', { type: 'radio', name: 'relationship', id: `g-${a.action}`, value: a.action });
          radio.checked = state.guardian?.relationship === a.action;
          radio.addEventListener('change', () => this.#act((c) => c.setGuardian(a.action as 'mother', state.guardian?.confirmed === true)));
          label.append(radio, doc.createTextNode(a.label.text));
          group.append(label);
        }
        const confirm = el('label', { part: 'option confirm' });
        const box = el('input', { type: 'checkbox', id: 'g-confirm' });
        box.checked = state.guardian?.confirmed === true;
        box.disabled = state.guardian?.relationship === undefined;
        box.addEventListener('change', () => this.#act((c) => c.setGuardian(state.guardian?.relationship ?? 'other', box.checked)));
        confirm.append(box, doc.createTextNode(action('confirm')));
        group.append(confirm);
        section.append(group);
      } else {
        for (const p of step.body)
          section.append(el('p', { part: p.key === 'withdrawal:path' || p.key === 'notice:version' ? 'meta' : 'body' }, p.text));
      }
      if (step.explained.length > 0) {
        const list = el('ul', { part: 'explained' });
        for (const e of step.explained) {
          const item = el('li');
          item.append(
            el('strong', {}, e.name.text),
            doc.createTextNode(` — ${e.description.text} `),
            el('span', { part: 'meta' }, `(${e.basis.text})`),
          );
          list.append(item);
        }
        section.append(list);
      }
      if (step.kind === 'sensitive') {
        for (const c of step.choices) {
          section.append(el('h3', { part: 'purpose' }, c.name.text));
          section.append(el('p', { part: 'description' }, c.description.text));
          section.append(el('p', { part: 'meta' }, c.categories.map((x) => x.text).join('、')));
        }
      } else if (step.choices.length > 0) {
        const group = el('fieldset', { part: 'choices', 'aria-labelledby': 'aisle-title' });
        step.choices.forEach((c, i) => {
          const wrap = el('div', { part: 'choice' });
          const label = el('label', {});
          const box = el('input', { type: 'checkbox', id: `c-${i}`, 'aria-describedby': `d-${i}` });
          box.checked = c.checked;
          box.addEventListener('change', () => this.#act((ctl) => ctl.choose(c.purposeId, box.checked)));
          label.append(box, doc.createTextNode(c.name.text));
          const cats = c.categories.length > 0 ? ` (${c.categories.map((x) => x.text).join(state.locale === 'zh-CN' ? '、' : ', ')})` : '';
          wrap.append(label, el('p', { part: 'description', id: `d-${i}` }, c.description.text + cats));
          group.append(wrap);
        });
        section.append(group);
      }
      const actions = el('div', { part: 'actions' });
      if (state.canBack && step.actions.some((a) => a.action === 'back'))
        actions.append(button('a-back', 'back', false, () => this.#act((c) => c.back())));
      if (step.kind === 'sensitive') {
        const id = step.choices[0]?.purposeId ?? '';
        actions.append(
          button('a-decline', 'decline', false, () => this.#act((c) => this.#answer(c, id, false))),
          button('a-accept', 'accept', true, () => this.#act((c) => this.#answer(c, id, true))),
        );
      } else {
        const primary = step.actions.find((a) => !RELATIONSHIPS.has(a.action) && a.action !== 'back' && a.action !== 'confirm');
        if (primary !== undefined)
          actions.append(button('a-primary', primary.action, true, () => this.#act((c) => this.#advance(c)), !state.canNext));
      }
      section.append(actions);
      if (state.staffId !== undefined) section.append(el('p', { part: 'staff' }, `${m['kiosk.staff']} ${state.staffId}`));
      this.#root.replaceChildren(style, section);
      // A new step moves focus to its heading (screen readers read it); a change within a step
      // keeps focus on the control that changed. The first render does not steal focus.
      const first = this.#index === -1;
      const moved = state.index !== this.#index;
      this.#index = state.index;
      const target = moved
        ? first
          ? null
          : this.#root.getElementById('aisle-title')
        : focusedId
          ? this.#root.getElementById(focusedId)
          : null;
      target?.focus();
      this.dispatchEvent(new CustomEvent('aisle-consent-change', { detail: state, bubbles: true, composed: true }));
    }
  };
}
