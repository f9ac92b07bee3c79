import { tf } from '../../tf.js';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
// As in grad-cam.ts: evaluate() runs "the rest of the model" from an inner layer's values.
import { evaluate } from '../layers-executor.js';
import type { ScoreFunction } from '../attribution/types.js';

/** What text attribution differentiates: the sentence's embeddings and the score of them. */
export interface EmbeddingScore {
  /** The token embeddings [tokens, features], the x to attribute. */
  embeddings: Tensor2D;
  /** Logit `target` of the model with the embedding layer's output replaced by the batch [n, tokens, features]. */
  f: ScoreFunction;
  /** Frees the embeddings and the ids f feeds; call it when done with f. */
  dispose(): void;
}

/**
 * Attribution for a text model works on its token embeddings, since token
 * ids are integers with no gradient (Sundararajan et al., 2017, §6.3, do IG
 * on embeddings the same way): the first `Embedding` layer's output for
 * `ids` is x, and f feeds a batch of embeddings past that layer to the
 * logits. Reducing the [tokens, features] attribution over features gives
 * one value per token.
 *
 * `model` is a tf.LayersModel with one input of word ids [batch, tokens] and
 * one output of logits [batch, classes].
 *
 * @example
 * ```ts
 * const { embeddings, f, dispose } = embeddingScore(model, [4, 17, 9], 1);
 * const { attribution } = await gradientTimesInput(f, embeddings); // [3, 16]
 * dispose();
 * ```
 */
export function embeddingScore(model: LayersModel, ids: readonly number[], target: number): EmbeddingScore {
  const layer = model.layers.find((candidate) => candidate.getClassName() === 'Embedding');
  if (!layer) {
    throw new Error(
      'model: text attribution needs a model whose first layers include an Embedding layer (token ids -> vectors); this model has none.',
    );
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`model: text attribution needs one input and one output, the model has ${model.inputs.length} and ${model.outputs.length}.`);
  }
  const [input] = model.inputs;
  const [output] = model.outputs;
  if (output.shape.length !== 2)
    throw new Error(`model: the model must output logits [batch, classes] (rank 2), got shape [${output.shape.map((s) => s ?? 'batch')}].`);
  const classes = output.shape[1] as number;
  if (!(Number.isInteger(target) && target >= 0 && target < classes)) {
    throw new Error(`target ${target} is out of range: the model outputs ${classes} classes (0 to ${classes - 1}).`);
  }
  const length = input.shape[1];
  if (length !== null && length !== undefined && length !== ids.length) {
    throw new Error(`model: the model takes ${length} tokens, got ${ids.length} token ids.`);
  }
  const activations = layer.output as SymbolicTensor;
  const idRow = tf.tensor2d([Array.from(ids)], [1, ids.length], 'float32');
  const embeddings = tf.tidy(() => tf.squeeze(evaluate(activations, [{ key: input, value: idRow }]), [0])) as Tensor2D;
  const f: ScoreFunction = (batch: Tensor) =>
    tf.tidy(() => {
      const n = batch.shape[0];
      const logits = evaluate(output, [
        { key: input, value: tf.tile(idRow, [n, 1]) },
        { key: activations, value: batch },
      ]);
      return tf.reshape(tf.slice(logits, [0, target], [-1, 1]), [-1]) as Tensor1D;
    });
  return { embeddings, f, dispose: () => tf.dispose([embeddings, idRow]) };
}
