// Global story settings: a light/dark theme switch in the toolbar, docs pages
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
  body[data-nn-theme='light'] { background: #ffffff; }
  body[data-nn-theme='dark'] { background: #0d1117; }
`;

type Theme = 'light' | 'dark';

/**
 * Applies the toolbar's theme: the canvas background, the story's colour
 * tokens (`.nn-story[data-theme]`, as `--nn-story-*` custom properties), and a
 * `theme` arg that element stories forward to the element's `theme` attribute.
 */
const withTheme: Decorator = (story, context) => {
  const theme: Theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  if (!document.getElementById('nn-story-theme')) {
    const style = document.createElement('style');
    style.id = 'nn-story-theme';
    style.textContent = THEME_CSS;
    document.head.append(style);
  }
  // In story mode the whole canvas takes the theme; a docs page keeps its own
  // background and themes each story's box.
  if (context.viewMode === 'story') document.body.dataset.nnTheme = theme;
  return html`<div class="nn-story" data-theme=${theme}>${story({ args: { ...context.args, theme } })}</div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Light or dark page and element theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
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
