import { tf } from '../../tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
// The named layer's activations without building (and leaking) a sub-model,
// for any graph, skip connections included: see layers-executor.ts.
import { evaluate } from '../layers-executor.js';
import { modelLayer } from './model-layer.js';

/**
 * The activations of layer `layer` of `model` for one example `input`
 * (`[h, w, c]` or `[1, h, w, c]`, as the model takes it), channels last:
 * `[H, W, C]` for a spatial layer, `[1, 1, C]` for a dense one (a 1 x 1 tile per unit). A
 * new tensor the caller disposes; `input` is not disposed.
 *
 * @example
 * ```ts
 * const conv1 = layerActivations(model, 'conv1', digit); // [26, 26, 8]
 * ```
 * @throws Error listing the model's layers when `layer` is not one, or naming the shapes when `input` does not fit.
 */
export function layerActivations(model: LayersModel, layer: string, input: Tensor): Tensor3D {
  const { input: modelInput, output, exampleShape, outputShape } = modelLayer(model, layer);
  const example = input.rank === exampleShape.length + 1 && input.shape[0] === 1 ? input.shape.slice(1) : input.shape;
  if (example.length !== exampleShape.length || exampleShape.some((size, axis) => size !== null && size !== example[axis])) {
    throw new Error(
      `input has shape [${input.shape.join(', ')}], but the model takes [${exampleShape.map((s) => s ?? 'any').join(', ')}] (optionally with a batch axis of 1).`,
    );
  }
  if (outputShape.length !== 3 && outputShape.length !== 1) {
    throw new Error(`layer "${layer}" outputs [batch, ${outputShape.join(', ')}]: a grid shows [batch, H, W, C] or [batch, C].`);
  }
  return tf.tidy('layerActivations', () => {
    const batch = tf.reshape(tf.cast(input, 'float32'), [1, ...example]);
    const value = evaluate(output, [{ key: modelInput, value: batch }]);
    // Dense [1, C] becomes [1, 1, C]: one strip of one value per channel.
    return (value.rank === 4 ? tf.squeeze(value, [0]) : tf.reshape(value, [1, 1, value.shape[1] as number])) as Tensor3D;
  });
}
