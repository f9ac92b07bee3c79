import { paintCells } from '../../render/heatmap.js';
import { transientBitmap } from '../../render/bitmap.js';
import type { Thumbnails } from './attention-source.js';
import { LABEL_FONT_PX } from './matrix-layout.js';

/** Where the layers x heads grid of thumbnails goes, in CSS pixels. */
export interface ModelLayout {
  x: number;
  y: number;
  /** Side of one thumbnail. */
  size: number;
  gap: number;
  layers: number;
  heads: number;
}

const GUTTER = 28;

/** Thumbnails as large as fit, with room for layer labels (left) and head labels (top). */
export function layoutModel(width: number, height: number, layers: number, heads: number): ModelLayout {
  const gap = heads > 24 || layers > 24 ? 1 : 3;
  const size = Math.max(2, Math.floor(Math.min((width - GUTTER - 4) / heads - gap, (height - GUTTER - 4) / layers - gap)));
  return { x: GUTTER, y: GUTTER, size, gap, layers, heads };
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
  ctx.font = `${LABEL_FONT_PX - 1}px ${paint.font}`;
  ctx.textBaseline = 'middle';
  const pitch = layout.size + layout.gap;
  const step = Math.max(1, Math.ceil(16 / pitch));
  ctx.textAlign = 'right';
  for (let layer = 0; layer < layout.layers; layer += step) ctx.fillText(`L${layer}`, layout.x - 4, layout.y + layer * pitch + layout.size / 2);
  ctx.textAlign = 'center';
  for (let head = 0; head < layout.heads; head += step) ctx.fillText(`H${head}`, layout.x + head * pitch + layout.size / 2, layout.y - 9);
  ctx.restore();
}
