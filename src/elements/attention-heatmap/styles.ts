import { css } from 'lit';

export const attentionHeatmapStyles = css`
  :host {
    min-height: 240px;
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
    max-width: 260px;
    overflow-wrap: anywhere;
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
    justify-content: flex-start;
    padding-top: 2px;
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
  .heads button[aria-pressed='false'] {
    opacity: 0.45;
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
  svg [part='token'] {
    cursor: pointer;
  }
`;
