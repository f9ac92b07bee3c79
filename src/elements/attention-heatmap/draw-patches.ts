import { drawCells, paintCells, type Rect } from '../../render/heatmap.js';
import { loadImage } from '../../data/image-tensor.js';
import { transientBitmap } from '../../render/bitmap.js';

/** Anything the patches view can draw as the picture under the attention. */
export type PatchImage = HTMLImageElement | HTMLCanvasElement | ImageBitmap | OffscreenCanvas | ImageData;

/** Where the image and its patch grid go, in CSS pixels. */
export interface PatchLayout {
  image: Rect;
  rows: number;
  cols: number;
}

/**
 * Parses `patch-grid="[14, 14]"` (or a `[rows, cols]` array): positive
 * integers, or a message naming what is wrong.
 */
export function parsePatchGrid(value: unknown): [number, number] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let grid = value;
  if (typeof value === 'string') {
    try {
      grid = JSON.parse(value);
    } catch {
      throw new Error(`patch-grid must be "[rows, cols]", like "[14, 14]"; got ${JSON.stringify(value)}.`);
    }
  }
  if (!Array.isArray(grid) || grid.length !== 2 || !grid.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`patch-grid must be two positive integers [rows, cols], like [14, 14]; got ${JSON.stringify(grid)}.`);
  }
  return [grid[0], grid[1]];
}

/** Loads `image` (a URL or something drawable) as something drawable, with a message naming a URL that fails. */
export async function loadPatchImage(image: string | PatchImage, signal: AbortSignal): Promise<PatchImage> {
  if (typeof image !== 'string') {
    if (image instanceof HTMLImageElement && !image.complete) await image.decode();
    return image;
  }
  return loadImage(image, { signal, source: 'image' });
}

export function imageSize(image: PatchImage): { width: number; height: number } {
  if (image instanceof HTMLImageElement) return { width: image.naturalWidth, height: image.naturalHeight };
  return { width: image.width, height: image.height };
}

/** The image as large as fits in `width x height`, keeping its aspect ratio. */
export function layoutPatches(image: PatchImage, width: number, height: number, rows: number, cols: number): PatchLayout {
  const size = imageSize(image);
  const scale = Math.min(width / Math.max(1, size.width), height / Math.max(1, size.height));
  const w = size.width * scale;
  const h = size.height * scale;
  return { image: { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h }, rows, cols };
}

/** The patch under a point, as (row, col), or undefined outside the image. */
export function patchAt(layout: PatchLayout, x: number, y: number): { row: number; col: number } | undefined {
  const { image, rows, cols } = layout;
  if (x < image.x || y < image.y || x >= image.x + image.width || y >= image.y + image.height) return undefined;
  return { row: Math.floor(((y - image.y) / image.height) * rows), col: Math.floor(((x - image.x) / image.width) * cols) };
}

export interface PatchPaint {
  image: PatchImage;
  layout: PatchLayout;
  /** One value per patch, row-major `[rows, cols]`. */
  values: Float32Array;
  unit: (value: number) => number;
  lut: Uint8ClampedArray;
  /** 0..1: how strongly the attention covers the picture. */
  opacity: number;
}

/**
 * Draws the picture and, over it, one block per patch in the colour of the
 * attention that patch receives: the patch grid is the key axis reshaped to
 * the image, as a ViT sees it.
 */
export function drawPatches(ctx: CanvasRenderingContext2D, paint: PatchPaint): void {
  const { image, layout } = paint;
  const r = layout.image;
  ctx.drawImage(image instanceof ImageData ? transientBitmap(image) : image, r.x, r.y, r.width, r.height);
  const transparent = [0, 0, 0, 0] as const;
  const pixels = paintCells({ values: paint.values, rows: layout.rows, cols: layout.cols }, paint.unit, paint.lut, transparent);
  ctx.save();
  ctx.globalAlpha = paint.opacity;
  drawCells(ctx, pixels, layout.rows, layout.cols, r);
  ctx.restore();
}
