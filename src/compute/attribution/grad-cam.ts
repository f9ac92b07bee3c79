import { tf } from '../../tf.js';
import type { Scalar, Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
// evaluate() runs "the rest of the model" from the chosen layer's
// activations, for any graph (skip connections included): see layers-executor.ts.
import { evaluate } from '../layers-executor.js';
import { explainGradientError, floatInput, releaseInput } from './scores.js';
import type { Attribution, AttributionOptions } from './types.js';

/** Options of {@link gradCam}. */
export interface GradCamOptions extends AttributionOptions {
  /** Name of the layer whose activations are weighted: one with output [batch, height, width, channels]. */
  layer: string;
  /** Index of the class (the logit, in the model's output [batch, classes]) to explain. */
  target: number;
}

/** What {@link gradCam} resolves to. */
export interface GradCamAttribution extends Attribution {
  /** [height, width] of x, non-negative; the caller disposes it. */
  attribution: Tensor2D;
  /** The map at the layer's resolution, before upsampling; the caller disposes it. */
  layerMap: Tensor2D;
  /** The target logit at x. */
  score: number;
}

/**
 * Grad-CAM (Selvaraju et al., 2017, "Grad-CAM: Visual Explanations from Deep
 * Networks via Gradient-based Localization"), eq. 1-2: with A the named
 * layer's activations [h, w, C] at x and y the target logit, channel weights
 * are the spatially averaged gradients w_c = mean_ij ∂y/∂A_ijc, and the map
 * is ReLU(Σ_c w_c A_c), keeping what speaks for the class. The map is
 * bilinearly resized to x's height and width with half-pixel centres (as
 * OpenCV's resize, which the paper's code uses).
 *
 * `model` is a tf.LayersModel with one input [batch, height, width,
 * channels] (channels last) and one output of logits [batch, classes]; a
 * final softmax makes y a probability, which saturates: prefer a model that
 * outputs logits. `x` is one example [height, width, channels]; it is not
 * disposed.
 *
 * @example
 * ```ts
 * const { attribution } = await gradCam(model, digit, { layer: 'conv2', target: 7 }); // [28, 28]
 * ```
 */
export async function gradCam(model: LayersModel, x: Tensor, options: GradCamOptions): Promise<GradCamAttribution> {
  const method = 'gradCam';
  const { activations, input, output, classes } = modelParts(model, options.layer, method);
  const { target } = options;
  if (!(Number.isInteger(target) && target >= 0 && target < classes)) {
    throw new Error(`${method}: target ${target} is out of range; the model has ${classes} classes (0 to ${classes - 1}).`);
  }
  const expected = input.shape.slice(1);
  if (x.rank !== expected.length || expected.some((size, axis) => size !== null && size !== x.shape[axis])) {
    throw new Error(
      `${method}: x has shape [${x.shape}], but the model takes examples of shape [${expected.map((s) => s ?? 'any')}] (no batch axis).`,
    );
  }
  options.signal?.throwIfAborted();
  const example = floatInput(x, method);
  let result: { attribution: Tensor2D; layerMap: Tensor2D; score: Scalar } | undefined;
  try {
    result = tf.tidy(() => {
      const batch = tf.expandDims(example, 0);
      const layerValue = evaluate(activations, [{ key: input, value: batch }]) as Tensor4D;
      const targetLogit = (a: Tensor4D): Scalar => {
        const logits = evaluate(output, [
          { key: input, value: batch },
          { key: activations, value: a },
        ]);
        return tf.reshape(tf.slice(logits, [0, target], [1, 1]), []);
      };
      let value: Scalar;
      let grad: Tensor4D;
      try {
        ({ value, grad } = tf.valueAndGrad(targetLogit)(layerValue));
      } catch (error) {
        throw explainGradientError(error, method);
      }
      const [, height, width] = layerValue.shape;
      const [imageHeight, imageWidth] = example.shape as [number, number, number];
      const channelWeights = tf.mean(grad, [1, 2], true); // [1, 1, 1, C]: eq. 1
      const map = tf.relu(tf.sum(tf.mul(channelWeights, layerValue), 3, true)) as Tensor4D; // eq. 2
      const resized = tf.image.resizeBilinear(map, [imageHeight, imageWidth], false, true);
      return {
        attribution: tf.reshape(resized, [imageHeight, imageWidth]) as Tensor2D,
        layerMap: tf.reshape(map, [height, width]) as Tensor2D,
        score: value,
      };
    });
    const score = (await result.score.data())[0];
    options.onProgress?.({ done: 1, total: 1 });
    options.signal?.throwIfAborted();
    result.score.dispose();
    return { attribution: result.attribution, layerMap: result.layerMap, score };
  } catch (error) {
    if (result) tf.dispose([result.attribution, result.layerMap, result.score]);
    throw error;
  } finally {
    releaseInput(example, x);
  }
}

interface ModelParts {
  activations: SymbolicTensor;
  input: SymbolicTensor;
  output: SymbolicTensor;
  classes: number;
}

/** The named layer's output, the model's input and logits, checked, with errors that list what would work. */
function modelParts(model: LayersModel, layerName: string, method: string): ModelParts {
  if (model === null || typeof model !== 'object' || !Array.isArray(model.layers) || !Array.isArray(model.inputs)) {
    throw new Error(`${method}: model must be a tf.LayersModel (from tf.loadLayersModel, tf.sequential or tf.model).`);
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`${method}: the model must have one input and one output, it has ${model.inputs.length} and ${model.outputs.length}.`);
  }
  const [input] = model.inputs;
  const [output] = model.outputs;
  if (input.shape.length !== 4) {
    throw new Error(`${method}: the model's input must be images [batch, height, width, channels], got shape [${input.shape}].`);
  }
  if (output.shape.length !== 2) {
    throw new Error(`${method}: the model's output must be logits [batch, classes], got shape [${output.shape}].`);
  }
  const spatial = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer' && hasSpatialOutput(layer.outputShape));
  const names = spatial.map((layer) => `"${layer.name}"`).join(', ') || 'none';
  const layer = model.layers.find((candidate) => candidate.name === layerName);
  if (!layer) {
    throw new Error(`${method}: the model has no layer "${layerName}". Layers with a spatial output: ${names}.`);
  }
  if (!spatial.includes(layer)) {
    throw new Error(
      `${method}: layer "${layerName}" outputs [${layer.outputShape}], which has no spatial dimensions ` +
        `([batch, height, width, channels] is needed). Layers with a spatial output: ${names}.`,
    );
  }
  if (layer.inboundNodes.length !== 1) {
    throw new Error(`${method}: layer "${layerName}" is applied ${layer.inboundNodes.length} times in the model, so its activations are ambiguous.`);
  }
  return { activations: layer.output as SymbolicTensor, input, output, classes: output.shape[1] as number };
}

function hasSpatialOutput(shape: unknown): boolean {
  return Array.isArray(shape) && shape.length === 4 && shape.every((size) => typeof size !== 'object' || size === null);
}
