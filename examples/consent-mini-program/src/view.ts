// State to template: what a mini-program page keeps in `data` (plain JSON, as `setData` needs),
// and the WXML that binds it. In a real mini-program `consent.wxml` holds TEMPLATE and the view
// layer renders it; here `renderWxml` does the same binding so the output can be checked.
import type { ConsentFlowState } from '@aisle/consent/flow';

/** The page's `data`: only strings, numbers, booleans, arrays and plain objects. */
export interface ConsentPageData {
  readonly lang: string;
  readonly progress: string;
  readonly stepId: string;
  readonly kind: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly explained: readonly { readonly id: string; readonly name: string; readonly description: string; readonly basis: string }[];
  readonly choices: readonly { readonly id: string; readonly name: string; readonly description: string; readonly checked: boolean }[];
  readonly guardian: {
    readonly options: readonly { readonly value: string; readonly label: string; readonly checked: boolean }[];
    readonly confirm: string;
    readonly confirmed: boolean;
  } | null;
  readonly actions: {
    readonly back: string | null;
    readonly primary: string | null;
    readonly accept: string | null;
    readonly decline: string | null;
  };
  readonly canNext: boolean;
  readonly finished: boolean;
}

const RELATIONSHIPS = ['mother', 'father', 'legal-guardian', 'other'];

/** The controller's state as page data. Every text is the one the evidence hashes. */
export function toPageData(state: ConsentFlowState): ConsentPageData {
  const step = state.step;
  const label = (action: string) => step.actions.find((a) => a.action === action)?.label.text ?? null;
  const sensitive = step.kind === 'sensitive';
  const primary = step.actions.find(
    (a) => !RELATIONSHIPS.includes(a.action) && !['back', 'confirm', 'accept', 'decline'].includes(a.action),
  );
  return {
    lang: state.locale,
    progress: `${state.index + 1} / ${state.total}`,
    stepId: step.id,
    kind: step.kind,
    title: step.title.text,
    paragraphs: step.body.map((p) => p.text),
    explained: step.explained.map((e) => ({ id: e.purposeId, name: e.name.text, description: e.description.text, basis: e.basis.text })),
    choices: step.choices.map((c) => ({
      id: c.purposeId,
      name: c.name.text,
      description: [c.description.text, ...c.categories.map((x) => x.text)].join(' · '),
      checked: c.checked,
    })),
    guardian:
      step.kind === 'guardian'
        ? {
            options: step.actions
              .filter((a) => RELATIONSHIPS.includes(a.action))
              .map((a) => ({ value: a.action, label: a.label.text, checked: state.guardian?.relationship === a.action })),
            confirm: label('confirm') ?? '',
            confirmed: state.guardian?.confirmed === true,
          }
        : null,
    actions: {
      back: state.canBack ? label('back') : null,
      primary: sensitive || primary === undefined ? null : primary.label.text,
      accept: sensitive ? label('accept') : null,
      decline: sensitive ? label('decline') : null,
    },
    canNext: state.canNext,
    finished: state.finished,
  };
}

/** The page's WXML (what `consent.wxml` would contain). */
export const TEMPLATE = `<view class="step" data-step="{{stepId}}">
  <text class="progress">{{progress}}</text>
  <text class="title" aria-role="heading">{{title}}</text>
  <text wx:for="{{paragraphs}}" wx:key="*this" class="body">{{item}}</text>
  <view wx:for="{{explained}}" wx:key="id" class="explained">{{item.name}}：{{item.description}}（{{item.basis}}）</view>
  <checkbox-group bindchange="onChoose">
    <label wx:for="{{choices}}" wx:key="id"><checkbox value="{{item.id}}" checked="{{item.checked}}"/>{{item.name}}</label>
  </checkbox-group>
  <button wx:if="{{actions.back}}" bindtap="onBack">{{actions.back}}</button>
  <button wx:if="{{actions.decline}}" bindtap="onDecline">{{actions.decline}}</button>
  <button wx:if="{{actions.accept}}" type="primary" bindtap="onAccept">{{actions.accept}}</button>
  <button wx:if="{{actions.primary}}" type="primary" disabled="{{!canNext}}" bindtap="onNext">{{actions.primary}}</button>
</view>`;

/**
 * Binds page data to the template's elements, as the view layer would, producing WXML with the
 * values filled in (escaped: `{{` in a text cannot become a binding, `<` cannot become markup).
 */
export function renderWxml(data: ConsentPageData): string {
  const esc = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\{\{/g, '&#123;&#123;');
  const out: string[] = [`<view class="step" data-step="${esc(data.stepId)}">`, `  <text class="progress">${esc(data.progress)}</text>`];
  out.push(`  <text class="title" aria-role="heading">${esc(data.title)}</text>`);
  for (const p of data.paragraphs) out.push(`  <text class="body">${esc(p)}</text>`);
  for (const e of data.explained) out.push(`  <view class="explained">${esc(e.name)}：${esc(e.description)}（${esc(e.basis)}）</view>`);
  if (data.guardian !== null) {
    out.push('  <radio-group bindchange="onGuardian">');
    for (const o of data.guardian.options)
      out.push(`    <label><radio value="${esc(o.value)}" checked="${o.checked}"/>${esc(o.label)}</label>`);
    out.push(
      `  </radio-group>`,
      `  <label><checkbox value="confirm" checked="${data.guardian.confirmed}" bindtap="onConfirm"/>${esc(data.guardian.confirm)}</label>`,
    );
  }
  if (data.choices.length > 0 && data.kind !== 'sensitive') {
    out.push('  <checkbox-group bindchange="onChoose">');
    for (const c of data.choices)
      out.push(
        `    <label><checkbox value="${esc(c.id)}" checked="${c.checked}"/>${esc(c.name)}<text class="hint">${esc(c.description)}</text></label>`,
      );
    out.push('  </checkbox-group>');
  }
  if (data.kind === 'sensitive')
    for (const c of data.choices)
      out.push(`  <text class="purpose">${esc(c.name)}</text>`, `  <text class="hint">${esc(c.description)}</text>`);
  const { back, decline, accept, primary } = data.actions;
  if (back !== null) out.push(`  <button bindtap="onBack">${esc(back)}</button>`);
  if (decline !== null) out.push(`  <button bindtap="onDecline">${esc(decline)}</button>`);
  if (accept !== null) out.push(`  <button type="primary" bindtap="onAccept">${esc(accept)}</button>`);
  if (primary !== null) out.push(`  <button type="primary" disabled="${!data.canNext}" bindtap="onNext">${esc(primary)}</button>`);
  out.push('</view>');
  return out.join('\n');
}
