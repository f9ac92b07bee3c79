import { tf } from '../../tf.js';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ScoreFunction } from './types.js';

/**
 * A converted model, such as a tf.GraphModel from tfjs-converter: anything
 * whose `predict` (or else `execute`) maps a batch to logits [batch, classes].
 */
export interface GraphModelLike {
  predict?(inputs: Tensor, config?: object): unknown;
  execute?(inputs: Tensor, outputs?: string | string[]): unknown;
}

/** What {@link scoreFor} can score: a tf.LayersModel, a GraphModel-like object, or `(batch) => logits`. */
export type ScoredModel = LayersModel | GraphModelLike | ((batch: Tensor) => Tensor);

/**
 * The score function of one class: `batch => logits[:, classIndex]`, the
 * input every attribution method takes. A tf.LayersModel is called with
 * `apply(batch, { training: false })` (not `predict`, which splits the batch
 * on its own); a GraphModel-like object with `predict`, else `execute`.
 *
 * Throws, naming the shape or index, when the model's output is not logits
 * [batch, classes] or `classIndex` is not one of its classes: at once for a
 * LayersModel, whose output shape is known, else on the first call.
 * Converted models may run ops without gradients; gradient methods then say
 * so, and {@link occlusion} still works.
 *
 * @example
 * ```ts
 * const f = scoreFor(model, 7); // the logit of "7"
 * const { attribution } = await integratedGradients(f, digit);
 * ```
 */
export function scoreFor(model: ScoredModel, classIndex: number): ScoreFunction {
  if (!(Number.isInteger(classIndex) && classIndex >= 0)) {
    throw new Error(`scoreFor: classIndex must be a whole number of 0 or more, got ${classIndex}.`);
  }
  const logitsOf = logitsFunction(model);
  if (isLayersModel(model)) {
    if (model.outputs.length !== 1)
      throw new Error(`scoreFor: the model has ${model.outputs.length} outputs; pass a function (batch) => logits that picks one.`);
    checkLogits(model.outputs[0].shape, classIndex, 'the model');
  }
  return (batch: Tensor): Tensor1D =>
    tf.tidy(() => {
      const logits = logitsOf(batch);
      checkLogits(logits.shape, classIndex, 'the model');
      return tf.reshape(tf.slice(logits, [0, classIndex], [-1, 1]), [-1]) as Tensor1D;
    });
}

/**
 * The logits function of any {@link ScoredModel}: a tf.LayersModel applied
 * with `training: false`, a GraphModel-like object's `predict` (else
 * `execute`), or the function itself. Each call checks that one tensor
 * comes back (the error says how many did otherwise).
 *
 * @example
 * ```ts
 * const logits = logitsFunction(model);
 * const f = scoreFor((images) => logits(preprocess(images)), 3);
 * ```
 */
export function logitsFunction(model: ScoredModel): (batch: Tensor) => Tensor {
  if (typeof model === 'function') return (batch) => single(model(batch), 'the function');
  if (isLayersModel(model)) return (batch) => single(model.apply(batch, { training: false }), 'model.apply');
  if (model !== null && typeof model === 'object') {
    const { predict, execute } = model as GraphModelLike;
    if (typeof predict === 'function') return (batch) => single(predict.call(model, batch), 'model.predict');
    if (typeof execute === 'function') return (batch) => single(execute.call(model, batch), 'model.execute');
  }
  throw new Error(
    'scoreFor: model must be a tf.LayersModel, an object with predict() or execute() (a tf.GraphModel), or a function (batch) => logits.',
  );
}

/** Whether `model` is a tf.LayersModel, judged by its shape (`apply`, `layers`, `outputs`), so this module imports tfjs-layers' types only, never its code. */
export function isLayersModel(model: unknown): model is LayersModel {
  const candidate = model as Partial<LayersModel>;
  return (
    typeof model === 'object' &&
    model !== null &&
    typeof candidate.apply === 'function' &&
    Array.isArray(candidate.layers) &&
    Array.isArray(candidate.outputs)
  );
}

function single(output: unknown, source: string): Tensor {
  if (output instanceof tf.Tensor) return output;
  const count = Array.isArray(output)
    ? `${output.length} tensors`
    : typeof output === 'object' && output !== null
      ? `${Object.keys(output).length} named tensors`
      : typeof output;
  throw new Error(`scoreFor: ${source} returned ${count}, not one logits tensor [batch, classes]; pass a function (batch) => logits that picks it.`);
}

function checkLogits(shape: readonly (number | null)[], classIndex: number, source: string): void {
  if (shape.length !== 2) {
    throw new Error(
      `scoreFor: ${source} must output logits [batch, classes] (rank 2), got rank ${shape.length} (shape [${shape.map((s) => s ?? 'batch')}]).`,
    );
  }
  const classes = shape[1];
  if (classes !== null && classIndex >= classes) {
    throw new Error(`scoreFor: classIndex ${classIndex} is out of range; the model outputs ${classes} classes (0 to ${classes - 1}).`);
  }
}
