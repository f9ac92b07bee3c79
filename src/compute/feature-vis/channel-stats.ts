import { tf } from '../../tf.js';
import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';

/** Per-channel summaries, as read back from {@link channelStats}. */
export interface ChannelStats {
  /** Mean over the spatial positions, one per channel. */
  mean: Float32Array;
  /** Largest finite value, one per channel (-Infinity for a channel with none). */
  max: Float32Array;
  /** Smallest finite value, one per channel (Infinity for a channel with none). */
  min: Float32Array;
}

/**
 * Per-channel mean, max and min of activations `[H, W, C]` as one `[3, C]`
 * tensor (rows: mean, max, min), so that a grid reads all three back in one
 * transfer. NaN and ±Infinity are left out of max and min (they are shown
 * as "no value"); the mean is over finite values. `activations` is not
 * disposed.
 *
 * @example
 * ```ts
 * const stats = await readChannelStats(channelStats(hwc)); // {mean, max, min}
 * ```
 */
export function channelStats(activations: Tensor3D): Tensor2D {
  return tf.tidy('channelStats', () => {
    const [h, w, c] = activations.shape;
    const flat = tf.reshape(activations, [h * w, c]);
    const finite = tf.logicalNot(tf.logicalOr(tf.isNaN(flat), tf.isInf(flat)));
    const zeros = tf.zerosLike(flat);
    const count = tf.sum(tf.cast(finite, 'float32'), 0);
    const mean = tf.div(tf.sum(tf.where(finite, flat, zeros), 0), tf.maximum(count, 1));
    const max = tf.max(tf.where(finite, flat, tf.fill([h * w, c], -Infinity)), 0);
    const min = tf.min(tf.where(finite, flat, tf.fill([h * w, c], Infinity)), 0);
    return tf.stack([mean, max, min]) as Tensor2D;
  });
}

/** Reads a `[3, C]` tensor from {@link channelStats} into typed arrays; does not dispose it. */
export async function readChannelStats(stats: Tensor2D): Promise<ChannelStats> {
  const values = (await stats.data()) as Float32Array;
  const c = stats.shape[1];
  return { mean: values.slice(0, c), max: values.slice(c, 2 * c), min: values.slice(2 * c, 3 * c) };
}

/** How tiles are ordered: by channel index, by mean or max (largest first), or an explicit list of channel indices. */
export type ChannelSort = 'index' | 'mean' | 'max' | readonly number[];

/**
 * The channel indices in display order. `mean` and `max` sort descending
 * with ties kept in index order (a stable sort), so dead channels come last
 * in index order on every backend. An explicit list is checked: integers in
 * range, no repeats; it may show a subset.
 *
 * @example
 * ```ts
 * channelOrder({ mean: new Float32Array([1, 3, 2]), ... }, 'mean'); // [1, 2, 0]
 * ```
 * @throws Error naming the bad entry and the valid range.
 */
export function channelOrder(stats: ChannelStats, sort: ChannelSort): number[] {
  const count = stats.mean.length;
  if (Array.isArray(sort)) {
    const seen = new Set<number>();
    for (const channel of sort) {
      if (!Number.isInteger(channel) || channel < 0 || channel >= count) {
        throw new Error(`sort: ${JSON.stringify(channel)} is not a channel; the layer has ${count} channels (0 to ${count - 1}).`);
      }
      if (seen.has(channel)) throw new Error(`sort: channel ${channel} is listed twice.`);
      seen.add(channel);
    }
    return [...sort];
  }
  const index = Array.from({ length: count }, (_, i) => i);
  if (sort === 'index') return index;
  if (sort !== 'mean' && sort !== 'max') {
    throw new Error(`sort must be "index", "mean", "max" or a JSON array of channel indices, got ${JSON.stringify(sort)}.`);
  }
  const key = sort === 'mean' ? stats.mean : stats.max;
  const rank = (i: number) => (Number.isNaN(key[i]) ? -Infinity : key[i]);
  return index.sort((a, b) => rank(b) - rank(a) || a - b);
}

/**
 * The `k` channels with the largest mean activation (the "most active" on an
 * input, as `channels="top:16"` picks), largest first.
 *
 * @example
 * ```ts
 * topChannels(stats, 16); // [5, 2, 11, ...]
 * ```
 */
export function topChannels(stats: ChannelStats, k: number): number[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`top:${k}: the count must be a whole number ≥ 1.`);
  return channelOrder(stats, 'mean').slice(0, Math.min(k, stats.mean.length));
}
