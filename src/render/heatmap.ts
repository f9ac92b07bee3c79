import { transientBitmap } from './bitmap.js';
import type { UnitScale } from '../scales/value-scale.js';
/** A row-major matrix of values, the columnar form every painter takes. */
export interface Matrix {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** Where on the canvas, in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Colours every cell of `matrix` into RGBA bytes, one pixel per cell: `unit`
 * maps a value to [0, 1] (NaN for "no value"), `lut` is an RGBA table from
 * `colormapLut`, and `missing` the RGBA of cells without a value.
 *
 * One pass over a typed array with a table lookup per cell: no per-cell
 * objects or colour strings (tfjs-vis builds one object per cell and falls to
 * a few frames per second at 50k cells).
 *
 * @example
 * ```ts
 * const pixels = paintCells({ values, rows: 2, cols: 2 }, unitScale('linear', [0, 1]), colormapLut('viridis'), [0, 0, 0, 0]);
 * ```
 */
export function paintCells(
  matrix: Matrix,
  unit: UnitScale,
  lut: Uint8ClampedArray,
  missing: readonly [number, number, number, number],
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(matrix.rows * matrix.cols * 4),
): Uint8ClampedArray<ArrayBuffer> {
  const { values, rows, cols } = matrix;
  const n = rows * cols;
  if (values.length < n) {
    throw new Error(`paintCells: ${rows} x ${cols} needs ${n} values, got ${values.length}.`);
  }
  // One 32-bit store per cell instead of four byte stores: the table and the
  // output are viewed as RGBA words in the platform's byte order.
  const colors = new Uint32Array(lut.buffer, lut.byteOffset, lut.length >> 2);
  const pixels = new Uint32Array(out.buffer, out.byteOffset, n);
  const none = new Uint32Array(new Uint8ClampedArray(missing).buffer)[0];
  const last = colors.length - 1;
  if (unit.linear) {
    // The same map inlined: a call per cell was a quarter of a 512 x 512 first paint.
    const { lo, scale } = unit.linear;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v !== 0) {
        pixels[i] = none;
        continue;
      }
      const t = (v - lo) * scale;
      pixels[i] = colors[((t < 0 ? 0 : t > 1 ? 1 : t) * last + 0.5) | 0];
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const t = unit(values[i]);
    // (t * last + 0.5) | 0 rounds like Math.round for t in [0, 1].
    pixels[i] = t === t ? colors[(t * last + 0.5) | 0] : none;
  }
  return out;
}

/**
 * Draws cell colours (from `paintCells`) into `rect` of a 2D context, each
 * cell a sharp-edged block: the cells go into a bitmap at one pixel per cell
 * and are scaled with smoothing off, so the GPU compositor does the
 * enlargement instead of one fillRect per cell.
 */
export function drawCells(ctx: CanvasRenderingContext2D, pixels: Uint8ClampedArray<ArrayBuffer>, rows: number, cols: number, rect: Rect): void {
  if (rows === 0 || cols === 0) return;
  const bitmap = transientBitmap(pixels, cols, rows);
  const smoothing = ctx.imageSmoothingEnabled;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height);
  ctx.imageSmoothingEnabled = smoothing;
}
