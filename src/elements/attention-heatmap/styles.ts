import { css } from 'lit';

export const attentionHeatmapStyles = css`
  /* No fixed height: each view is as tall as what it draws (see .height-probe). */
  .height-probe {
    float: left;
    width: 0;
    height: 100%;
    visibility: hidden;
  }
  .stage {
    position: relative;
  }
  canvas {
    display: block;
  }
  canvas.overlay {
    position: absolute;
    inset: 0;
    touch-action: none;
    cursor: crosshair;
  }
  :host([view='model']) canvas.overlay {
    cursor: pointer;
  }
  .toolbar {
    position: absolute;
    top: 2px;
    left: 2px;
    display: flex;
    gap: 8px;
    align-items: center;
    padding: 2px 4px;
    color: var(--_muted);
    background: color-mix(in srgb, var(--_background) 88%, transparent);
    border-radius: 4px;
  }
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_background);
    border: 1px solid var(--_grid);
    border-radius: 4px;
    padding: 2px 8px;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
  }
  .tooltip {
    width: max-content;
    max-width: 260px;
    overflow-wrap: anywhere;
  }
  .toolbar-static .key-hint {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .muted {
    color: var(--_muted);
  }
  .toolbar-static {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin-bottom: 6px;
  }
  .extras {
    display: flex;
    flex-wrap: nowrap;
    overflow-x: auto;
    gap: 6px;
    align-items: center;
    height: 30px;
    margin-bottom: 4px;
  }
  .extras button[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .legend-row {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    padding-top: 2px;
  }
  .legend-row svg {
    display: block;
    overflow: visible;
  }
  /* The text view on a dark page runs light-to-dark schemes the other way: the bar is mirrored, the ticks stay. */
  .reversed svg.legend > rect:first-of-type {
    transform: scaleX(-1);
    transform-box: fill-box;
    transform-origin: center;
  }
  .legend-notes {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .scroll {
    overflow: auto;
    max-height: 100%;
  }
  .heads {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-bottom: 6px;
  }
  .layer-name {
    color: var(--_muted);
    margin-right: 4px;
  }
  /* bertviz's head picker: a swatch per head, filled when the head is drawn. */
  .heads .head-swatch {
    box-sizing: border-box;
    width: 18px;
    height: 18px;
    padding: 0;
    border: 2px solid var(--head);
    border-radius: 3px;
    background: var(--head);
    color: transparent;
    overflow: hidden;
  }
  .heads .head-swatch[aria-pressed='false'] {
    background: transparent;
  }
  .heads .head-swatch.cursor {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    margin-right: 4px;
    border-radius: 2px;
    vertical-align: -1px;
  }
  .note {
    color: var(--_muted);
    margin: 4px 0;
  }
  svg text {
    fill: currentColor;
  }
  svg .titles text {
    fill: var(--_muted);
  }
  svg [part='token'] {
    cursor: pointer;
  }
`;
