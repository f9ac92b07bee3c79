import { css } from 'lit';

/**
 * Dark-theme tokens, applied for `theme="dark"` and for `theme="auto"` when
 * the reader's system prefers dark. Each local `--_x` defaults to the public
 * `--nn-x` token, so a page themes every nnscope element with one rule.
 */
const darkTokens = css`
  --_text: var(--nn-text-color, #e6edf3);
  --_muted: var(--nn-muted-color, #9198a1);
  --_background: var(--nn-background, #0d1117);
  --_grid: var(--nn-grid-color, #3d444d);
  --_accent: var(--nn-accent-color, #4493f8);
  --_missing: var(--nn-missing-color, #2a2f37);
  --_error: var(--nn-error-color, #ff7b72);
  color-scheme: dark;
`;

/** Styles every nnscope element starts from. */
export const baseStyles = css`
  :host {
    --_text: var(--nn-text-color, #1f2328);
    --_muted: var(--nn-muted-color, #59636e);
    --_background: var(--nn-background, #ffffff);
    --_grid: var(--nn-grid-color, #d1d9e0);
    --_accent: var(--nn-accent-color, #0969da);
    --_missing: var(--nn-missing-color, #e8e8e8);
    --_error: var(--nn-error-color, #cf222e);
    color-scheme: light;
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
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTokens}
    }
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
