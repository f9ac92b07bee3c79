import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { floatInput, releaseInput } from './scores.js';
import type { AttributionOptions, ScoreFunction } from './types.js';
import { gradientAt, type GradientAttribution } from './vanilla-gradient.js';

/**
 * The gradient times the input, x ⊙ ∂f(x)/∂x (Shrikumar et al., 2016, "Not
 * Just a Black Box"): a first-order estimate of each value's contribution to
 * the score relative to an all-zero input. For a linear f(x) = w·x it is
 * exactly w ⊙ x, and its sum is f(x) - f(0). Resolves to a tensor of x's
 * shape, which the caller disposes; `x` is not disposed.
 *
 * @example
 * ```ts
 * const { attribution } = await gradientTimesInput(scoreFor(model, 7), digit);
 * ```
 */
export async function gradientTimesInput(f: ScoreFunction, x: Tensor, options: AttributionOptions = {}): Promise<GradientAttribution> {
  const method = 'gradientTimesInput';
  const { attribution: gradient, score } = await gradientAt(f, x, options, method);
  const input = floatInput(x, method);
  const attribution = tf.mul(gradient, input);
  tf.dispose(gradient);
  releaseInput(input, x);
  return { attribution, score };
}
