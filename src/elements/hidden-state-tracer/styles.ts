import { css } from 'lit';

/** Styles of `<nn-hidden-state-tracer>`; local tokens default to the global ones. */
export const hiddenStateTracerStyles = css`
  :host {
    --_match: var(--nn-match-color, color-mix(in srgb, var(--_accent) 12%, transparent));
    --_selected-token: var(--nn-selected-token-color, var(--_accent));
    height: 560px;
  }
  [part='view']:not([hidden]) {
    display: flex;
    flex-direction: column;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    padding: 4px 8px;
    min-height: 24px;
  }
  .toolbar label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_muted);
  }
  .toolbar input[type='number'] {
    width: 5.5em;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_grid);
    border-radius: 3px;
    padding: 1px 3px;
  }
  .status {
    flex: 1 1 16em;
    overflow-wrap: anywhere;
  }
  .plot {
    position: relative;
    flex: 0 0 auto;
  }
  .plot canvas {
    position: absolute;
    left: 0;
    top: 0;
    touch-action: none;
  }
  canvas.overlay {
    cursor: crosshair;
  }
  .below {
    flex: 1 1 0;
    min-height: 0;
    overflow: auto;
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.3fr);
    gap: 10px;
    padding: 4px 8px 8px;
    border-top: 1px solid var(--_grid);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    line-height: 1.7;
  }
  .token {
    cursor: pointer;
    border-radius: 2px;
  }
  .token.match {
    background: var(--_match);
    text-decoration: underline dotted;
    text-underline-offset: 3px;
  }
  .token.selected {
    font-weight: 700;
    text-decoration: underline solid var(--_selected-token) 2px;
    text-underline-offset: 3px;
  }
  .matches .heading {
    margin: 0 0 4px;
    color: var(--_muted);
  }
  .rows {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: grid;
    grid-template-columns: 2.2em minmax(0, 12em) minmax(0, 1fr) auto;
    align-items: baseline;
    gap: 0;
    width: 100%;
    padding: 1px 4px;
    border: 0;
    border-radius: 3px;
    background: transparent;
    color: inherit;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 11px;
    text-align: left;
    cursor: pointer;
    white-space: pre;
  }
  .row:hover,
  .row:focus-visible {
    background: var(--_match);
    outline: 1px solid var(--_accent);
  }
  .rank,
  .where {
    color: var(--_muted);
    font-family: var(--nn-font, system-ui, sans-serif);
  }
  .where {
    padding-left: 8px;
  }
  /* The left context is clipped at its start, so every row aligns on the match. */
  .left {
    display: flex;
    justify-content: flex-end;
    overflow: hidden;
    color: var(--_muted);
  }
  .right {
    overflow: hidden;
    color: var(--_muted);
  }
  mark.hit {
    background: var(--_match);
    color: var(--_text);
    font-weight: 700;
    text-decoration: underline dotted;
    text-underline-offset: 3px;
  }
  .legend-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 16px;
    padding: 0 8px;
    color: var(--_muted);
    font-size: 11px;
  }
`;
