import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { chooseBatchSize, forEachBatch, RunningTensors } from './batches.js';
import { floatInput, releaseInput, scoresOf } from './scores.js';
import type { Attribution, AttributionOptions, ScoreFunction } from './types.js';

/** Options of {@link occlusion}. */
export interface OcclusionOptions extends AttributionOptions {
  /**
   * Window size per axis of x; a number applies to every axis, and an array
   * shorter than x's rank covers the remaining axes whole (so `[4, 4]` on a
   * [28, 28, 1] digit or a [224, 224, 3] image occludes all channels). Sizes
   * are capped at the axis length.
   */
  window: number | readonly number[];
  /** Step between windows per axis, same forms as `window`. Default: the window (no overlap). */
  stride?: number | readonly number[];
  /** What a window is replaced by: one value, or a tensor of x's shape. Default 0. */
  baseline?: number | Tensor;
}

/** What {@link occlusion} resolves to. */
export interface OcclusionAttribution extends Attribution {
  /** f(x). */
  score: number;
  /** Windows evaluated. */
  windows: number;
}

/**
 * Occlusion (Zeiler & Fergus, 2014, "Visualizing and Understanding
 * Convolutional Networks", §4.2): slide a window over x, replace what it
 * covers by the baseline, and record the score drop f(x) - f(occluded).
 * Each element's attribution is the mean drop over the windows that cover
 * it (as Captum's Occlusion does). Windows start every `stride` along each
 * axis, plus one flush with the far end when the stride does not reach it,
 * so every element is covered. Needs no gradients, so it works on any model.
 *
 * The occluded copies go to the backend in batches of `batchSize`, built
 * there from per-axis masks. Resolves to a tensor of x's shape, which the
 * caller disposes; neither `x` nor `baseline` is disposed.
 *
 * @example
 * ```ts
 * const { attribution } = await occlusion(scoreFor(model, 7), digit, { window: [4, 4], stride: 2 });
 * ```
 */
export async function occlusion(f: ScoreFunction, x: Tensor, options: OcclusionOptions): Promise<OcclusionAttribution> {
  const method = 'occlusion';
  const input = floatInput(x, method);
  try {
    const windowSizes = perAxis(options.window, input.shape, 'window', method).map((size, axis) => Math.min(size, input.shape[axis]));
    const strides = options.stride === undefined ? windowSizes : perAxis(options.stride, input.shape, 'stride', method);
    const starts = input.shape.map((dim, axis) => windowStarts(dim, windowSizes[axis], strides[axis]));
    const windows = starts.reduce((product, axisStarts) => product * axisStarts.length, 1);
    const baseline = options.baseline ?? 0;
    if (typeof baseline !== 'number' && !tf.util.arraysEqual(baseline.shape, input.shape)) {
      throw new Error(`${method}: baseline has shape [${baseline.shape}], but x has shape [${input.shape}]; they must match.`);
    }
    options.signal?.throwIfAborted();
    return await occlude(f, input, { ...options, windowSizes, starts, windows, baseline });
  } finally {
    releaseInput(input, x);
  }
}

interface Plan extends AttributionOptions {
  windowSizes: number[];
  starts: number[][];
  windows: number;
  baseline: number | Tensor;
}

async function occlude(f: ScoreFunction, input: Tensor, plan: Plan): Promise<OcclusionAttribution> {
  const method = 'occlusion';
  const { windowSizes, starts, windows, baseline } = plan;
  const rank = input.rank;
  const batchSize = chooseBatchSize(input.size, windows, plan);
  const score = tf.tidy(() => tf.reshape(scoresOf(f, tf.expandDims(input, 0), method), []));
  const sum = new RunningTensors({ drops: tf.zeros([1, input.size]) });
  try {
    await forEachBatch(windows, batchSize, plan, (first, count) => {
      // Axis d's mask [count, dim_d]: 1 inside window j's extent along d. Their
      // broadcast product is the [count, ...x.shape] mask of the windows.
      const axisMasks = input.shape.map((dim) => new Float32Array(count * dim));
      for (let j = 0; j < count; j++) {
        let rest = first + j;
        for (let axis = rank - 1; axis >= 0; axis--) {
          const axisStarts = starts[axis];
          const start = axisStarts[rest % axisStarts.length];
          rest = Math.floor(rest / axisStarts.length);
          axisMasks[axis].fill(1, j * input.shape[axis] + start, j * input.shape[axis] + start + windowSizes[axis]);
        }
      }
      sum.update(({ drops }) => {
        let mask: Tensor = tf.ones([count, ...input.shape.map(() => 1)]);
        axisMasks.forEach((values, axis) => {
          const shape = [count, ...input.shape.map((dim, d) => (d === axis ? dim : 1))];
          mask = tf.mul(mask, tf.tensor(values, shape));
        });
        const occluded = tf.add(input, tf.mul(mask, tf.sub(baseline, input)));
        const drop = tf.sub(score, scoresOf(f, occluded, method));
        return { drops: tf.add(drops, tf.matMul(tf.reshape(drop, [1, count]), tf.reshape(mask, [count, input.size]))) };
      });
    });
    const attribution = tf.tidy(() => tf.div(tf.reshape(sum.value.drops, input.shape), coverage(input.shape, starts, windowSizes)));
    try {
      const value = (await score.data())[0];
      plan.signal?.throwIfAborted();
      return { attribution, score: value, windows };
    } catch (error) {
      attribution.dispose();
      throw error;
    }
  } finally {
    sum.dispose();
    score.dispose();
  }
}

/** How many windows cover each element: the product over axes of the windows covering its coordinate. */
function coverage(shape: number[], starts: number[][], windowSizes: number[]): Tensor {
  let count: Tensor = tf.ones(shape.map(() => 1));
  shape.forEach((dim, axis) => {
    const covered = new Float32Array(dim);
    for (const start of starts[axis]) for (let i = start; i < start + windowSizes[axis]; i++) covered[i]++;
    count = tf.mul(
      count,
      tf.tensor(
        covered,
        shape.map((size, d) => (d === axis ? size : 1)),
      ),
    );
  });
  return count;
}

/** Starts every `stride`, plus one flush with the end if the last window stops short of it. */
export function windowStarts(dim: number, size: number, stride: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start + size <= dim; start += stride) starts.push(start);
  if (starts[starts.length - 1] + size < dim) starts.push(dim - size);
  return starts;
}

function perAxis(value: number | readonly number[], shape: number[], name: string, method: string): number[] {
  const sizes = typeof value === 'number' ? shape.map(() => value) : [...value, ...shape.slice(value.length)];
  if (sizes.length !== shape.length || sizes.some((size) => !(Number.isInteger(size) && size >= 1))) {
    throw new Error(
      `${method}: ${name} must be a whole number of at least 1, or one per axis of x (shape [${shape}]), got ${JSON.stringify(value)}.`,
    );
  }
  return sizes;
}
