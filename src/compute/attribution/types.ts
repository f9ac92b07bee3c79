import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';

/**
 * What attribution explains: one score per example of a batch, e.g. one class
 * logit. `batch` is `[n, ...x.shape]`; the result must be `[n]` and computed
 * with tfjs ops from `batch` so that gradients can flow back to it. Examples
 * must not interact (no batch-norm in training mode): the gradient of the
 * batch's summed score with respect to example i is then example i's gradient.
 *
 * @example
 * ```ts
 * const f: ScoreFunction = (batch) => tf.sum(tf.mul(batch, weights), 1) as tf.Tensor1D;
 * ```
 */
export type ScoreFunction = (batch: Tensor) => Tensor1D;

/** How far a long attribution has come: `done` of `total` samples, steps or windows. */
export interface AttributionProgress {
  done: number;
  total: number;
}

/**
 * Options every attribution method takes.
 *
 * @example
 * ```ts
 * const controller = new AbortController(); // controller.abort() from a "Cancel" button
 * await integratedGradients(f, x, { steps: 256, batchSize: 64, signal: controller.signal,
 *   onProgress: ({ done, total }) => (bar.value = done / total) });
 * ```
 */
export interface AttributionOptions {
  /**
   * Examples sent to the backend at once. Default: as many as fit
   * {@link AttributionOptions.memoryBudget}, see `chooseBatchSize`.
   */
  batchSize?: number;
  /** Bytes one batch may use, activations included, when `batchSize` is not given. Default 128 MiB. */
  memoryBudget?: number;
  /** Aborting rejects with the signal's reason and frees every tensor the method made. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: AttributionProgress) => void;
}

/**
 * What every attribution method resolves to.
 *
 * @example
 * ```ts
 * const { attribution } = await vanillaGradient(f, x);
 * const map = await attribution.data();
 * attribution.dispose();
 * ```
 */
export interface Attribution {
  /** Same shape as the input (Grad-CAM: its spatial shape); the caller disposes it. */
  attribution: Tensor;
}
