// The default theme, plus the hover popups of the twoslash (type-checked) samples and two
// accessibility fixes checked by axe in scripts/browser-check.mjs.
import TwoslashFloatingVue from '@shikijs/vitepress-twoslash/client';
import '@shikijs/vitepress-twoslash/style.css';
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import { nextTick, onMounted } from 'vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.use(TwoslashFloatingVue);
  },
  setup() {
    // The search button's shortcut hint ("Ctrl K") is visible text missing from its accessible
    // name (WCAG 2.5.3, label in name; axe label-content-name-mismatch). The theme already draws
    // "Ctrl" / "⌘" with CSS; draw the "K" the same way (custom.css) and hide the hint from AT.
    onMounted(async () => {
      await nextTick();
      for (const keys of document.querySelectorAll('.DocSearch-Button-Keys')) {
        keys.setAttribute('aria-hidden', 'true');
        for (const key of keys.querySelectorAll('kbd')) {
          if (key.textContent === 'K') {
            key.textContent = '';
            key.classList.add('aisle-key-k');
          }
        }
      }
    });
  },
} satisfies Theme;
