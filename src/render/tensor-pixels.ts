import { tf } from '../tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

/**
 * An image tensor [height, width, 1 | 3] with values in [0, 1] as RGBA
 * `ImageData`, made on the tensor's backend and read back once (one
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
export async function tensorPixels(image: Tensor3D): Promise<ImageData> {
  const [height, width, channels] = image.shape;
  if (image.rank !== 3 || !(channels === 1 || channels === 3)) {
    throw new Error(`tensorPixels: the image must be [height, width, 1 | 3], got shape [${image.shape}].`);
  }
  const rgba = tf.tidy(() => {
    const bytes = tf.clipByValue(tf.round(tf.mul(image, 255)), 0, 255);
    const rgb = channels === 1 ? tf.tile(bytes, [1, 1, 3]) : bytes;
    return tf.cast(tf.concat([rgb, tf.fill([height, width, 1], 255)], 2), 'int32');
  });
  const values = await rgba.data();
  rgba.dispose();
  // The typed-array constructor converts natively; Uint8ClampedArray.from() ran a JS callback per value.
  return new ImageData(new Uint8ClampedArray(values), width, height);
}
