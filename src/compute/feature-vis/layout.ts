import { tf } from '../../tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import { NnDataError } from '../../data/errors.js';

/**
 * How a layer's activations are laid out: channels last (`hwc`, TensorFlow)
 * or channels first (`chw`, PyTorch). Undefined means channels last, with a
 * check that the shape does not plainly read as channels first.
 */
export type ActivationLayout = 'hwc' | 'chw';

/**
 * One layer's activations as `[H, W, C]` (channels last): a new tensor the
 * caller disposes; `activations` is never disposed.
 *
 * Accepted: `[H, W, C]` or `[1, H, W, C]`; `[C, H, W]` or `[1, C, H, W]`
 * with `layout: 'chw'`; and rank 2 `[N, C]` (a dense layer over N examples),
 * returned as `[1, N, C]`: each channel a strip of N values.
 *
 * Without a layout, a rank 3 shape `[a, b, b]` with `a ≠ b` (square spatial
 * dims last) is taken as channels-first data passed by mistake and rejected
 * with a message that says so; `layout: 'hwc'` accepts it as it is. With
 * `layout: 'chw'`, `[b, b, a]` with `a ≠ b` is rejected the same way.
 *
 * @example
 * ```ts
 * const hwc = toChannelsLast(torchActivations, 'chw'); // [16, 14, 14] -> [14, 14, 16]
 * ```
 * @throws NnDataError naming the shape and what was expected.
 */
export function toChannelsLast(activations: Tensor, layout?: ActivationLayout, source = 'activations'): Tensor3D {
  const shape = activations.shape;
  const shown = `[${shape.join(', ')}]`;
  if (activations.rank === 2) {
    if (layout === 'chw')
      throw new NnDataError(`layout="chw" needs rank 3 [C, H, W] or 4 [1, C, H, W], got rank 2 ${shown} ([N, C] has no spatial axes to reorder).`, {
        source,
      });
    return tf.tidy(() => tf.expandDims(tf.cast(activations, 'float32'), 0)) as Tensor3D;
  }
  if (activations.rank !== 3 && activations.rank !== 4) {
    throw new NnDataError(
      `expected rank 2 [N, C], 3 [H, W, C] or 4 [1, H, W, C]${layout === 'chw' ? ' (with layout="chw": [C, H, W] or [1, C, H, W])' : ''}, got rank ${activations.rank} ${shown}.`,
      { source },
    );
  }
  if (activations.rank === 4 && shape[0] !== 1) {
    throw new NnDataError(
      `a rank 4 input must hold one example, [1, ${layout === 'chw' ? 'C, H, W' : 'H, W, C'}], got ${shown}: pick one example first.`,
      { source },
    );
  }
  const [a, b, c] = activations.rank === 4 ? shape.slice(1) : shape;
  if (layout === undefined && b === c && a !== b) {
    throw new NnDataError(
      `shape ${shown} looks channels-first ([C, H, W] = [${a}, ${b}, ${c}]): set layout="chw" (PyTorch order), ` +
        'or layout="hwc" if it really is [H, W, C].',
      { source },
    );
  }
  if (layout === 'chw' && a === b && b !== c) {
    throw new NnDataError(
      `layout="chw" but shape ${shown} looks channels-last ([H, W, C] = [${a}, ${b}, ${c}]): remove layout="chw" or set layout="hwc".`,
      { source },
    );
  }
  return tf.tidy(() => {
    const three = tf.reshape(tf.cast(activations, 'float32'), [a, b, c]);
    return (layout === 'chw' ? tf.transpose(three, [1, 2, 0]) : three) as Tensor3D;
  });
}
