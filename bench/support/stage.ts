/**
 * Where benchmark views are shown, and checks that they were drawn. Every
 * view goes into its own 600 x 600 box at the page's top left, in view, so
 * that page coordinates equal box coordinates and nothing is culled as
 * off-screen.
 *
 * @example
 * ```ts
 * const box = stage();
 * box.append(view);
 * ```
 */
import '../../src/elements/attention-heatmap/define.js';
import type { AttentionHeatmap, AttentionView } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import { median } from '../stats.js';

/** Side of every view, in CSS pixels. */
export const SIDE = 600;

/** A new empty 600 x 600 box at the page's top left. */
export function stage(): HTMLDivElement {
  document.body.style.margin = '0';
  const box = document.createElement('div');
  box.style.cssText = `position:absolute;left:0;top:0;width:${SIDE}px;height:${SIDE}px`;
  document.body.append(box);
  return box;
}

/**
 * `<nn-attention-heatmap>` showing `attention` in `view`, resolved at
 * `updateComplete` (once the data is drawn on its canvas).
 */
export async function showAttention(attention: { data: Float32Array; shape: number[] }, view: AttentionView): Promise<AttentionHeatmap> {
  const box = stage();
  const el = document.createElement('nn-attention-heatmap');
  el.eager = true;
  el.style.cssText = `display:block;width:${SIDE}px;height:${SIDE}px`;
  el.attention = attention;
  el.view = view;
  box.append(el);
  await el.updateComplete;
  return el;
}

/** Removes a view and the box it was staged in. */
export function unstage(view: Element): void {
  (view.parentElement ?? view).remove();
}

/** How many pixels of `canvas` are opaque and not white: cells drawn, not background. */
export function paintedPixels(canvas: HTMLCanvasElement): number {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('paintedPixels: no 2D context.');
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 255 && !(data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255)) painted++;
  }
  return painted;
}

/**
 * Checks, untimed, that the element drew its data: no error, the backend
 * asked for, and at least `minPainted` pixels of its cells canvas coloured.
 */
export function expectDrawn(el: AttentionHeatmap, backend: string, minPainted: number): void {
  if (el.error) throw new Error(`nn-attention-heatmap shows an error: ${el.error}`);
  if (el.backend !== backend) throw new Error(`nn-attention-heatmap computed on "${el.backend}", expected "${backend}".`);
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.cells');
  if (!canvas) throw new Error('nn-attention-heatmap has no canvas.cells.');
  const painted = paintedPixels(canvas);
  if (painted < minPainted) throw new Error(`nn-attention-heatmap painted ${painted} pixels, expected at least ${minPainted}.`);
}

/**
 * Says on the console (not in the JSON lines) how long raster went on after
 * the timed two frames, as `timeFirstPaint` collected it, then empties `tails`.
 */
export function logRasterTails(name: string, tails: number[]): void {
  if (tails.length > 0)
    console.info(`${name}: raster after the two frames, median ${median(tails).toFixed(0)} ms (max ${Math.max(...tails).toFixed(0)} ms)`);
  tails.length = 0;
}
