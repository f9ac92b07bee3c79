import { paintCells, drawCells } from '../../render/heatmap.js';
import type { TimelineLayout } from './timeline-layout.js';

/** The rows of the heat track: one per unit, or blocks of units when there are more rows than pixels. */
export interface TrackRows {
  /** Units shown, ascending. */
  units: ArrayLike<number>;
  /** Units averaged per row (1 unless all units are shown in a short track). */
  block: number;
}

/**
 * The visible window of `units` as a `rows x span` matrix (units down, time
 * across), averaging `block` consecutive listed units per row. Reads only
 * the window: `span x units.length` values.
 *
 * @example
 * ```ts
 * trackMatrix(values, 512, { start: 0, span: 100 }, { units: [3, 9], block: 1 }); // 2 x 100
 * ```
 */
export function trackMatrix(values: Float32Array, width: number, window: { start: number; span: number }, rows: TrackRows): Float32Array {
  const count = Math.ceil(rows.units.length / rows.block);
  const out = new Float32Array(count * window.span);
  for (let r = 0; r < count; r++) {
    const first = r * rows.block;
    const last = Math.min(rows.units.length, first + rows.block);
    for (let c = 0; c < window.span; c++) {
      const row = (window.start + c) * width;
      let sum = 0;
      let n = 0;
      for (let i = first; i < last; i++) {
        const v = values[row + rows.units[i]];
        if (v === v) {
          sum += v;
          n++;
        }
      }
      out[r * window.span + c] = n ? sum / n : NaN;
    }
  }
  return out;
}

/** How many units per row a track `height` pixels tall needs to show `units` at >= 1 px a row. */
export function trackBlock(units: number, height: number): number {
  return Math.max(1, Math.ceil(units / Math.max(1, Math.floor(height))));
}

/**
 * Paints the heat track: one row per unit (or block), coloured through the
 * colormap's lookup table, one pixel per cell scaled up by the compositor;
 * unit numbers in the gutter when rows are tall enough to read.
 */
export function drawHeatTrack(
  ctx: CanvasRenderingContext2D,
  layout: TimelineLayout,
  matrix: Float32Array,
  rows: TrackRows,
  paint: { unit: (value: number) => number; lut: Uint8ClampedArray; missing: readonly [number, number, number, number]; text: string; font: string },
): void {
  const { track, window } = layout;
  const count = Math.ceil(rows.units.length / rows.block);
  if (count === 0 || track.height === 0) return;
  const pixels = paintCells({ values: matrix, rows: count, cols: window.span }, paint.unit, paint.lut, paint.missing);
  drawCells(ctx, pixels, count, window.span, track);
  const rowHeight = track.height / count;
  if (rowHeight >= 9) {
    ctx.save();
    ctx.font = `10px ${paint.font}`;
    ctx.fillStyle = paint.text;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < count; r++) ctx.fillText(`u${rows.units[r * rows.block]}`, track.x - 6, track.y + (r + 0.5) * rowHeight);
    ctx.restore();
  }
}
