import { tf } from '../../tf.js';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { ScoreFunction } from './types.js';

/**
 * Checks that `x` is one example an attribution method can explain and
 * returns it as float32 (the same tensor when it already is; a new one the
 * caller disposes otherwise, see {@link releaseInput}).
 */
export function floatInput(x: Tensor, method: string): Tensor {
  if (!(x instanceof tf.Tensor)) throw new Error(`${method}: x must be a tf.Tensor, got ${describe(x)}.`);
  if (x.size === 0) throw new Error(`${method}: x is empty (shape [${x.shape}]).`);
  if (x.dtype === 'float32') return x;
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error(`${method}: x must be numeric, got dtype ${x.dtype}.`);
  return tf.cast(x, 'float32');
}

/** Frees what {@link floatInput} made, never the caller's tensor. */
export function releaseInput(input: Tensor, x: Tensor): void {
  if (input !== x) input.dispose();
}

/**
 * `f(batch)`, checked to be one float score per example. Call inside a tidy.
 */
export function scoresOf(f: ScoreFunction, batch: Tensor, method: string): Tensor1D {
  if (typeof f !== 'function') throw new Error(`${method}: f must be a function (batch) => tf.Tensor1D of scores, got ${describe(f)}.`);
  const scores: unknown = f(batch);
  const n = batch.shape[0];
  if (!(scores instanceof tf.Tensor)) {
    throw new Error(`${method}: f must return a tf.Tensor of one score per example, got ${describe(scores)}.`);
  }
  if (scores.rank !== 1 || scores.shape[0] !== n) {
    throw new Error(
      `${method}: f must return one score per example, shape [${n}] for a batch of ${n}, got shape [${scores.shape}]. ` +
        'For a model that outputs logits [n, classes], use scoreFor(model, classIndex).',
    );
  }
  return (scores.dtype === 'float32' ? scores : tf.cast(scores, 'float32')) as Tensor1D;
}

/** f's scores for each example of `batch` and the gradient of each score with respect to its example. */
export interface ScoresAndGradients {
  scores: Tensor1D;
  /** Same shape as `batch`. */
  gradients: Tensor;
}

/**
 * Scores and per-example gradients in one forward and one backward pass:
 * the gradient of `sum(f(batch))` with respect to `batch`, whose row i is
 * the gradient of score i because examples do not interact. Errors from the
 * tape are rethrown with their cause in the user's words
 * ({@link explainGradientError}).
 */
export function scoresAndGradients(f: ScoreFunction, batch: Tensor, method: string): ScoresAndGradients {
  try {
    return tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((b: Tensor) => scoresOf(f, b, method))(batch);
      return { scores: value, gradients: grad };
    });
  } catch (error) {
    throw explainGradientError(error, method);
  }
}

/** Turns tfjs's gradient-tape errors into ones that name the cause and a way out. */
export function explainGradientError(error: unknown, method: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot compute gradient of y=f\(x\)/.test(message)) {
    return new Error(
      `${method}: f is not differentiable with respect to its input: its scores are not computed from the batch ` +
        'by tfjs ops (the gradient is null). This happens when f reads values back (data(), dataSync()) and makes ' +
        'new tensors, returns a constant, or runs a model whose execution is not recorded for gradients.',
      { cause: error },
    );
  }
  const missing = /gradient function not found for (\w+)/.exec(message);
  if (missing) {
    return new Error(
      `${method}: f is not differentiable: it uses the op ${missing[1]}, which has no gradient in TensorFlow.js. ` +
        'Use occlusion(), which needs no gradients, or rebuild the model from ops that have gradients.',
      { cause: error },
    );
  }
  if (/Tensor is disposed/.test(message)) {
    return new Error(
      `${method}: f disposed a tensor the gradient needs (its input batch or an intermediate result). ` +
        'Do not dispose inside f; attribution frees what f makes.',
      { cause: error },
    );
  }
  return error;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return typeof value;
}
