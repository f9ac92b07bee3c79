import { nothing } from 'lit';
import type { ElementView } from '../../base/view.js';
import { drawHeatTrack, trackBlock, trackMatrix, type TrackRows } from '../draw-heat-track.js';
import { bandAt, layoutTimeline, stepAt, type StepWindow, type TimelineLayout } from '../timeline-layout.js';
import type { StepTarget, TracerHost } from './host.js';
import { stepCard, stepSentence } from './step-card.js';

/** The units the heat track shows: the selected ones, or all with `heatmap="all"`. */
export function trackUnits(host: Pick<TracerHost, 'traced' | 'result' | 'heatmap'>): ArrayLike<number> {
  if (host.heatmap === 'all' && host.traced) return Int32Array.from({ length: host.traced.units }, (_, u) => u);
  return host.result?.units ?? new Int32Array(0);
}

/**
 * The canvas layout for a draw and the heat track's rows: the track's
 * height follows from how many units it shows, and how many units share a
 * row from the track's height. Pure: tests lay the canvas out the same way
 * from the element's public state.
 *
 * @example
 * ```ts
 * const { layout } = tracerLayout(700, 302, { start: 0, span: 53 }, [0, 1], 13);
 * ```
 */
export function tracerLayout(
  width: number,
  height: number,
  window: StepWindow,
  units: ArrayLike<number>,
  label = 11,
): { layout: TimelineLayout; trackRows: TrackRows } {
  const layout = layoutTimeline(width, height, window, units.length, label);
  return { layout, trackRows: { units, block: trackBlock(units.length, layout.track.height) } };
}

/**
 * The units x time heat track under the token axis: one row per shown unit
 * (blocks of units averaged when there are more units than pixel rows),
 * coloured through the frame's colour scale, the one the legend shows.
 */
export const heatTrackView: ElementView<TracerHost, StepTarget> = {
  template: () => nothing,

  draw(host) {
    const { frame, traced } = host;
    if (frame) frame.trackLabels = [];
    if (!frame || !traced || frame.trackRows.units.length === 0) return;
    const { layout, trackRows, scale, style } = frame;
    const matrix = trackMatrix(traced.values, traced.units, layout.window, trackRows);
    frame.trackLabels = drawHeatTrack(
      frame.ctx,
      layout,
      matrix,
      trackRows,
      { unit: scale.unit, lut: scale.lut, missing: style.missing, text: style.colors.text, font: style.font, label: style.label },
      host.trackBitmap,
    );
  },

  /** The step under the pointer and the unit of the row (the first of a block). */
  hitTest(host, point) {
    const { frame, traced } = host;
    if (!frame || !traced) return undefined;
    const { layout, trackRows } = frame;
    if (bandAt(layout, point.x, point.y) !== 'track' || trackRows.units.length === 0) return undefined;
    const rows = Math.ceil(trackRows.units.length / trackRows.block);
    const row = Math.max(0, Math.min(rows - 1, Math.floor(((point.y - layout.track.y) / layout.track.height) * rows)));
    const unit = trackRows.units[row * trackRows.block];
    const t = stepAt(layout, point.x);
    return { view: 'track', band: 'track', t, unit, value: traced.values[t * traced.units + unit], at: point };
  },

  tooltip: stepCard,
  describe: stepSentence,

  legendNotes(host) {
    const shown = trackUnits(host).length;
    if (shown === 0) return ['heat track: select steps to see the units on there'];
    const block = host.frame?.trackRows.block ?? 1;
    return [`heat track: ${host.heatmap === 'all' ? 'all units' : 'selected units'}${block > 1 ? `, mean of ${block} units a row` : ''}`];
  },
};
