import { tf } from '../../tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import type { TensorInput } from '../../data/load-tensor.js';
import { loadImage } from '../../data/image-tensor.js';

/** Pictures the browser can hand to tf.browser.fromPixels. */
export type ImageLike = HTMLImageElement | HTMLCanvasElement | ImageBitmap | ImageData | HTMLVideoElement | OffscreenCanvas;

/** An input image: a picture, a URL of one, or any tensor input ([h, w, c] or [1, h, w, c]). */
export type ImageInput = ImageLike | TensorInput;

export function isImageLike(value: unknown): value is ImageLike {
  return (
    (typeof HTMLImageElement !== 'undefined' && value instanceof HTMLImageElement) ||
    (typeof HTMLCanvasElement !== 'undefined' && value instanceof HTMLCanvasElement) ||
    (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) ||
    (typeof ImageData !== 'undefined' && value instanceof ImageData) ||
    (typeof HTMLVideoElement !== 'undefined' && value instanceof HTMLVideoElement) ||
    (typeof OffscreenCanvas !== 'undefined' && value instanceof OffscreenCanvas)
  );
}

/** A URL that names a picture rather than a data file. */
export function isImageUrl(value: unknown): value is string {
  return typeof value === 'string' && (/^data:image\//i.test(value) || /\.(png|jpe?g|gif|webp|bmp|svg)([?#].*)?$/i.test(value));
}

/** Loads and decodes a picture URL (the data layer's loadImage); rejects with a message naming it. */
export function loadPicture(url: string, signal: AbortSignal): Promise<HTMLImageElement> {
  return loadImage(url, { signal, source: 'image' });
}

/**
 * A picture as a float tensor `[h, w, channels]` for a model: resized
 * (bilinear) to `size` when given, averaged to grey for one channel, and
 * scaled from bytes to [0, 1]. A new tensor the caller disposes.
 */
export function pictureTensor(picture: ImageLike, channels: number, size?: [number, number]): Tensor3D {
  return tf.tidy(() => {
    let pixels: Tensor = tf.cast(tf.browser.fromPixels(picture as Exclude<ImageLike, OffscreenCanvas>, 3), 'float32');
    if (size && (pixels.shape[0] !== size[0] || pixels.shape[1] !== size[1])) pixels = tf.image.resizeBilinear(pixels as Tensor3D, size, true);
    if (channels === 1) pixels = tf.mean(pixels, 2, true);
    return tf.div(pixels, 255) as Tensor3D;
  });
}
