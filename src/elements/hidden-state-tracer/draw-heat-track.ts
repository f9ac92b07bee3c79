import { paintCells } from '../../render/heatmap.js';
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

/** A unit label drawn in the heat track's gutter, and the row it names. */
export interface TrackLabel {
  text: string;
  /** The label's centre, in canvas pixels. */
  y: number;
  /** The row (or block of units) it names. */
  row: number;
}

/**
 * Paints the heat track: one row per unit (or block), coloured through the
 * colormap's lookup table, one pixel per cell scaled up by the compositor;
 * unit numbers in the gutter, in the page's font at the label size: every
 * row's when rows are as tall as a label, else every few rows' (each label
 * at its own row, never two overlapping). Returns the labels drawn.
 */
export function drawHeatTrack(
  ctx: CanvasRenderingContext2D,
  layout: TimelineLayout,
  matrix: Float32Array,
  rows: TrackRows,
  paint: {
    unit: (value: number) => number;
    lut: Uint8ClampedArray;
    missing: readonly [number, number, number, number];
    text: string;
    font: string;
    /** Label size in px (the element's typography().label). */
    label: number;
  },
  bitmap: TrackBitmap = new TrackBitmap(),
): TrackLabel[] {
  const { track, window } = layout;
  const count = Math.ceil(rows.units.length / rows.block);
  if (count === 0 || track.height === 0) return [];
  bitmap.draw(ctx, count, window.span, track, (out) =>
    paintCells({ values: matrix, rows: count, cols: window.span }, paint.unit, paint.lut, paint.missing, out),
  );
  const labels = trackLabels(rows, track, paint.label);
  ctx.save();
  ctx.font = `${paint.label}px ${paint.font}`;
  ctx.fillStyle = paint.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const label of labels) ctx.fillText(label.text, track.x - 6, label.y);
  ctx.restore();
  return labels;
}

/**
 * Which rows of the track get a label: each row, when rows are at least a
 * label tall; otherwise the first, and then each row whose centre is a
 * label's height past the last labelled one (so labels sit at their rows).
 */
export function trackLabels(rows: TrackRows, track: { y: number; height: number }, label: number): TrackLabel[] {
  const count = Math.ceil(rows.units.length / rows.block);
  const rowHeight = track.height / count;
  const out: TrackLabel[] = [];
  let free = -Infinity;
  for (let r = 0; r < count; r++) {
    const y = track.y + (r + 0.5) * rowHeight;
    if (y - label / 2 < free - 0.5) continue;
    // A block's first unit names it (the legend says how many units a row averages).
    out.push({ text: `u${rows.units[r * rows.block]}`, y, row: r });
    free = y + label / 2 + 1;
  }
  return out;
}

/**
 * The heat track's one-pixel-per-cell bitmap, kept between frames (one per
 * element) and scaled up with smoothing off, as `drawCells` does. A new
 * OffscreenCanvas and context every scroll frame, as `drawCells` makes,
 * cost about 1.5 ms of a frame (profiled on the loaded bench machine).
 *
 * @example
 * ```ts
 * const bitmap = new TrackBitmap();
 * drawHeatTrack(ctx, layout, matrix, rows, paint, bitmap);
 * ```
 */
export class TrackBitmap {
  private canvas?: OffscreenCanvas;
  private context?: OffscreenCanvasRenderingContext2D;
  private image?: ImageData;

  /** Paints `rows x cols` cells with `paint` (into the pixels it is given) and draws them into `rect`. */
  draw(
    ctx: CanvasRenderingContext2D,
    rows: number,
    cols: number,
    rect: { x: number; y: number; width: number; height: number },
    paint: (out: Uint8ClampedArray<ArrayBuffer>) => void,
  ): void {
    if (rows === 0 || cols === 0) return;
    if (!this.canvas || !this.image || this.canvas.width !== cols || this.canvas.height !== rows) {
      this.canvas = new OffscreenCanvas(cols, rows);
      const context = this.canvas.getContext('2d');
      if (!context) throw new Error('This browser cannot create an OffscreenCanvas 2D context.');
      this.context = context;
      this.image = new ImageData(cols, rows);
    }
    paint(this.image.data);
    this.context!.putImageData(this.image, 0, 0);
    const smoothing = ctx.imageSmoothingEnabled;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, rect.x, rect.y, rect.width, rect.height);
    ctx.imageSmoothingEnabled = smoothing;
  }
}
