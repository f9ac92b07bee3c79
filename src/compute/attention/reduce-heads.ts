import { tf } from '../../tf.js';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';

/** A head by index, or all heads combined by their mean or their element-wise max. */
export type HeadSelection = number | 'mean' | 'max';

/**
 * One `[q, k]` matrix from a layer's heads `[heads, q, k]`: head `head`, or
 * the mean or max over heads. Does not dispose `heads`; the caller disposes
 * the result.
 *
 * @example
 * ```ts
 * const mean = reduceHeads(layerHeads, 'mean'); // [q, k]
 * ```
 */
export function reduceHeads(heads: Tensor, head: HeadSelection): Tensor2D {
  if (heads.rank !== 3) {
    throw new Error(`reduceHeads: heads must be [heads, q, k], got rank ${heads.rank} (shape [${heads.shape}]).`);
  }
  const [count, q, k] = heads.shape as [number, number, number];
  return tf.tidy('reduceHeads', () => {
    if (head === 'mean') return tf.mean(heads, 0) as Tensor2D;
    if (head === 'max') return tf.max(heads, 0) as Tensor2D;
    if (!Number.isInteger(head) || head < 0 || head >= count) {
      throw new Error(`reduceHeads: head ${head} is out of range; the layer has heads 0 to ${count - 1}.`);
    }
    return tf.reshape(tf.slice(heads, [head, 0, 0], [1, q, k]), [q, k]) as Tensor2D;
  });
}
