/**
 * The two things nnscope takes from tfjs-layers' internals, in one place.
 *
 * tfjs-layers' public API runs a model only from its inputs to its outputs
 * (`predict`, `apply`). Several computations need more: the activations of
 * an inner layer (feature grids, hidden states, the embedding of a text
 * model), or "the rest of the model" with an inner layer's values replaced
 * (Grad-CAM differentiates the logit with respect to a convolution's
 * output; text attribution feeds perturbed embeddings). Building a
 * sub-model with `tf.model({inputs, outputs})` for each would allocate
 * layers that must be disposed by hand, and cannot start from an inner
 * layer of a graph with skip connections. The internal executor does both:
 * it evaluates any symbolic tensor of a model given values for any others.
 *
 * The deep imports resolve to the same module instances the package entry
 * `@tensorflow/tfjs-layers` uses (its `dist/index.js` imports these very
 * files), so models loaded through the public API work with them. They are
 * not public API: `package.json` pins tfjs-layers to one version, and the
 * compute tests that use this module (Grad-CAM, feature visualisation,
 * layer activations, embedding scores, hidden states from a model) fail
 * if an upgrade changes them. eslint.config.js allows these imports in
 * this file only.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { execute, FeedDict, type Feed } from '@tensorflow/tfjs-layers/dist/engine/executor.js';
import { getActivation } from '@tensorflow/tfjs-layers/dist/activations.js';

/** A value given for one symbolic tensor of a model: `{ key: model.inputs[0], value: batch }`. */
export type { Feed };

/**
 * The value of `target`, a symbolic tensor of a tf.LayersModel (an inner
 * layer's output, or the model's output), computed from `feeds`: values for
 * the model's inputs, and optionally for inner symbolic tensors, which then
 * replace what the layers before them would compute. Runs in inference mode
 * (`training` unset), records on the gradient tape like any tfjs op, and
 * returns a new tensor the caller disposes (or a tidy frees).
 *
 * @example
 * ```ts
 * const conv = model.getLayer('conv2').output as SymbolicTensor;
 * const activations = evaluate(conv, [{ key: model.inputs[0], value: batch }]);
 * // the logits with conv2's output replaced by `changed`:
 * const logits = evaluate(model.outputs[0], [{ key: model.inputs[0], value: batch }, { key: conv, value: changed }]);
 * ```
 */
export function evaluate(target: SymbolicTensor, feeds: Feed[]): Tensor {
  return execute(target, new FeedDict(feeds)) as Tensor;
}

/**
 * A `linear` (identity) activation object of tfjs-layers, to put in place of
 * a layer's `activation` for one forward pass (feature visualisation
 * optimises a channel before its ReLU). tfjs-layers exports activations only
 * by name inside layer configs, not as objects.
 *
 * @example
 * ```ts
 * const saved = layer.activation;
 * layer.activation = linearActivation();
 * try { pre = evaluate(layer.output, feeds); } finally { layer.activation = saved; }
 * ```
 */
export function linearActivation(): ReturnType<typeof getActivation> {
  return getActivation('linear');
}
