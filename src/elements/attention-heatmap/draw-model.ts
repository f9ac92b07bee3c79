import { paintCells } from '../../render/heatmap.js';
import { transientBitmap } from '../../render/bitmap.js';
import type { Thumbnails } from './attention-source.js';

/** Where the layers x heads grid of thumbnails goes, in CSS pixels. */
export interface ModelLayout {
  x: number;
  y: number;
  /** Side of one thumbnail. */
  size: number;
  gap: number;
  layers: number;
  heads: number;
  /** Label type size in px. */
  labelPx: number;
  /** The canvas the grid and its labels fill. */
  canvas: { width: number; height: number };
}

/** Largest thumbnail when the height comes from the content: 4 heads in a wide column stay thumbnails. */
const MAX_THUMB_PX = 120;

/**
 * Thumbnails as large as fit, with room for layer labels (left, "L11") and
 * head labels (top). Without `height` they fill the width (at most
 * {@link MAX_THUMB_PX} each) and the canvas is as tall as the grid.
 */
export function layoutModel(width: number, height: number | undefined, layers: number, heads: number, labelPx = 11): ModelLayout {
  const gap = heads > 24 || layers > 24 ? 1 : 3;
  const left = Math.ceil(labelPx * 0.65 * (1 + String(Math.max(0, layers - 1)).length)) + 8;
  const top = Math.ceil(labelPx * 1.4) + 6;
  const across = (width - left - 4) / heads - gap;
  const size = Math.max(2, Math.floor(height === undefined ? Math.min(across, MAX_THUMB_PX) : Math.min(across, (height - top - 4) / layers - gap)));
  const natural = Math.ceil(top + layers * (size + gap) + 4);
  // Within a set height: no taller than the grid, so the legend sits right under it.
  const canvasHeight = height === undefined ? natural : Math.min(natural, Math.floor(height));
  return { x: left, y: top, size, gap, layers, heads, labelPx, canvas: { width, height: canvasHeight } };
}

/** The thumbnail under a point. */
export function thumbAt(layout: ModelLayout, x: number, y: number): { layer: number; head: number } | undefined {
  const pitch = layout.size + layout.gap;
  const head = Math.floor((x - layout.x) / pitch);
  const layer = Math.floor((y - layout.y) / pitch);
  if (head < 0 || layer < 0 || head >= layout.heads || layer >= layout.layers) return undefined;
  if ((x - layout.x) % pitch > layout.size || (y - layout.y) % pitch > layout.size) return undefined;
  return { layer, head };
}

/** The square of one thumbnail. */
export function thumbRect(layout: ModelLayout, layer: number, head: number) {
  const pitch = layout.size + layout.gap;
  return { x: layout.x + head * pitch, y: layout.y + layer * pitch, width: layout.size, height: layout.size };
}

export interface ModelPaint {
  thumbs: Thumbnails;
  layout: ModelLayout;
  unit: (value: number) => number;
  lut: Uint8ClampedArray;
  missing: readonly [number, number, number, number];
  textColor: string;
  font: string;
  labelPx: number;
}

/**
 * Paints every head's thumbnail: all of them coloured into one RGBA atlas in
 * a single pass, then one drawImage per thumbnail from it. Nothing per cell
 * reaches the DOM.
 */
export function drawModel(ctx: CanvasRenderingContext2D, paint: ModelPaint): void {
  const { thumbs, layout } = paint;
  const { rows, cols } = thumbs;
  const count = layout.layers * layout.heads;
  // One tall atlas: thumbnail i occupies rows [i * rows, (i + 1) * rows).
  const atlas = paintCells({ values: thumbs.data, rows: count * rows, cols }, paint.unit, paint.lut, paint.missing);
  const bitmap = transientBitmap(atlas, cols, count * rows);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  for (let layer = 0; layer < layout.layers; layer++) {
    for (let head = 0; head < layout.heads; head++) {
      const i = layer * layout.heads + head;
      const rect = thumbRect(layout, layer, head);
      ctx.drawImage(bitmap, 0, i * rows, cols, rows, rect.x, rect.y, rect.width, rect.height);
    }
  }
  ctx.fillStyle = paint.textColor;
  ctx.font = `${paint.labelPx}px ${paint.font}`;
  ctx.textBaseline = 'middle';
  const pitch = layout.size + layout.gap;
  const step = Math.max(1, Math.ceil((paint.labelPx * 2) / pitch));
  ctx.textAlign = 'right';
  for (let layer = 0; layer < layout.layers; layer += step) ctx.fillText(`L${layer}`, layout.x - 4, layout.y + layer * pitch + layout.size / 2);
  ctx.textAlign = 'center';
  for (let head = 0; head < layout.heads; head += step)
    ctx.fillText(`H${head}`, layout.x + head * pitch + layout.size / 2, layout.y - Math.ceil(paint.labelPx * 0.7) - 2);
  ctx.restore();
}
