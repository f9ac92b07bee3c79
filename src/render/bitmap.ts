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
