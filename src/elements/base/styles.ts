import { css } from 'lit';

/**
 * The two palettes. Each local `--_x` defaults to the public `--nn-x` token,
 * so a page themes every nnscope element with one rule; the palette values
 * are the fallbacks. The dark one is designed for its background, not
 * inverted: a focus ring and accent bright enough on #0d1117, a missing
 * colour and a zero colour a step above the background (not white), chips
 * (token backgrounds in text views) that sit a step above the page.
 */
const lightPalette = css`
  --_palette-text: #1f2328;
  --_palette-background: #ffffff;
  --_muted: var(--nn-muted-color, #59636e);
  --_grid: var(--nn-grid-color, #d1d9e0);
  --_accent: var(--nn-accent-color, #0969da);
  --_missing: var(--nn-missing-color, #e8e8e8);
  --_zero: var(--nn-zero-color, #f6f8fa);
  --_chip: var(--nn-chip-color, #eff2f5);
  --_error: var(--nn-error-color, #cf222e);
  color-scheme: light;
`;

const darkPalette = css`
  --_palette-text: #e6edf3;
  --_palette-background: #0d1117;
  --_muted: var(--nn-muted-color, #9198a1);
  --_grid: var(--nn-grid-color, #3d444d);
  --_accent: var(--nn-accent-color, #4493f8);
  --_missing: var(--nn-missing-color, #2a2f37);
  --_zero: var(--nn-zero-color, #262c36);
  --_chip: var(--nn-chip-color, #262c36);
  --_error: var(--nn-error-color, #ff7b72);
  color-scheme: dark;
`;

/**
 * Styles every nnscope element starts from.
 *
 * `theme="auto"` (any value but light or dark) sits on the page: no
 * background of its own, the page's text colour, and the palette of the
 * scheme the base resolved from the page (`resolved-theme`, see
 * `resolvePageTheme`). `--_page-text` / `--_page-background` are that page's
 * colours, set per element by the base; `--_background` is always a solid
 * colour for canvas fills and exports. An explicit theme is a box of its
 * own palette, with inner padding so the content does not touch its edge.
 */
export const baseStyles = css`
  :host {
    ${lightPalette}
    --_text: var(--nn-text-color, var(--_palette-text));
    --_background: var(--nn-background, var(--_palette-background));
    display: block;
    position: relative;
    box-sizing: border-box;
    min-width: 120px;
    min-height: 80px;
    font-family: var(--nn-font, inherit);
    font-size: var(--nn-font-size, inherit);
    line-height: 1.4;
    color: var(--_text);
    background: var(--_background);
    contain: layout;
  }
  :host([resolved-theme='dark']) {
    ${darkPalette}
  }
  :host(:not([theme='light']):not([theme='dark'])) {
    --_text: var(--nn-text-color, var(--_page-text, var(--_palette-text)));
    --_background: var(--nn-background, var(--_page-background, var(--_palette-background)));
    background: var(--nn-background, transparent);
  }
  :host([theme='light']),
  :host([theme='dark']) {
    padding: var(--nn-padding, 8px);
  }
  /* Whatever an element's own rules say about display, hidden wins. */
  [hidden] {
    display: none !important;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part='view'] {
    position: relative;
    width: 100%;
    height: 100%;
  }
  [part='error'] {
    box-sizing: border-box;
    max-height: calc(100% - 16px);
    overflow: auto;
    margin: 8px;
    padding: 8px 10px;
    border-left: 3px solid var(--_error);
    color: var(--_error);
    background: color-mix(in srgb, var(--_error) 8%, transparent);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='progress'] {
    position: absolute;
    inset: 0 0 auto 0;
    width: 100%;
    height: 3px;
    accent-color: var(--_accent);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* A hover card over a plot (class "tooltip"); elements add what is theirs. */
  .tooltip {
    position: absolute;
    z-index: 1;
    pointer-events: none;
    padding: 6px 8px;
    color: var(--_text);
    background: var(--_background);
    border: 1px solid var(--_grid);
    border-radius: 4px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 18%);
    box-sizing: border-box;
    /* As wide as its text up to the max-width tooltipTemplate sets: an absolutely
       placed box near the right edge would otherwise shrink to the room left there. */
    width: max-content;
    max-width: 260px;
    overflow-wrap: anywhere;
  }
  .muted {
    color: var(--_muted);
  }
  .tooltip .value {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
`;
