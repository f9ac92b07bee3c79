import { tf } from '../tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import { NnDataError } from './errors.js';

/** What can be turned into an image tensor: a URL, something drawable, pixels, or a tensor [H, W, 1|3|4]. */
export type ImageInput = string | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageBitmap | ImageData | Tensor;

/**
 * An image as a new float32 tensor `[height, width, channels]` with values in
 * [0, 1], the caller's to dispose:
 *
 * - a URL is fetched and decoded (`crossOrigin = 'anonymous'`, so a
 *   cross-origin image needs CORS, as any canvas read does);
 * - `<img>`, canvas, `ImageBitmap` and `ImageData` go through
 *   `tf.browser.fromPixels`, dropping alpha, and are divided by 255;
 * - a tensor `[H, W, 1]`, `[H, W, 3]` (or `[H, W]`, taken as `[H, W, 1]`) is
 *   cast to float32; its values are taken as [0, 1] when its maximum is at
 *   most 1, else as [0, 255] and divided by 255. Yours is never disposed.
 *
 * `channels` 1 gives grey (the mean of red, green and blue), 3 colour; by
 * default a picture keeps 3 channels and a tensor its own.
 *
 * @example
 * ```ts
 * const image = await imageToTensor('/digit.png', { channels: 1 }); // [28, 28, 1] in [0, 1]
 * ```
 */
export async function imageToTensor(input: ImageInput, options: { channels?: 1 | 3; signal?: AbortSignal; source?: string } = {}): Promise<Tensor3D> {
  const source = options.source ?? 'image';
  let pixels: Tensor3D;
  if (input instanceof tf.Tensor) {
    pixels = await tensorImage(input, source);
  } else {
    const drawable = typeof input === 'string' ? await decodeUrl(input, source) : input;
    options.signal?.throwIfAborted();
    if (drawable instanceof HTMLImageElement && !drawable.complete) await drawable.decode();
    pixels = fromDrawable(drawable, source);
  }
  options.signal?.throwIfAborted();
  const { channels } = options;
  if (channels === undefined || channels === pixels.shape[2]) return pixels;
  const converted = tf.tidy(() => (channels === 1 ? tf.mean(pixels, 2, true) : tf.tile(pixels, [1, 1, 3]))) as Tensor3D;
  pixels.dispose();
  return converted;
}

/**
 * A picture's RGBA pixels on the CPU, without a round trip through a tensor:
 * a URL is decoded, `ImageData` is returned as it is (not copied), and an
 * `<img>`, canvas or `ImageBitmap` is drawn once into an OffscreenCanvas and
 * read. What a view draws and composites (masks) from; `imageToTensor`
 * takes the same inputs when a model needs the picture as a tensor.
 *
 * @example
 * ```ts
 * const pixels = await imagePixels('/digit.png'); // ImageData
 * ```
 */
export async function imagePixels(input: Exclude<ImageInput, Tensor>, options: { signal?: AbortSignal; source?: string } = {}): Promise<ImageData> {
  const source = options.source ?? 'image';
  if (input instanceof ImageData) return input;
  const drawable = typeof input === 'string' ? await decodeUrl(input, source) : input;
  options.signal?.throwIfAborted();
  if (drawable instanceof HTMLImageElement && !drawable.complete) await drawable.decode();
  const width = drawable instanceof HTMLImageElement ? drawable.naturalWidth : drawable.width;
  const height = drawable instanceof HTMLImageElement ? drawable.naturalHeight : drawable.height;
  if (!(width > 0 && height > 0)) throw new NnDataError(`the image is empty (${width} x ${height} pixels).`, { source });
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new NnDataError('this browser cannot create an OffscreenCanvas 2D context to read the image.', { source });
  ctx.drawImage(drawable, 0, 0);
  try {
    return ctx.getImageData(0, 0, width, height);
  } catch {
    throw new NnDataError('the image cannot be read (a cross-origin image without CORS taints the canvas).', { source });
  }
}

/**
 * Fetches and decodes a picture URL (`crossOrigin = 'anonymous'`); rejects
 * with an `NnDataError` naming the URL and, when given, the input it was for.
 *
 * @example
 * ```ts
 * const picture = await loadImage('/cat.jpg', { source: 'image', signal });
 * ```
 */
export async function loadImage(url: string, options: { signal?: AbortSignal; source?: string } = {}): Promise<HTMLImageElement> {
  const element = await decodeUrl(url, options.source);
  options.signal?.throwIfAborted();
  return element;
}

async function decodeUrl(url: string, source: string | undefined): Promise<HTMLImageElement> {
  const element = new Image();
  element.crossOrigin = 'anonymous';
  element.src = url;
  try {
    await element.decode();
  } catch {
    throw new NnDataError(`could not load "${url}" (missing, not an image, or blocked by CORS).`, { source });
  }
  return element;
}

function fromDrawable(drawable: Exclude<ImageInput, string | Tensor>, source: string): Tensor3D {
  const width = drawable instanceof HTMLImageElement ? drawable.naturalWidth : drawable.width;
  const height = drawable instanceof HTMLImageElement ? drawable.naturalHeight : drawable.height;
  if (!(width > 0 && height > 0)) throw new NnDataError(`the image is empty (${width} x ${height} pixels).`, { source });
  let pixelSource: Parameters<typeof tf.browser.fromPixels>[0];
  if (typeof OffscreenCanvas !== 'undefined' && drawable instanceof OffscreenCanvas) {
    const ctx = drawable.getContext('2d');
    if (!ctx) throw new NnDataError('cannot read an OffscreenCanvas that has no 2D context.', { source });
    pixelSource = ctx.getImageData(0, 0, width, height);
  } else {
    pixelSource = drawable as Parameters<typeof tf.browser.fromPixels>[0];
  }
  return tf.tidy(() => tf.div(tf.cast(tf.browser.fromPixels(pixelSource, 3), 'float32'), 255)) as Tensor3D;
}

async function tensorImage(input: Tensor, source: string): Promise<Tensor3D> {
  const shape = input.shape;
  const rank3 = input.rank === 3 && [1, 3, 4].includes(shape[2] ?? 0);
  if (!(input.rank === 2 || rank3) || input.size === 0) {
    throw new NnDataError(`an image tensor must be [height, width, 1 | 3 | 4] or [height, width], got shape [${shape}].`, { source });
  }
  if (input.dtype === 'complex64' || input.dtype === 'string') {
    throw new NnDataError(`unsupported image tensor dtype '${input.dtype}'; pass a numeric tensor`, { source });
  }
  const max = tf.tidy(() => tf.max(input));
  const peak = (await max.data())[0];
  max.dispose();
  return tf.tidy(() => {
    let x = tf.cast(input, 'float32');
    if (input.rank === 2) x = tf.expandDims(x, -1);
    if (x.shape[2] === 4) x = tf.slice(x, [0, 0, 0], [-1, -1, 3]);
    return (peak > 1 ? tf.div(x, 255) : tf.clone(x)) as Tensor3D;
  });
}
