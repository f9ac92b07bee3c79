import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkGradientSeen, gradientSeen, seeBatch } from './differentiable.js';
import { floatInput, releaseInput, scoresAndGradients } from './scores.js';
import type { Attribution, AttributionOptions, ScoreFunction } from './types.js';

/** A gradient attribution and the score it explains. */
export interface GradientAttribution extends Attribution {
  /** f(x). */
  score: number;
}

/**
 * The gradient of the score with respect to the input, ∂f(x)/∂x: how much
 * the score moves per unit change of each input value ("saliency map",
 * Simonyan, Vedaldi & Zisserman, 2014, "Deep Inside Convolutional Networks").
 * Resolves to a tensor of x's shape, which the caller disposes; `x` is not
 * disposed.
 *
 * Rejects, naming the cause, when f is not differentiable: its scores are
 * not connected to its input, it uses an op without a gradient, or its
 * gradient is zero while f changes near x.
 *
 * @example
 * ```ts
 * const { attribution, score } = await vanillaGradient(scoreFor(model, 7), digit);
 * ```
 */
export function vanillaGradient(f: ScoreFunction, x: Tensor, options: AttributionOptions = {}): Promise<GradientAttribution> {
  return gradientAt(f, x, options, 'vanillaGradient');
}

/**
 * The gradient at x, shared by {@link vanillaGradient} and gradientTimesInput
 * (`method` names the caller in errors). One example, so one batch.
 */
export async function gradientAt(f: ScoreFunction, x: Tensor, options: AttributionOptions, method: string): Promise<GradientAttribution> {
  options.signal?.throwIfAborted();
  const input = floatInput(x, method);
  const seen = gradientSeen();
  let result: { attribution: Tensor; score: Tensor } | undefined;
  try {
    result = tf.tidy(() => {
      const { scores, gradients } = scoresAndGradients(f, tf.expandDims(input, 0), method);
      seeBatch(seen, scores, gradients);
      return { attribution: tf.reshape(gradients, input.shape), score: tf.reshape(scores, []) };
    });
    options.onProgress?.({ done: 1, total: 1 });
    await checkGradientSeen(seen, method, { f, x: input });
    const score = (await result.score.data())[0];
    options.signal?.throwIfAborted();
    result.score.dispose();
    return { attribution: result.attribution, score };
  } catch (error) {
    if (result) tf.dispose([result.attribution, result.score]);
    throw error;
  } finally {
    seen.dispose();
    releaseInput(input, x);
  }
}
