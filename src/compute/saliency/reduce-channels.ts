import { tf } from '../../tf.js';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * How a map with channels ([height, width, channels]) becomes one value per
 * pixel: `sum` keeps the sign (signed display: the channels' contributions
 * add up, as Integrated Gradients' completeness implies), `max-abs` takes
 * the largest magnitude (magnitude display, as Simonyan et al., 2014 take
 * max_c |w_c| for their saliency maps).
 */
export type ChannelReduction = 'sum' | 'max-abs';

/**
 * One value per pixel from a saliency map: `[h, w]` stays as it is under
 * `sum` and becomes |map| under `max-abs`; `[h, w, c]` is reduced over its
 * last axis by `rule`. Rank 1 (tokens) is reduced the same way per token.
 * Returns a new tensor the caller disposes; `map` is left alone.
 *
 * @example
 * ```ts
 * reduceChannels(tf.tensor3d([[[1, -3]]]), 'sum');     // [[-2]]
 * reduceChannels(tf.tensor3d([[[1, -3]]]), 'max-abs'); // [[3]]
 * ```
 */
export function reduceChannels(map: Tensor, rule: ChannelReduction, spatialRank: 1 | 2 = 2): Tensor {
  if (map.rank !== spatialRank && map.rank !== spatialRank + 1) {
    const expected = spatialRank === 2 ? '[height, width] or [height, width, channels]' : '[tokens] or [tokens, features]';
    throw new Error(`reduceChannels: the map must be ${expected}, got rank ${map.rank} (shape [${map.shape}]).`);
  }
  if (rule !== 'sum' && rule !== 'max-abs') throw new Error(`reduceChannels: rule must be "sum" or "max-abs", got "${String(rule)}".`);
  return tf.tidy('reduceChannels', () => {
    const x = map.dtype === 'float32' ? map : tf.cast(map, 'float32');
    if (map.rank === spatialRank) return rule === 'sum' ? tf.clone(x) : tf.abs(x);
    return rule === 'sum' ? tf.sum(x, -1) : tf.max(tf.abs(x), -1);
  }) as Tensor2D;
}
