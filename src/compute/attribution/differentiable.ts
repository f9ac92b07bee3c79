import { tf } from '../../tf.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { RunningTensors } from './batches.js';
import { scoresOf } from './scores.js';
import type { ScoreFunction } from './types.js';

/**
 * What the batches of a gradient method saw: the largest gradient magnitude
 * and the range of the scores. A gradient that is zero everywhere while the
 * score changes between the points evaluated means f is not differentiable
 * (a step, round or argmax op, or a model whose ops record no gradients), and
 * an all-zero map would silently mislead, so {@link checkGradientSeen} throws.
 * A zero gradient with a constant score is a flat function, and is returned.
 */
export type GradientSeen = RunningTensors<{ maxAbsGradient: Scalar; minScore: Scalar; maxScore: Scalar }>;

export function gradientSeen(): GradientSeen {
  return new RunningTensors({ maxAbsGradient: tf.scalar(0), minScore: tf.scalar(Infinity), maxScore: tf.scalar(-Infinity) });
}

/** Adds one batch's scores and gradients (or any tensor with their magnitudes) to `seen`. */
export function seeBatch(seen: GradientSeen, scores: Tensor, gradients: Tensor): void {
  seen.update(({ maxAbsGradient, minScore, maxScore }) => ({
    maxAbsGradient: tf.maximum(maxAbsGradient, tf.max(tf.abs(gradients))),
    minScore: tf.minimum(minScore, tf.min(scores)),
    maxScore: tf.maximum(maxScore, tf.max(scores)),
  }));
}

/**
 * Throws when every gradient seen was zero yet the scores changed. With a
 * single point (`probe`), the score is evaluated at four nearby points,
 * x ± delta in a fixed pattern of signs and x ± delta in all elements, with
 * delta 1% of x's range (or 0.01), so that a step function is told from a
 * flat one.
 */
export async function checkGradientSeen(seen: GradientSeen, method: string, probe?: { f: ScoreFunction; x: Tensor }): Promise<void> {
  const [maxAbsGradient, minScore, maxScore] = await readScalars(Object.values(seen.value));
  if (maxAbsGradient !== 0) return;
  if (maxScore > minScore) throw zeroGradientError(method, `the score ranges from ${minScore} to ${maxScore} over the points evaluated`);
  if (!probe) return;
  const { f, x } = probe;
  const [low, high] = await readScalars([tf.min(x), tf.max(x)], true);
  const delta = high > low ? 0.01 * (high - low) : 0.01;
  const probed = tf.tidy(() => {
    const signs = tf.tensor(
      Float32Array.from({ length: x.size }, (_, i) => (hash(i) & 1 ? 1 : -1)),
      x.shape,
    );
    const step = tf.mul(signs, delta);
    const points = [x, tf.add(x, step), tf.sub(x, step), tf.add(x, delta), tf.sub(x, delta)];
    const scores = scoresOf(f, tf.stack(points), method);
    return tf.stack([tf.min(scores), tf.max(scores)]);
  });
  const [lowest, highest] = await probed.data();
  probed.dispose();
  if (highest > lowest) throw zeroGradientError(method, `the score changes from ${lowest} to ${highest} within ±${delta} of x`);
}

function zeroGradientError(method: string, evidence: string): Error {
  return new Error(
    `${method}: f is not differentiable: its gradient is zero everywhere, yet ${evidence}. ` +
      'A step, round, sign or argmax op, or a model whose execution records no gradients (as a converted ' +
      'tf.GraphModel may), gives zero gradients; use occlusion(), which needs none.',
  );
}

async function readScalars(scalars: Tensor[], dispose = false): Promise<number[]> {
  const stacked = tf.tidy(() => tf.stack(scalars));
  const values = Array.from(await stacked.data());
  stacked.dispose();
  if (dispose) tf.dispose(scalars);
  return values;
}

/** A 32-bit integer hash (from the "lowbias32" family), for a sign pattern with no visible structure. */
function hash(i: number): number {
  let h = Math.imul(i ^ (i >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
