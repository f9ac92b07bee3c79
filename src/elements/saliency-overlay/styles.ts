import { css } from 'lit';

/** Styles of `<nn-saliency-overlay>`; local tokens default to the shared `--nn-*` ones. */
export const saliencyOverlayStyles = css`
  :host {
    --_token-radius: var(--nn-saliency-token-radius, 3px);
    min-height: 160px;
  }
  .figure {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  .stage {
    position: relative;
    flex: 1 1 auto;
    min-height: 60px;
  }
  canvas {
    display: block;
    touch-action: none;
    cursor: crosshair;
  }
  .panels {
    position: relative;
    display: flex;
    gap: 8px;
    flex: 1 1 auto;
    min-height: 60px;
  }
  .panel {
    position: relative;
    flex: 1 1 0;
    min-width: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
  }
  .panel .stage {
    flex: 1 1 auto;
  }
  figcaption {
    text-align: center;
    line-height: 1.3;
    height: 34px;
    overflow: hidden;
  }
  figcaption .rho {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  /* The tooltip card is the base's (class "tooltip"); values line up. */
  .tooltip {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [part='controls'] {
    display: flex;
    align-items: center;
    gap: 8px;
    height: 30px;
    color: var(--_muted);
  }
  [part='controls'] label {
    display: flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
    min-width: 0;
  }
  [part='slider'] {
    width: 140px;
    min-width: 48px;
    flex: 0 1 140px;
    accent-color: var(--_accent);
  }
  .readout {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .legend-row {
    color: var(--_text);
  }
  .legend-row .note {
    color: var(--_muted);
    font-size: 0.95em;
    line-height: 1.3;
    padding: 0 6px;
  }
  .text-surface {
    position: relative;
  }
  .tokens {
    margin: 4px 0;
    line-height: 2.1;
    font-size: 1.25em;
    overflow-wrap: anywhere;
  }
  .token {
    padding: 2px 4px;
    border-radius: var(--_token-radius);
    box-decoration-break: clone;
    -webkit-box-decoration-break: clone;
  }
  .token.focused {
    outline: 2px solid var(--_accent);
  }
  .token.pinned {
    box-shadow: inset 0 -3px 0 var(--_accent);
  }
`;
