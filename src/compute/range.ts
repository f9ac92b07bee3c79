import { tf } from '../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * The smallest and largest finite values of `x`, computed on the backend with
 * one readback; undefined when `x` has no finite value (all NaN/±Infinity, or
 * empty). Colour domains use it: "no value" cells must not stretch the scale.
 * Does not dispose `x`.
 *
 * @example
 * ```ts
 * await finiteRange(tf.tensor1d([NaN, 2, -1, Infinity])); // [-1, 2]
 * ```
 */
export async function finiteRange(x: Tensor): Promise<[number, number] | undefined> {
  if (x.size === 0) return undefined;
  const both = tf.tidy('finiteRange', () => {
    const flat = tf.reshape(tf.cast(x, 'float32'), [-1]);
    const finite = tf.logicalAnd(tf.logicalNot(tf.isNaN(flat)), tf.logicalNot(tf.isInf(flat)));
    const low = tf.min(tf.where(finite, flat, tf.fill(flat.shape, Infinity)));
    const high = tf.max(tf.where(finite, flat, tf.fill(flat.shape, -Infinity)));
    return tf.stack([low, high]);
  });
  const [min, max] = await both.data();
  both.dispose();
  return min <= max ? [min, max] : undefined;
}
