import { tf } from '../../tf.js';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Anisotropic total variation of each image of `images` `[B, h, w, c]`:
 * `Σ |x[y+1, x] − x[y, x]| + Σ |x[y, x+1] − x[y, x]|` over pixels and
 * channels, one value per image (as tf.image.total_variation). A penalty on
 * it favours flat regions over speckle (Mahendran & Vedaldi, 2015). Call
 * inside a tidy or dispose the result.
 *
 * @example
 * ```ts
 * totalVariation(tf.tensor4d([0, 1, 1, 3], [1, 2, 2, 1])); // [5]: |1-0| + |3-1| + |1-0| + |3-1|
 * ```
 */
export function totalVariation(images: Tensor4D): Tensor1D {
  return tf.tidy('totalVariation', () => {
    const [b, h, w, c] = images.shape;
    const down =
      h > 1
        ? tf.sum(tf.abs(tf.sub(tf.slice(images, [0, 1, 0, 0], [b, h - 1, w, c]), tf.slice(images, [0, 0, 0, 0], [b, h - 1, w, c]))), [1, 2, 3])
        : tf.zeros([b]);
    const right =
      w > 1
        ? tf.sum(tf.abs(tf.sub(tf.slice(images, [0, 0, 1, 0], [b, h, w - 1, c]), tf.slice(images, [0, 0, 0, 0], [b, h, w - 1, c]))), [1, 2, 3])
        : tf.zeros([b]);
    return tf.add(down, right) as Tensor1D;
  });
}
