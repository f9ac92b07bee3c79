/**
 * Sizes a canvas for crisp drawing: its backing store gets `cssWidth x
 * cssHeight` CSS pixels times the device pixel ratio, and the returned 2D
 * context is scaled so that drawing code works in CSS pixels.
 *
 * @example
 * ```ts
 * const ctx = fitCanvas(canvas, 320, 240); // 640 x 480 backing store on a 2x screen
 * ctx.fillRect(0, 0, 320, 240);            // fills it all
 * ```
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  pixelRatio: number = globalThis.devicePixelRatio || 1,
): CanvasRenderingContext2D {
  const width = Math.max(1, Math.round(cssWidth * pixelRatio));
  const height = Math.max(1, Math.round(cssHeight * pixelRatio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot create a 2D canvas context.');
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  return ctx;
}
