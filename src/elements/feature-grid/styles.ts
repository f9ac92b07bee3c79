import { css } from 'lit';

export const featureGridStyles = css`
  :host {
    --_tile-size: var(--nn-tile-size, 56px);
    height: 420px;
    min-height: 160px;
  }
  [part='view']:not([hidden]) {
    display: flex;
    flex-direction: column;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    padding-bottom: 4px;
    color: var(--_muted);
  }
  .scroll {
    position: relative;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overflow-x: hidden;
    overscroll-behavior: contain;
  }
  canvas {
    display: block;
  }
  .spacer {
    position: relative;
    /* Bands reaching past the last row must not lengthen the scroll. */
    overflow: clip;
  }
  canvas.tiles {
    position: absolute;
    left: 0;
    top: 0;
    cursor: pointer;
  }
  .tooltip {
    z-index: 2;
    font-variant-numeric: tabular-nums;
  }
  .tooltip canvas {
    image-rendering: pixelated;
    margin-bottom: 4px;
    border: 1px solid var(--_grid);
  }
  .spatial {
    display: flex;
    gap: 16px;
    flex: 1;
    min-height: 0;
  }
  .spatial canvas.input {
    cursor: crosshair;
    touch-action: none;
  }
  .spatial canvas.top {
    cursor: pointer;
  }
  .side {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  .caption {
    margin: 0;
    color: var(--_muted);
  }
`;
