import { css } from 'lit';

/** Styles of `<nn-hidden-state-tracer>`; local tokens default to the global ones. */
export const hiddenStateTracerStyles = css`
  :host {
    --_match: var(--nn-match-color, color-mix(in srgb, var(--_accent) 12%, transparent));
    --_selected-token: var(--nn-selected-token-color, var(--_accent));
    /* No fixed height: as tall as the content unless the page sets one (then the plot takes the spare). */
  }
  [part='view']:not([hidden]) {
    display: flex;
    flex-direction: column;
  }
  /* The toolbar and the legend keep their height in a set height too short for the content (else they overprint the plot). */
  .toolbar {
    flex: none;
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
  /* The canvas box: its basis (set inline) is the height the content needs; it grows into a set height's spare. */
  .plot {
    position: relative;
    flex: 1 0.25 auto;
    min-height: 120px;
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
  /* Text and matches side by side where each gets about 20em, else stacked (a 400 px column). */
  .below {
    flex: 0 1 auto;
    min-height: 0;
    overflow: auto;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20em), 1fr));
    gap: 10px 16px;
    padding: 4px 8px 8px;
    border-top: 1px solid var(--_grid);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
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
  /*
   * Match rows at the label size, each its own line with room between; past
   * about twelve rows the list scrolls. One grid for all rows (each row a
   * subgrid), so every row aligns on its match: the match and the left
   * context each keep a share (40 % and 20 %), the left context grows to
   * its longest, and the match and its right context take the rest (the
   * left context is clipped at its start, the right at its end).
   */
  .rows {
    display: grid;
    grid-template-columns: auto minmax(min(6em, 20%), max-content) minmax(min(12em, 40%), 1fr) auto;
    grid-auto-rows: calc(1.5em + 4px);
    row-gap: 2px;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: max(11px, 0.8em);
    max-height: calc(12 * (1.5em + 6px) - 2px);
    overflow-y: auto;
  }
  .rows li {
    display: contents;
  }
  .row {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: subgrid;
    align-items: center;
    height: 100%;
    column-gap: 0;
    box-sizing: border-box;
    width: 100%;
    padding: 2px 4px;
    border: 0;
    border-radius: 3px;
    background: transparent;
    color: inherit;
    font-family: inherit;
    font-size: inherit;
    line-height: 1.5;
    text-align: left;
    cursor: pointer;
    white-space: pre;
  }
  .rank {
    padding-right: 0.6em;
    text-align: right;
  }
  /* Word tokens: a space's width between the left context and the match, so they never run together. */
  .row.words {
    column-gap: 1ch;
  }
  .row:hover,
  .row:focus-visible {
    background: var(--_match);
    outline: 1px solid var(--_accent);
  }
  .rank,
  .where {
    color: var(--_muted);
  }
  /* The tokens in monospace, so contexts line up row under row; the rank and the place in the page's font. */
  .left,
  .right {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
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
    text-overflow: ellipsis;
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
    flex: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 16px;
    /* The colour bar starts where the heat track does (GUTTER less the legend's 6 px inset). */
    padding: 0 8px 0 40px;
    color: var(--_muted);
    font-size: max(11px, 0.8em);
  }
`;
