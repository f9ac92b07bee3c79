import { css } from 'lit';

/** Styles of `<nn-saliency-overlay>`; local tokens default to the shared `--nn-*` ones. */
export const saliencyOverlayStyles = css`
  :host {
    --_token-radius: var(--nn-saliency-token-radius, 3px);
  }
  .figure {
    display: flex;
    flex-direction: column;
    height: 100%;
  }
  /*
   * A stage's height is the picture's at a useful size for its width (set
   * inline by the view): with no height on the element, the element is as
   * tall as its content; with one, the stage grows or shrinks from it to
   * fill the height, and the picture is fitted to the stage.
   */
  .stage {
    position: relative;
    flex: 1 1 auto;
    min-height: 60px;
  }
  /*
   * The stages' width comes from their container: the figure, or a
   * compare panel. Their natural height is computed here from it, in the
   * layout pass that sets the width (layout.ts's naturalHeight, the same
   * rule): each of --_across pictures of --_pw x --_ph pixels gets its share
   * of the width less the gaps; the scale is the smaller of that share and
   * NATURAL_MAX_HEIGHT (360 px) over the picture, whole when 2 or more.
   */
  .figure,
  .panel {
    container-type: inline-size;
  }
  .stage[data-natural] {
    --_each: calc((100cqw - 8px * (var(--_across) - 1)) / var(--_across));
    --_scale: min(var(--_each) / var(--_pw), 360px / var(--_ph));
    --_whole: max(round(down, var(--_scale), 1px), min(var(--_scale), 2px));
    height: max(1px, round(down, var(--_ph) * var(--_whole), 1px));
  }
  .explains {
    margin: 0 0 6px;
    font-variant-numeric: tabular-nums;
  }
  /* A picture is centred in its column; its class statement, slider and legend are centred with it. */
  .figure.picture .explains {
    text-align: center;
  }
  .figure.picture [part='controls'] {
    justify-content: center;
  }
  .figure.picture .legend-row .note {
    margin: 0 auto;
    text-align: center;
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
  /*
   * A compare panel's stage keeps its natural height and shrinks to fit a
   * set height, never grows: when a caption wraps at a narrow width, or a
   * set height is taller than the pictures, the extra goes under the
   * caption, so the pictures stay in line and nothing leaves the box.
   */
  .panels .stage {
    flex: 0 1 auto;
  }
  .panels figcaption {
    flex: 1 0 auto;
    justify-content: flex-start;
  }
  .panel {
    position: relative;
    flex: 1 1 0;
    min-width: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
  }
  figcaption {
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    line-height: 1.3;
    padding-top: 4px;
  }
  figcaption .title {
    font-weight: 600;
  }
  .bar {
    max-width: 100%;
    margin-top: 4px;
  }
  .figure.picture .bar {
    margin: 4px auto 0;
  }
  .bar svg {
    display: block;
    overflow: visible;
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
    min-height: 30px;
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
    font-size: 0.85em;
    line-height: 1.35;
    padding: 2px 6px 0;
    max-width: 44em;
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
