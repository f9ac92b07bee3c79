import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { AttributionOptions } from './types.js';

/** Bytes one batch may use when neither `batchSize` nor `memoryBudget` is given: 128 MiB. */
export const DEFAULT_MEMORY_BUDGET = 128 * 2 ** 20;

/**
 * How many float32 copies of an example a forward and backward pass keep per
 * example, beyond the example itself. Backpropagation holds every layer's
 * activations: those of the MNIST CNN in models/mnist-cnn add up to about 12
 * input-sized tensors (its first conv alone is 26 x 26 x 8, 6.9 inputs), and
 * the backward pass needs about as much again; wider image models keep more,
 * so 32 is a deliberately generous guess.
 */
export const ACTIVATIONS_PER_EXAMPLE = 32;

/**
 * The batch size attribution methods use: `options.batchSize` when given,
 * otherwise `floor(memoryBudget / (4 * exampleSize * (1 + ACTIVATIONS_PER_EXAMPLE)))`
 * examples (4 bytes a float32 value), at least 1 and at most `total`. A 28 x 28
 * digit costs 103 KB, so the default 128 MiB holds 1,270 of them; a 224 x 224 x 3
 * image costs 19.9 MB, so 6.
 *
 * When the budget splits `total` into several batches, the size is lowered
 * to the largest divisor of `total` down to half the budget's size, so that
 * every batch has the same shape: WebGL and WebGPU compile their programs per
 * shape, and a short last batch (50 = 8 x 6 + 2) would compile them all again.
 * 50 samples of a 224 x 224 x 3 image go as 10 batches of 5.
 *
 * @example
 * ```ts
 * chooseBatchSize(784, 256); // 256: all steps of integrated gradients at once
 * chooseBatchSize(784, 256, { batchSize: 64 }); // 64
 * chooseBatchSize(224 * 224 * 3, 50); // 5: ten batches of one shape
 * ```
 */
export function chooseBatchSize(exampleSize: number, total: number, options: AttributionOptions = {}): number {
  const most = Math.max(1, total);
  if (options.batchSize !== undefined) {
    if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1)) {
      throw new Error(`batchSize must be a whole number of at least 1, got ${options.batchSize}.`);
    }
    return Math.min(options.batchSize, most);
  }
  const budget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  if (!(budget > 0)) throw new Error(`memoryBudget must be a positive number of bytes, got ${budget}.`);
  const bytesPerExample = 4 * Math.max(1, exampleSize) * (1 + ACTIVATIONS_PER_EXAMPLE);
  const fits = Math.min(most, Math.max(1, Math.floor(budget / bytesPerExample)));
  for (let size = fits; size >= Math.ceil(fits / 2); size--) if (most % size === 0) return size;
  return fits;
}

/**
 * Calls `body(start, count)` for consecutive batches covering `0..total-1`,
 * reports progress after each, and yields to the event loop between batches
 * so that the page stays responsive and an `abort()` (from a click, or from
 * `onProgress` itself) is seen before the next batch starts. Rejects with the
 * signal's reason when aborted.
 */
export async function forEachBatch(
  total: number,
  batchSize: number,
  options: AttributionOptions,
  body: (start: number, count: number) => void | Promise<void>,
): Promise<void> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    await body(start, count);
    onProgress?.({ done: start + count, total });
    await nextTask();
    signal?.throwIfAborted();
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Tensors carried from batch to batch (running sums, maxima). `update` runs
 * its step in a tidy and frees the tensors it replaces; `dispose` frees the
 * rest, so a method that fails or is aborted half-way leaks nothing.
 */
export class RunningTensors<T extends Record<string, Tensor>> {
  constructor(public value: T) {}

  update(step: (current: T) => T): void {
    const next = tf.tidy(() => step(this.value));
    // keep(): a caller's enclosing tidy must not free the running values.
    for (const tensor of Object.values(next)) tf.keep(tensor);
    const kept = new Set(Object.values(next));
    for (const tensor of Object.values(this.value)) if (!kept.has(tensor)) tensor.dispose();
    this.value = next;
  }

  dispose(): void {
    tf.dispose(Object.values(this.value));
  }
}
