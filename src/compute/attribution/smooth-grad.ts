import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { chooseBatchSize, forEachBatch, RunningTensors } from './batches.js';
import { checkGradientSeen, gradientSeen, seeBatch } from './differentiable.js';
import { floatInput, releaseInput, scoresAndGradients } from './scores.js';
import { seededNormal } from './seeded-normal.js';
import type { Attribution, AttributionOptions, ScoreFunction } from './types.js';

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions extends AttributionOptions {
  /** Noisy copies of x averaged over. Default 25. */
  samples?: number;
  /** Noise standard deviation as a fraction of x's max - min range. Default 0.15. */
  noise?: number;
  /** Seed of the noise: the same seed gives the same map. Default: a random one (see the result's `seed`). */
  seed?: number;
  /** Average the squared gradients instead (non-negative, "SmoothGrad-Squared"). Default false. */
  squared?: boolean;
}

/** What {@link smoothGrad} resolves to. */
export interface SmoothGradAttribution extends Attribution {
  /** The seed used, to reproduce the map. */
  seed: number;
}

/**
 * SmoothGrad (Smilkov et al., 2017, "SmoothGrad: removing noise by adding
 * noise"): the gradient averaged over `samples` copies of x with Gaussian
 * noise of standard deviation `noise * (max(x) - min(x))` added, which
 * averages out the gradient's fine-grained fluctuation. The paper finds
 * noise of 10-20% of the range and 25-50 samples work well. `squared`
 * averages squared gradients, the SmoothGrad-Squared of Hooker et al., 2019
 * ("A Benchmark for Interpretability Methods in Deep Neural Networks").
 *
 * Noise comes from {@link seededNormal}, so a seed reproduces the map
 * exactly, whatever the batch size. Resolves to a tensor of x's shape, which
 * the caller disposes; `x` is not disposed.
 *
 * @example
 * ```ts
 * const { attribution } = await smoothGrad(scoreFor(model, 7), digit, { samples: 50, seed: 1 });
 * ```
 */
export async function smoothGrad(f: ScoreFunction, x: Tensor, options: SmoothGradOptions = {}): Promise<SmoothGradAttribution> {
  const method = 'smoothGrad';
  const { samples = 25, noise = 0.15, squared = false } = options;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!(Number.isInteger(samples) && samples >= 1)) throw new Error(`${method}: samples must be a whole number of at least 1, got ${samples}.`);
  if (!(Number.isFinite(noise) && noise >= 0)) throw new Error(`${method}: noise must be a fraction of x's range, 0 or more, got ${noise}.`);
  if (!Number.isFinite(seed)) throw new Error(`${method}: seed must be a finite number, got ${seed}.`);
  options.signal?.throwIfAborted();
  const input = floatInput(x, method);
  const batchSize = chooseBatchSize(input.size, samples, options);
  const sum = new RunningTensors({ total: tf.zeros(input.shape) });
  const seen = gradientSeen();
  try {
    const range = tf.tidy(() => tf.sub(tf.max(input), tf.min(input)));
    const sigma = noise * (await range.data())[0];
    range.dispose();
    await forEachBatch(samples, batchSize, options, (start, count) => {
      const noiseValues = seededNormal(seed, start, count, input.size, sigma);
      sum.update(({ total }) => {
        const noisy = tf.add(tf.expandDims(input, 0), tf.tensor(noiseValues, [count, ...input.shape]));
        const { scores, gradients } = scoresAndGradients(f, noisy, method);
        seeBatch(seen, scores, gradients);
        return { total: tf.add(total, tf.sum(squared ? tf.square(gradients) : gradients, 0)) };
      });
    });
    await checkGradientSeen(seen, method);
    return { attribution: tf.div(sum.value.total, samples), seed };
  } finally {
    sum.dispose();
    seen.dispose();
    releaseInput(input, x);
  }
}
