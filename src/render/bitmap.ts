/**
 * Pixels as a bitmap that a 2D context can scale with `drawImage`: the way
 * nnscope enlarges one-pixel-per-value images (heatmap cells, thumbnails,
 * attribution maps, input pictures) on the compositor instead of filling a
 * rectangle per value.
 *
 * @example
 * ```ts
 * ctx.imageSmoothingEnabled = false;
 * ctx.drawImage(bitmapOf(new ImageData(rgba, cols, rows)), x, y, width, height);
 * ```
 */
export function bitmapOf(image: ImageData): OffscreenCanvas;
export function bitmapOf(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): OffscreenCanvas;
export function bitmapOf(pixels: ImageData | Uint8ClampedArray<ArrayBuffer>, width?: number, height?: number): OffscreenCanvas {
  const image = pixels instanceof ImageData ? pixels : new ImageData(pixels, width!, height!);
  const bitmap = new OffscreenCanvas(image.width, image.height);
  const ctx = bitmap.getContext('2d');
  if (!ctx) throw new Error('This browser cannot create an OffscreenCanvas 2D context.');
  ctx.putImageData(image, 0, 0);
  return bitmap;
}

let scratch: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | undefined;

/**
 * Like {@link bitmapOf}, but into one canvas shared by every caller, so a
 * draw does not create a canvas and its 2D context (about 0.7 ms each time).
 * The bitmap is only valid until the next call: pass it straight to
 * `drawImage` (which copies what it shows at that moment), never keep it.
 *
 * @example
 * ```ts
 * ctx.drawImage(transientBitmap(pixels, cols, rows), x, y, width, height);
 * ```
 */
export function transientBitmap(image: ImageData): OffscreenCanvas;
export function transientBitmap(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): OffscreenCanvas;
export function transientBitmap(pixels: ImageData | Uint8ClampedArray<ArrayBuffer>, width?: number, height?: number): OffscreenCanvas {
  const image = pixels instanceof ImageData ? pixels : new ImageData(pixels, width!, height!);
  if (!scratch) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot create an OffscreenCanvas 2D context.');
    scratch = { canvas, ctx };
  }
  const { canvas, ctx } = scratch;
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  // putImageData replaces every pixel of the canvas (no blending): nothing of the last call shows through.
  ctx.putImageData(image, 0, 0);
  return canvas;
}
