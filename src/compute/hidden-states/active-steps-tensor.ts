import { tf } from '../../tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ThresholdOptions } from './types.js';

/**
 * {@link activeSteps} on the backend: for states already in a `[steps,
 * units]` tensor (on the GPU, say), gathers the `units` columns, compares
 * with the threshold and reduces with `all` there, and reads back one byte
 * per step instead of the whole matrix. `states` is not disposed.
 *
 * Only worth it when the states are on the GPU already: uploading 205 MB to
 * compare them costs more than the typed-array pass, which reads about one
 * value per step (bench/scenarios/hidden-state-tracer.bench.ts).
 *
 * @example
 * ```ts
 * const mask = await activeStepsTensor(statesTensor, Int32Array.of(3, 17), { threshold: 0.3 }); // Uint8Array [steps]
 * ```
 */
export async function activeStepsTensor(states: Tensor, units: ArrayLike<number>, options: ThresholdOptions): Promise<Uint8Array> {
  const method = 'activeStepsTensor';
  if (states.rank !== 2) throw new Error(`${method}: states must be [steps, units], got shape [${states.shape}].`);
  const [steps, width] = states.shape;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!(Number.isInteger(u) && u >= 0 && u < width))
      throw new Error(`${method}: unit ${u} is out of range: the states have ${width} units (0 to ${width - 1}).`);
  }
  if (units.length === 0 || steps === 0) return new Uint8Array(steps);
  const mask = tf.tidy(() => {
    const columns = tf.gather(states, tf.tensor1d(Int32Array.from(units), 'int32'), 1);
    return tf.cast(tf.all(tf.greaterEqual(columns, options.threshold), 1), 'int32');
  });
  try {
    return Uint8Array.from((await mask.data()) as Int32Array);
  } finally {
    mask.dispose();
  }
}
