/**
 * The element's stylesheet. Every colour, size and font is a CSS custom property with a default,
 * and every block has a `part`, so embedders restyle it from outside the shadow root.
 */
export const STYLES = `
:host {
  --aisle-consent-font: system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif;
  --aisle-consent-text: #1b1b1f;
  --aisle-consent-muted: #4a4a52;
  --aisle-consent-background: #ffffff;
  --aisle-consent-accent: #0b57d0;
  --aisle-consent-accent-text: #ffffff;
  --aisle-consent-border: #6b6b75;
  --aisle-consent-radius: 8px;
  --aisle-consent-gap: 12px;
  --aisle-consent-font-size: 16px;
  --aisle-consent-target: 44px;
  display: block;
  font-family: var(--aisle-consent-font);
  font-size: var(--aisle-consent-font-size);
  line-height: 1.5;
  color: var(--aisle-consent-text);
  background: var(--aisle-consent-background);
  max-width: 40rem;
}
:host([kiosk]) { --aisle-consent-font-size: 22px; --aisle-consent-target: 64px; --aisle-consent-gap: 20px; max-width: 56rem; }
[part~='step'] { display: flex; flex-direction: column; gap: var(--aisle-consent-gap); padding: var(--aisle-consent-gap); }
h2 { font-size: 1.4em; margin: 0; }
h2:focus { outline: none; }
p { margin: 0; }
[part~='progress'], [part~='staff'], [part~='meta'] { color: var(--aisle-consent-muted); font-size: 0.9em; }
ul { margin: 0; padding-left: 1.2em; }
fieldset { border: 1px solid var(--aisle-consent-border); border-radius: var(--aisle-consent-radius); padding: var(--aisle-consent-gap); margin: 0; display: flex; flex-direction: column; gap: var(--aisle-consent-gap); }
legend { padding: 0 4px; font-weight: 600; }
label { display: flex; align-items: center; gap: 10px; min-height: var(--aisle-consent-target); cursor: pointer; font-weight: 600; }
input[type='checkbox'], input[type='radio'] { width: calc(var(--aisle-consent-target) / 2); height: calc(var(--aisle-consent-target) / 2); margin: 0; accent-color: var(--aisle-consent-accent); flex: none; }
[part~='description'] { color: var(--aisle-consent-muted); margin-left: calc(var(--aisle-consent-target) / 2 + 10px); }
[part~='actions'] { display: flex; flex-wrap: wrap; gap: var(--aisle-consent-gap); }
button {
  min-height: var(--aisle-consent-target); min-width: var(--aisle-consent-target); padding: 0 20px; font: inherit; font-weight: 600;
  border-radius: var(--aisle-consent-radius); border: 2px solid var(--aisle-consent-accent); background: var(--aisle-consent-background);
  color: var(--aisle-consent-accent); cursor: pointer;
}
button[part~='primary'] { background: var(--aisle-consent-accent); color: var(--aisle-consent-accent-text); }
button:disabled { opacity: 1; border-style: dashed; cursor: not-allowed; background: var(--aisle-consent-background); color: var(--aisle-consent-muted); border-color: var(--aisle-consent-border); }
button:focus-visible, input:focus-visible { outline: 3px solid var(--aisle-consent-accent); outline-offset: 2px; }
`;
