import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { ScoreFunction } from '../../../src/compute/attribution/types.js';
import { mulberry32 } from '../../../src/compute/random.js';

/** Asserts |actual - expected| <= tolerance * max(1, |expected|) element-wise. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5, label = 'value'): void {
  expect(actual.length, `${label}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const bound = tolerance * Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).to.be.at.most(bound);
  }
}

/** Reads a tensor and disposes it. */
export async function take(t: Tensor): Promise<Float32Array> {
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

/**
 * Runs `body` on the cpu backend and returns to `backend`, for references
 * computed in the same test. `body` must make its own tensors: data does not
 * move from webgpu to cpu synchronously.
 */
export async function onCpu<T>(backend: string, body: () => Promise<T>): Promise<T> {
  if (backend === 'cpu') return body();
  await useBackend('cpu');
  try {
    return await body();
  } finally {
    await useBackend(backend as 'webgl' | 'webgpu');
  }
}

/** mulberry32 uniforms in [-scale, scale): fixed-seed weights, identical on every backend. */
export function seededValues(seed: number, count: number, scale = 1): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

/**
 * The hand-set model f(x) = w·relu(Ax + b) on x ∈ R³:
 *   A = [[1, -2, 0.5], [-1, 1, 2], [0.5, 0.5, -1]], b = [0.5, -1, 0], w = [2, -1, 3].
 * At x = [1, 0.5, 2]: Ax + b = [1 - 1 + 1 + 0.5, -1 + 0.5 + 4 - 1, 0.5 + 0.25 - 2 + 0]
 * = [1.5, 2.5, -1.25], so units 1 and 2 are active and unit 3 is not, and
 * f(x) = 2·1.5 - 1·2.5 + 3·0 = 0.5.
 * ∂f/∂x = Σ_active w_j A_j = 2·[1, -2, 0.5] - 1·[-1, 1, 2] = [3, -5, -1],
 * and x ⊙ ∂f/∂x = [3, -2.5, -2].
 */
export const HAND = {
  A: [
    [1, -2, 0.5],
    [-1, 1, 2],
    [0.5, 0.5, -1],
  ],
  b: [0.5, -1, 0],
  w: [2, -1, 3],
  x: [1, 0.5, 2],
  score: 0.5,
  gradient: [3, -5, -1],
  gradientTimesInput: [3, -2.5, -2],
};

/** {@link HAND}'s f for a batch [n, 3]. */
export function handModel(): ScoreFunction {
  return (batch) =>
    tf.tidy(() => {
      const hidden = tf.relu(tf.add(tf.matMul(batch as tf.Tensor2D, tf.tensor2d(HAND.A), false, true), tf.tensor1d(HAND.b)));
      return tf.reshape(tf.matMul(hidden, tf.tensor2d(HAND.w, [3, 1])), [-1]) as Tensor1D;
    });
}

/** Input [6, 6, 1] of the random CNN. */
export const CNN_INPUT = [6, 6, 1];

/**
 * A small CNN with fixed-seed weights: conv 3 x 3 x 1 -> 4 (valid) + bias,
 * relu, dense 64 -> 1. Batch [n, 6, 6, 1] -> scores [n]. Weights are plain
 * arrays, so each backend builds the same model.
 */
export function randomCnn(seed = 7): ScoreFunction {
  const kernel = seededValues(seed, 3 * 3 * 1 * 4);
  const bias = seededValues(seed + 1, 4, 0.2);
  const dense = seededValues(seed + 2, 4 * 4 * 4, 0.5);
  return (batch) =>
    tf.tidy(() => {
      const conv = tf.relu(tf.add(tf.conv2d(batch as tf.Tensor4D, tf.tensor4d(kernel, [3, 3, 1, 4]), 1, 'valid'), tf.tensor1d(bias)));
      return tf.reshape(tf.matMul(tf.reshape(conv, [-1, 64]), tf.tensor2d(dense, [64, 1])), [-1]) as Tensor1D;
    });
}

/** The random CNN's pre-activations at one input, to check no finite-difference step crosses a ReLU kink. */
export function randomCnnPreActivations(x: Tensor, seed = 7): Tensor {
  const kernel = seededValues(seed, 3 * 3 * 1 * 4);
  const bias = seededValues(seed + 1, 4, 0.2);
  return tf.tidy(() => tf.add(tf.conv2d(tf.expandDims(x, 0) as tf.Tensor4D, tf.tensor4d(kernel, [3, 3, 1, 4]), 1, 'valid'), tf.tensor1d(bias)));
}

/** A fixed [6, 6, 1] input in [0, 1). */
export function cnnInput(): Tensor {
  return tf.tensor(
    seededValues(99, 36).map((v) => (v + 1) / 2),
    CNN_INPUT,
  );
}

/** Awaits `promise`, expecting it to reject with a message matching `pattern`. */
export async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(pattern);
    return error as Error;
  }
  throw new Error(`expected a rejection matching ${pattern}`);
}
