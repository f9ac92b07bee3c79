import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { chooseBatchSize, forEachBatch, RunningTensors } from './batches.js';
import { checkGradientSeen, gradientSeen, seeBatch } from './differentiable.js';
import { integrationPoints, type IntegrationRule } from './quadrature.js';
import { floatInput, releaseInput, scoresAndGradients, scoresOf } from './scores.js';
import type { Attribution, AttributionOptions, ScoreFunction } from './types.js';

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends AttributionOptions {
  /** The reference input: a tensor of x's shape, or one value for every element. Default 0 (all zeros). */
  baseline?: Tensor | number;
  /** Intervals (Riemann rules) or nodes (Gauss-Legendre) of the path integral. Default 32. */
  steps?: number;
  /** Default `riemann-midpoint`; see {@link integrationPoints}. */
  rule?: IntegrationRule;
}

/** What {@link integratedGradients} resolves to. */
export interface IntegratedGradientsAttribution extends Attribution {
  /**
   * sum(attribution) - (f(x) - f(baseline)). Integrated gradients satisfy
   * completeness, so this is the integration error: more steps shrink it.
   */
  completenessGap: number;
  /** f(x). */
  score: number;
  /** f(baseline). */
  baselineScore: number;
}

/**
 * Integrated gradients (Sundararajan, Taly & Yan, 2017, "Axiomatic
 * Attribution for Deep Networks"): (x - baseline) ⊙ ∫₀¹ ∂f(baseline + α (x -
 * baseline))/∂x dα, the gradient averaged along the straight path from the
 * baseline to x. By the fundamental theorem of calculus for path integrals,
 * the attributions add up to f(x) - f(baseline) (completeness); the
 * resolved `completenessGap` measures how far the quadrature is from it. The
 * paper suggests 20-300 steps and a gap within 5%.
 *
 * The path points go to the backend in batches of `batchSize`. Resolves to a
 * tensor of x's shape, which the caller disposes; neither `x` nor `baseline`
 * is disposed.
 *
 * @example
 * ```ts
 * const { attribution, completenessGap } = await integratedGradients(scoreFor(model, 7), digit, { steps: 64 });
 * ```
 */
export async function integratedGradients(
  f: ScoreFunction,
  x: Tensor,
  options: IntegratedGradientsOptions = {},
): Promise<IntegratedGradientsAttribution> {
  const method = 'integratedGradients';
  const { steps = 32, rule = 'riemann-midpoint' } = options;
  const { alphas, weights } = integrationPoints(rule, steps);
  options.signal?.throwIfAborted();
  const input = floatInput(x, method);
  const baseline = baselineFor(options.baseline ?? 0, input, method);
  const batchSize = chooseBatchSize(input.size, alphas.length, options);
  const sum = new RunningTensors({ weighted: tf.zeros(input.shape) });
  const seen = gradientSeen();
  try {
    await forEachBatch(alphas.length, batchSize, options, (start, count) => {
      sum.update(({ weighted }) => {
        const column = [count, ...input.shape.map(() => 1)];
        const alpha = tf.tensor(Float32Array.from(alphas.subarray(start, start + count)), column);
        const weight = tf.tensor(Float32Array.from(weights.subarray(start, start + count)), column);
        const path = tf.add(baseline, tf.mul(alpha, tf.sub(input, baseline)));
        const { scores, gradients } = scoresAndGradients(f, path, method);
        seeBatch(seen, scores, gradients);
        return { weighted: tf.add(weighted, tf.sum(tf.mul(weight, gradients), 0)) };
      });
    });
    const attribution = tf.tidy(() => tf.mul(tf.sub(input, baseline), sum.value.weighted));
    const summary = tf.tidy(() => tf.concat([tf.reshape(tf.sum(attribution), [1]), scoresOf(f, tf.stack([input, baseline]), method)]));
    try {
      const [total, score, baselineScore] = await summary.data();
      // The endpoints tell a step function from a flat one.
      tf.tidy(() => seeBatch(seen, tf.slice(summary, [1], [2]), tf.zeros([1])));
      await checkGradientSeen(seen, method);
      options.signal?.throwIfAborted();
      return { attribution, completenessGap: total - (score - baselineScore), score, baselineScore };
    } catch (error) {
      attribution.dispose();
      throw error;
    } finally {
      summary.dispose();
    }
  } finally {
    sum.dispose();
    seen.dispose();
    releaseInput(input, x);
    if (baseline !== options.baseline) baseline.dispose();
  }
}

/** The baseline as a float32 tensor of x's shape; a new tensor unless the caller's already is one. */
function baselineFor(baseline: Tensor | number, input: Tensor, method: string): Tensor {
  if (typeof baseline === 'number') return tf.fill(input.shape, baseline);
  if (!(baseline instanceof tf.Tensor)) throw new Error(`${method}: baseline must be a number or a tf.Tensor, got ${typeof baseline}.`);
  if (!tf.util.arraysEqual(baseline.shape, input.shape)) {
    throw new Error(`${method}: baseline has shape [${baseline.shape}], but x has shape [${input.shape}]; they must match.`);
  }
  return baseline.dtype === 'float32' ? baseline : tf.cast(baseline, 'float32');
}
