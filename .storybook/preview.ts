// Global story settings: a light/dark page switch in the toolbar, docs pages
// for every story file, and a padded canvas.
import { html } from 'lit';
import type { Decorator, Preview } from '@storybook/web-components-vite';

/** The page colours of each theme: the same tokens nnscope's elements use (src/elements/base/styles.ts). */
const THEME_CSS = `
  .nn-story { --nn-story-text: #1f2328; --nn-story-muted: #59636e; --nn-story-background: #ffffff;
    --nn-story-grid: #d1d9e0; --nn-story-accent: #0969da; --nn-story-error: #cf222e; --nn-story-panel: #f6f8fa;
    color: var(--nn-story-text); background: var(--nn-story-background); color-scheme: light;
    font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 14px; line-height: 1.45; }
  .nn-story[data-theme='dark'] { --nn-story-text: #e6edf3; --nn-story-muted: #9198a1; --nn-story-background: #0d1117;
    --nn-story-grid: #3d444d; --nn-story-accent: #4493f8; --nn-story-error: #ff7b72; --nn-story-panel: #151b23;
    color-scheme: dark; }
  html[data-nn-theme='light'] { color-scheme: light; }
  html[data-nn-theme='dark'] { color-scheme: dark; }
  body[data-nn-theme='light'] { background: #ffffff; }
  body[data-nn-theme='dark'] { background: #0d1117; }
`;

type Theme = 'light' | 'dark';

declare global {
  interface Window {
    /**
     * Switches the story page to a light or dark page without rendering the
     * story again (the visual suite, scripts/storybook-smoke.mjs, shoots
     * each story in both without loading it twice). Elements in
     * `theme="auto"` follow the page; an explicit `theme` stays.
     */
    nnStoryPage?: (theme: Theme) => void;
  }
}

function installThemeStyles(): void {
  if (document.getElementById('nn-story-theme')) return;
  const style = document.createElement('style');
  style.id = 'nn-story-theme';
  style.textContent = THEME_CSS;
  document.head.append(style);
}

/**
 * Puts the page in `theme`: the story boxes' colour tokens first, then the
 * `color-scheme` of <html> and the body's background, so an element that
 * re-reads the page when <html> or <body> change sees the boxes already
 * switched. In a docs page only the story boxes change (`whole` false): the
 * docs page keeps its own background.
 */
function setPage(theme: Theme, whole: boolean): void {
  installThemeStyles();
  for (const box of document.querySelectorAll<HTMLElement>('.nn-story')) box.dataset.theme = theme;
  if (!whole) return;
  document.documentElement.dataset.nnTheme = theme;
  document.body.dataset.nnTheme = theme;
}

window.nnStoryPage = (theme) => setPage(theme, true);

/**
 * Applies the toolbar's theme to the page the story sits on: the canvas
 * background, the page's `color-scheme`, and the story's colour tokens
 * (`.nn-story[data-theme]`, as `--nn-story-*` custom properties). Elements
 * are not told a theme: in `theme="auto"` they follow the page, as they do
 * in an article; a story that shows an explicit theme sets its `theme` arg.
 * Stories that draw their own chrome read the page theme from the `theme`
 * arg, which is the toolbar's unless the story sets one.
 */
const withTheme: Decorator = (story, context) => {
  const theme: Theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  installThemeStyles();
  // In story mode the whole canvas takes the theme; a docs page keeps its own
  // background and themes each story's box.
  if (context.viewMode === 'story') setPage(theme, true);
  return html`<div class="nn-story" data-theme=${theme}>${story()}</div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Light or dark page (elements in theme="auto" follow it)',
      toolbar: {
        title: 'Page',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light page', icon: 'sun' },
          { value: 'dark', title: 'Dark page', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    // The theme toolbar sets the background; two competing switches confuse.
    backgrounds: { disable: true },
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { toc: true },
    options: { storySort: { order: ['Foundation', ['Loading data'], 'Elements'] } },
  },
};

export default preview;
