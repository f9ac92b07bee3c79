/**
 * SmoothGrad and integrated gradients one example at a time: for each noisy
 * copy or path point, the gradient of f on a batch of 1, added to a running
 * sum. This is what PAIR's `saliency` library does by default
 * (`GetSmoothedMask` and `IntegratedGradients.GetMask` call the model once
 * per sample), and the baseline nnscope's batched methods are timed against.
 *
 * The sum stays on the backend and is read once at the end, which makes
 * this loop faster than PAIR's (which reads every gradient back to numpy):
 * a stricter baseline. `readbackSmoothGrad` and
 * `readbackIntegratedGradients` read every gradient back, as PAIR does. Noise comes from the library's `seededNormal`, so with
 * the same seed the loop sees the very same noisy copies as `smoothGrad`.
 *
 * @example
 * ```ts
 * const map = await loopSmoothGrad(scoreFor(model, 7), digit, { samples: 50, noise: 0.15, seed: 1 });
 * ```
 */
import { tf } from '../../src/tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { seededNormal } from '../../src/compute/attribution/seeded-normal.js';
import { integrationPoints } from '../../src/compute/attribution/quadrature.js';
import type { ScoreFunction } from '../../src/compute/attribution/types.js';

/** SmoothGrad with a gradient per noisy copy; resolves to the map's values. */
export async function loopSmoothGrad(
  f: ScoreFunction,
  x: Tensor,
  { samples, noise, seed }: { samples: number; noise: number; seed: number },
): Promise<Float32Array> {
  const sigma = await noiseSigma(x, noise);
  const gradient = tf.grad((one: Tensor) => tf.sum(f(one)));
  let total = tf.zeros(x.shape);
  for (let i = 0; i < samples; i++) {
    const next = tf.tidy(() => {
      const noisy = tf.add(tf.expandDims(x, 0), tf.tensor(seededNormal(seed, i, 1, x.size, sigma), [1, ...x.shape]));
      return tf.add(total, tf.reshape(gradient(noisy), x.shape));
    });
    total.dispose();
    total = next;
  }
  return readAndDispose(
    tf.tidy(() => tf.div(total, samples)),
    [total],
  );
}

/** Integrated gradients from an all-zero baseline, riemann-midpoint rule (as the library's default), a gradient per path point. */
export async function loopIntegratedGradients(f: ScoreFunction, x: Tensor, steps: number): Promise<Float32Array> {
  const { alphas, weights } = integrationPoints('riemann-midpoint', steps);
  const gradient = tf.grad((one: Tensor) => tf.sum(f(one)));
  let weighted = tf.zeros(x.shape);
  for (let k = 0; k < alphas.length; k++) {
    const next = tf.tidy(() => {
      const point = tf.mul(tf.expandDims(x, 0), alphas[k]);
      return tf.add(weighted, tf.mul(tf.reshape(gradient(point), x.shape), weights[k]));
    });
    weighted.dispose();
    weighted = next;
  }
  return readAndDispose(
    tf.tidy(() => tf.mul(x, weighted)),
    [weighted],
  );
}

/**
 * SmoothGrad the way PAIR's `saliency` runs it by default: each noisy copy's
 * gradient is read back (its `GetMask` returns a NumPy array) and summed on
 * the CPU, so every sample waits for the backend. Same noise as
 * {@link loopSmoothGrad}.
 */
export async function readbackSmoothGrad(
  f: ScoreFunction,
  x: Tensor,
  { samples, noise, seed }: { samples: number; noise: number; seed: number },
): Promise<Float32Array> {
  const sigma = await noiseSigma(x, noise);
  const gradient = tf.grad((one: Tensor) => tf.sum(f(one)));
  const total = new Float32Array(x.size);
  for (let i = 0; i < samples; i++) {
    const one = tf.tidy(() => gradient(tf.add(tf.expandDims(x, 0), tf.tensor(seededNormal(seed, i, 1, x.size, sigma), [1, ...x.shape]))));
    const values = await one.data();
    one.dispose();
    for (let j = 0; j < total.length; j++) total[j] += values[j];
  }
  for (let j = 0; j < total.length; j++) total[j] /= samples;
  return total;
}

/** Integrated gradients as PAIR runs them by default: a gradient per path point, each read back and summed on the CPU. */
export async function readbackIntegratedGradients(f: ScoreFunction, x: Tensor, steps: number): Promise<Float32Array> {
  const { alphas, weights } = integrationPoints('riemann-midpoint', steps);
  const gradient = tf.grad((one: Tensor) => tf.sum(f(one)));
  const weighted = new Float32Array(x.size);
  for (let k = 0; k < alphas.length; k++) {
    const one = tf.tidy(() => gradient(tf.mul(tf.expandDims(x, 0), alphas[k])));
    const values = await one.data();
    one.dispose();
    for (let j = 0; j < weighted.length; j++) weighted[j] += values[j] * weights[k];
  }
  const input = await x.data();
  return weighted.map((w, j) => w * input[j]);
}

/** The noise's standard deviation: `noise` times x's max - min, as smoothGrad takes it. */
async function noiseSigma(x: Tensor, noise: number): Promise<number> {
  const range = tf.tidy(() => tf.sub(tf.max(x), tf.min(x)));
  const sigma = noise * (await range.data())[0];
  range.dispose();
  return sigma;
}

async function readAndDispose(result: Tensor, also: Tensor[]): Promise<Float32Array> {
  tf.dispose(also);
  const values = (await result.data()) as Float32Array;
  result.dispose();
  return values;
}

/** The largest |a - b| over the largest |b|: 0 for equal maps, whatever their scale. */
export function relativeMaxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Maps of different sizes: ${a.length} vs ${b.length}.`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? difference / scale : difference;
}
