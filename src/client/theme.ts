/**
 * The light/dark toggle in the header. Without a choice the page follows the system setting
 * (`prefers-color-scheme`); a choice is remembered in localStorage and applied by an inline script
 * in <head> before the first paint (inline-scripts.ts, Base.astro), so a page never flashes the other theme.
 */
/** Where the choice is kept (inline-scripts.ts reads it before the first paint). */
export const THEME_KEY = 'kaiken-theme';

export function mountThemeToggle(doc: Document): void {
  const button = doc.querySelector<HTMLButtonElement>('.theme-toggle');
  if (!button) return;
  const root = doc.documentElement;
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => (root.dataset['theme'] ? root.dataset['theme'] === 'dark' : system.matches);
  const show = () => button.setAttribute('aria-pressed', String(isDark()));
  button.hidden = false;
  show();
  system.addEventListener('change', show);
  button.addEventListener('click', () => {
    const theme = isDark() ? 'light' : 'dark';
    root.dataset['theme'] = theme;
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Private modes may refuse storage: the choice then lasts for this page only.
    }
    show();
  });
}
