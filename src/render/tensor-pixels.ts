import { tf } from '../tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

/** Options of {@link tensorPixels}. */
export interface TensorPixelsOptions {
  /**
   * `'unit'` (default): values are in [0, 1]. `'auto'`, for images whose
   * range is not known (a model's input): [0, 1] when the values fit, else
   * [0, 255] when they fit, else stretched from their min to their max; NaN
   * is left out of the range and drawn black, and channels past the third
   * (alpha) are dropped.
   */
  range?: 'unit' | 'auto';
}

/**
 * An image tensor [height, width, 1 | 3] with values in [0, 1] (or any
 * range and channel count, with `range: 'auto'`) as RGBA `ImageData`, made on the tensor's backend and read back once (one
 * `await data()`, never a blocking `dataSync`). Grey images are repeated
 * into red, green and blue; alpha is opaque. The tensor is not disposed.
 *
 * Unlike `tf.browser.toPixels`, which draws into a canvas it is given, this
 * returns the pixels, which the caller keeps to composite (dim, mask) and
 * draws as often as it likes without reading the GPU again.
 *
 * @example
 * ```ts
 * ctx.putImageData(await tensorPixels(image), 0, 0);
 * ```
 */
export async function tensorPixels(image: Tensor3D, options: TensorPixelsOptions = {}): Promise<ImageData> {
  const auto = options.range === 'auto';
  const [height, width, channels] = image.shape;
  if (image.rank !== 3 || !(channels === 1 || channels === 3 || (auto && channels > 0))) {
    throw new Error(`tensorPixels: the image must be [height, width, ${auto ? 'channels' : '1 | 3'}], got shape [${image.shape}].`);
  }
  const rgba = tf.tidy(() => {
    let unit: Tensor3D = image;
    if (auto) {
      const nan = tf.isNaN(image);
      const lo = tf.min(tf.where(nan, tf.fill(image.shape, Infinity), image));
      const hi = tf.max(tf.where(nan, tf.fill(image.shape, -Infinity), image));
      const nonNegative = tf.greaterEqual(lo, 0);
      const fitsUnit = tf.logicalAnd(nonNegative, tf.lessEqual(hi, 1));
      const fitsBytes = tf.logicalAnd(nonNegative, tf.lessEqual(hi, 255));
      const zero = tf.scalar(0);
      const a = tf.where(fitsBytes, zero, lo);
      const b = tf.where(fitsUnit, tf.scalar(1), tf.where(fitsBytes, tf.scalar(255), tf.where(tf.greater(hi, lo), hi, tf.add(lo, 1))));
      unit = tf.where(nan, tf.zerosLike(image), tf.div(tf.sub(image, a), tf.sub(b, a))) as Tensor3D;
    }
    const bytes = tf.clipByValue(tf.round(tf.mul(unit, 255)), 0, 255);
    const rgb =
      channels === 1
        ? tf.tile(bytes, [1, 1, 3])
        : channels === 2
          ? tf.concat([bytes, tf.slice(bytes, [0, 0, 1], [height, width, 1])], 2)
          : channels > 3
            ? tf.slice(bytes, [0, 0, 0], [height, width, 3])
            : bytes;
    return tf.cast(tf.concat([rgb, tf.fill([height, width, 1], 255)], 2), 'int32');
  });
  const values = await rgba.data();
  rgba.dispose();
  // The typed-array constructor converts natively; Uint8ClampedArray.from() ran a JS callback per value.
  return new ImageData(new Uint8ClampedArray(values), width, height);
}
