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

/**
 * The typed-array twin of {@link reduceHeads} for attention already in
 * memory: one pass over the layer's `heads * q * k` values, so that a head
 * mean of a 12 x 512 x 512 layer needs no 12 MB upload (on a software GPU
 * the upload dominated: rollout over 12 such layers took 98 s on webgpu).
 *
 * @example
 * ```ts
 * reduceHeadsArray(layer, 12, 512, 512, 'mean'); // Float32Array(512 * 512)
 * ```
 */
export function reduceHeadsArray(values: Float32Array, heads: number, q: number, k: number, head: HeadSelection): Float32Array {
  const size = q * k;
  if (values.length < heads * size) {
    throw new Error(`reduceHeadsArray: ${heads} heads of ${q} x ${k} need ${heads * size} values, got ${values.length}.`);
  }
  if (typeof head === 'number') {
    if (!Number.isInteger(head) || head < 0 || head >= heads) {
      throw new Error(`reduceHeadsArray: head ${head} is out of range; the layer has heads 0 to ${heads - 1}.`);
    }
    return values.slice(head * size, (head + 1) * size);
  }
  const out = values.slice(0, size);
  for (let h = 1; h < heads; h++) {
    const base = h * size;
    if (head === 'max') {
      for (let i = 0; i < size; i++) {
        const v = values[base + i];
        // NaN propagates, as tf.max does.
        if (v > out[i] || v !== v) out[i] = v;
      }
    } else {
      for (let i = 0; i < size; i++) out[i] += values[base + i];
    }
  }
  if (head === 'mean') for (let i = 0; i < size; i++) out[i] /= heads;
  return out;
}
