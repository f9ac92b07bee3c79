import { tf } from '../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';

/** How a block of cells becomes one: its largest value, or the mean of its values. */
export type PoolReduction = 'max' | 'mean';

/** The result of {@link poolMatrix}: the pooled tensor and the block size used. */
export interface PooledMatrix {
  /** `[..., ceil(rows / blockRows), ceil(cols / blockCols)]`; the caller disposes it. */
  pooled: Tensor;
  blockRows: number;
  blockCols: number;
}

/**
 * Reduces the last two axes of `x` (`[..., rows, cols]`) to at most
 * `maxRows x maxCols` cells, each the max or mean of a `blockRows x
 * blockCols` block of the original — the form in which a 1024 x 1024
 * attention matrix fits a 300-pixel thumbnail without losing its peaks.
 * Blocks at the bottom and right edges may be partial; they reduce over the
 * cells they have. NaN cells ("no value", e.g. the masked half of causal
 * attention) are left out of both reductions; a block with no value stays NaN.
 *
 * Runs as two pooling ops on the active backend (on the GPU for webgl and
 * webgpu), so a 12 x 12 x 512 x 512 model never comes to the CPU to be
 * reduced. Does not dispose `x`.
 *
 * @example
 * ```ts
 * const { pooled } = poolMatrix(tf.tensor2d([[1, 2], [3, 4]]), 1, 1, 'max'); // [[4]]
 * ```
 */
export function poolMatrix(x: Tensor, maxRows: number, maxCols: number, reduction: PoolReduction): PooledMatrix {
  if (x.rank < 2) {
    throw new Error(`poolMatrix: x must have rank 2 or more ([..., rows, cols]), got rank ${x.rank} (shape [${x.shape}]).`);
  }
  if (!(maxRows >= 1 && maxCols >= 1)) {
    throw new Error(`poolMatrix: maxRows and maxCols must be at least 1, got ${maxRows} and ${maxCols}.`);
  }
  const rows = x.shape[x.rank - 2];
  const cols = x.shape[x.rank - 1];
  const blockRows = Math.max(1, Math.ceil(rows / Math.floor(maxRows)));
  const blockCols = Math.max(1, Math.ceil(cols / Math.floor(maxCols)));
  const outRows = Math.ceil(rows / blockRows);
  const outCols = Math.ceil(cols / blockCols);
  const lead = x.shape.slice(0, -2);
  if (x.size === 0) {
    return { pooled: tf.zeros([...lead, outRows, outCols]), blockRows, blockCols };
  }
  const pooled = tf.tidy('poolMatrix', () => {
    const batch = tf.reshape(tf.cast(x, 'float32'), [-1, rows, cols, 1]) as tf.Tensor4D;
    // Pad to whole blocks at the bottom/right; padded cells count as "no value".
    const padding: [number, number][] = [
      [0, 0],
      [0, outRows * blockRows - rows],
      [0, outCols * blockCols - cols],
      [0, 0],
    ];
    const present = tf.pad(tf.logicalNot(tf.isNaN(batch)).toFloat(), padding, 0) as tf.Tensor4D;
    const block: [number, number] = [blockRows, blockCols];
    const count = tf.mul(tf.avgPool(present, block, block, 'valid'), blockRows * blockCols);
    let result: tf.Tensor4D;
    if (reduction === 'max') {
      const lifted = tf.pad(tf.where(tf.isNaN(batch), tf.fill(batch.shape, -Infinity), batch), padding, -Infinity) as tf.Tensor4D;
      result = tf.maxPool(lifted, block, block, 'valid');
    } else {
      const zeroed = tf.pad(tf.where(tf.isNaN(batch), tf.zerosLike(batch), batch), padding, 0) as tf.Tensor4D;
      const sum = tf.mul(tf.avgPool(zeroed, block, block, 'valid'), blockRows * blockCols);
      result = tf.div(sum, tf.maximum(count, 1));
    }
    const valued = tf.where(tf.greater(count, 0.5), result, tf.fill(result.shape, NaN));
    return tf.reshape(valued, [...lead, outRows, outCols]);
  });
  return { pooled, blockRows, blockCols };
}
