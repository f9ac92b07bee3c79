import { css } from 'lit';

export const featureGridStyles = css`
  /* No height: the element is as tall as its content (the grid's rows up to --nn-max-height, then it scrolls); a height the page sets is filled. */
  :host {
    --_tile-size: var(--nn-tile-size, 56px);
    --_max-height: var(--nn-max-height, 600px);
  }
  /* The element is as tall as its tiles, so the value card may reach past it: above what follows, while it shows. */
  :host(:hover),
  :host(:focus) {
    z-index: 1;
  }
  [part='view']:not([hidden]) {
    display: flex;
    flex-direction: column;
  }
  .header {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    padding-bottom: 6px;
    color: var(--_muted);
  }
  /* A flush legend: its bar starts at the plot's left edge. */
  .legend {
    display: block;
    color: var(--_muted);
  }
  .legend-note {
    margin-top: -2px;
    color: var(--_muted);
    font-size: max(11px, 0.8em);
  }
  .scroll {
    position: relative;
    /* The basis is the grid's height up to --nn-max-height (set when it draws); a set height grows or shrinks it. */
    flex: 1 1 auto;
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
    flex: 1 1 auto;
    min-height: 0;
    align-items: flex-start;
  }
  .spatial.stacked {
    flex-direction: column;
  }
  .spatial canvas.input {
    image-rendering: pixelated;
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
