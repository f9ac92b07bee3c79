import { tf } from '../../tf.js';
import type { Scalar, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { evaluate, linearActivation } from '../layers-executor.js';
import { modelLayer, type ModelLayer } from './model-layer.js';
import { fourierBasis, fourierImage, type FourierBasis } from './fourier.js';
import { defaultTransformRanges, sampleTransform, warp, type TransformRanges } from './transforms.js';
import { totalVariation } from './total-variation.js';
import { mulberry32, normals } from '../random.js';

/** Options of {@link visualizeChannels}. */
export interface FeatureVisOptions {
  /** Gradient steps. Default 256. */
  steps?: number;
  /** Adam's learning rate. Default 0.05 (Lucid's). */
  learningRate?: number;
  /** Seeds the initial image and every step's transform: the same seed gives the same images on a backend. Default 0. */
  seed?: number;
  /** Weight of the total-variation penalty, per pixel (0: none, the default). */
  totalVariation?: number;
  /**
   * Weight of an L1 penalty on each pixel's distance from the low end of the
   * range, per pixel (0: none, the default): keeps the background dark and
   * the image sparse, as MNIST's white strokes on black are.
   */
  sparsity?: number;
  /**
   * `channel` (default): the channel's mean over all positions (Lucid's
   * `channel` objective). `neuron`: the channel at the centre position only
   * (Lucid's `neuron`), which shows one receptive field's worth of pattern;
   * on small networks whose channels the mean saturates, this is the one to read.
   */
  objective?: 'channel' | 'neuron';
  /** Random jitter, scale and rotation each step; `false` for none. Default: {@link defaultTransformRanges}. */
  transforms?: TransformRanges | false;
  /** Optimise decorrelated Fourier coefficients (default) or raw pixels (`false`), to compare. */
  decorrelate?: boolean;
  /** [h, w] of the image when the model's input size is not fixed. */
  size?: [number, number];
  /**
   * For a layer with a built-in ReLU, maximise the activation before the
   * ReLU (default true), as Lucid's `*_pre_relu` objectives do: on the grey
   * starting image most channels of a trained CNN are below zero, where the
   * ReLU's gradient is 0 and ascent could never start.
   */
  preRelu?: boolean;
  /**
   * Where in the range the starting image sits, as a fraction (default 0.5,
   * mid-grey as Lucid starts). 0.05 starts near black, the background of
   * MNIST-like data, so what the optimiser draws reads as strokes on it.
   */
  background?: number;
  /** The value range of the model's input pixels. Default [0, 1]. */
  range?: [number, number];
  /** Aborts between steps; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each step. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /**
   * Called every `previewEvery` steps with the images so far `[N, h, w, c]`;
   * the tensor is disposed when the callback's promise settles.
   */
  onPreview?: (images: Tensor4D, step: number) => void | Promise<void>;
  /** Steps between previews. Default: steps / 16. */
  previewEvery?: number;
}

/** What {@link visualizeChannels} resolves to. */
export interface FeatureVisResult {
  /** [N, h, w, c]: channel i's image at index i, in the input's value range. The caller disposes it. */
  images: Tensor4D;
  /** Channel i's mean activation on its final image, untransformed. */
  activation: Float32Array;
  /** The same on the first image, before any step, to show how much it rose. */
  initialActivation: Float32Array;
}

/**
 * Lucid's colour decorrelation (the square root of ImageNet's colour
 * covariance), applied to 3-channel images so that the optimiser moves
 * luminance and colour separately.
 */
const COLOR_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

/**
 * Feature visualisation by activation maximisation (Olah, Mordvintsev &
 * Schubert, 2017, "Feature Visualization", Distill): for each channel k of
 * `channels`, an input image that makes the mean activation of channel k of
 * layer `layer` large, found by gradient ascent with the regularisations that
 * make the result readable instead of adversarial noise:
 *
 * - the image is parameterised by decorrelated Fourier coefficients
 *   ({@link fourierImage}, 1/f scaled) and squashed into the input range by
 *   a sigmoid;
 * - each step sees it randomly jittered, scaled and rotated
 *   ({@link sampleTransform}, "transformation robustness");
 * - an optional total-variation penalty.
 *
 * All channels are optimised together as ONE batch: one forward and one
 * backward pass per step whatever their number (the loss is the sum of each
 * example's own channel), which on a GPU costs about as much as one channel.
 * Adam updates the coefficients.
 *
 * The model must take one input `[batch, h, w, c]`; `layer` may be spatial
 * (`[batch, H, W, C]`, activation averaged over positions) or dense
 * (`[batch, C]`).
 *
 * @example
 * ```ts
 * const { images } = await visualizeChannels(model, 'conv2', [0, 1, 2, 3], { steps: 256, seed: 1 });
 * images.dispose();
 * ```
 * @throws Error when the layer is missing (listing the layers) or a channel is out of range; rejects with the signal's reason on abort.
 */
export async function visualizeChannels(
  model: LayersModel,
  layer: string,
  channels: readonly number[],
  options: FeatureVisOptions = {},
): Promise<FeatureVisResult> {
  const parts = modelLayer(model, layer);
  const { exampleShape, outputShape } = parts;
  if (exampleShape.length !== 3)
    throw new Error(`visualizeChannels: the model must take images [batch, h, w, c], it takes [batch, ${exampleShape.join(', ')}].`);
  const [h, w] = [exampleShape[0] ?? options.size?.[0], exampleShape[1] ?? options.size?.[1]];
  const c = exampleShape[2];
  if (!h || !w || !c)
    throw new Error(
      `visualizeChannels: the model's input size is not fixed ([batch, ${exampleShape.map((s) => s ?? 'any').join(', ')}]): pass size: [h, w].`,
    );
  const channelCount = outputShape[outputShape.length - 1];
  if (channelCount === null || (outputShape.length !== 3 && outputShape.length !== 1)) {
    throw new Error(
      `visualizeChannels: layer "${layer}" outputs [batch, ${outputShape.join(', ')}]; one with [batch, H, W, C] or [batch, C] is needed.`,
    );
  }
  if (channels.length === 0) throw new Error('visualizeChannels: channels is empty; list at least one channel index.');
  for (const channel of channels) {
    if (!Number.isInteger(channel) || channel < 0 || channel >= channelCount) {
      throw new Error(`channel ${channel} is out of range: layer "${layer}" has ${channelCount} channels (0 to ${channelCount - 1}).`);
    }
  }
  const steps = options.steps ?? 256;
  const learningRate = options.learningRate ?? 0.05;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`steps must be a whole number ≥ 0, got ${steps}.`);
  if (!(learningRate > 0)) throw new Error(`learning-rate must be a positive number, got ${learningRate}.`);
  const tvWeight = options.totalVariation ?? 0;
  const ranges = options.transforms === false ? undefined : (options.transforms ?? defaultTransformRanges(h, w));
  const decorrelate = options.decorrelate ?? true;
  const [lo, hi] = options.range ?? [0, 1];
  const previewEvery = Math.max(1, options.previewEvery ?? Math.ceil(steps / 16));
  const random = mulberry32(options.seed ?? 0);
  const n = channels.length;
  const planes = n * c;
  options.signal?.throwIfAborted();

  const basis = decorrelate ? fourierBasis(h, w) : undefined;
  const constants = tf.tidy(() => ({
    target: tf.oneHot(tf.tensor1d(channels as number[], 'int32'), channelCount) as Tensor,
    color: c === 3 ? colorMatrix() : undefined,
  }));
  const background = options.background ?? 0.5;
  if (!(background > 0 && background < 1)) throw new Error(`background must be a fraction strictly between 0 and 1, got ${background}.`);
  const bias = Math.log(background / (1 - background));
  const toImages = (params: Tensor): Tensor4D => paramsToImages(params, basis, constants.color, n, c, h, w, lo, hi, bias);
  const preRelu = options.preRelu ?? true;
  const neuron = options.objective === 'neuron';
  const sparsity = options.sparsity ?? 0;
  const meanActivation = (images: Tensor4D, beforeRelu = false): Tensor1D =>
    channelObjective(parts, images, constants.target, outputShape.length, beforeRelu, neuron);

  // Lucid initialises the spectrum with N(0, 0.01²); pixels start at grey.
  const paramShape = decorrelate ? [2, planes, h, w] : [1, planes, h, w];
  let params: Tensor = tf.tensor(
    normals(
      random,
      paramShape.reduce((a, b) => a * b),
      0.01,
    ),
    paramShape,
  );
  let m: Tensor = tf.zerosLike(params);
  let v: Tensor = tf.zerosLike(params);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let initial: Tensor1D | undefined;
  try {
    initial = tf.tidy(() => meanActivation(toImages(params)));
    const loss = (p: Tensor, transform?: ReturnType<typeof sampleTransform>): Scalar => {
      const images = toImages(p);
      const seen = transform ? warp(images, transform, lo) : images;
      let value = tf.neg(tf.sum(meanActivation(seen, preRelu)));
      if (tvWeight > 0) value = tf.add(value, tf.mul(tf.sum(totalVariation(images)), tvWeight / (h * w)));
      if (sparsity > 0) value = tf.add(value, tf.mul(tf.sum(tf.abs(tf.sub(images, lo))), sparsity / (h * w)));
      return value as Scalar;
    };
    for (let step = 1; step <= steps; step++) {
      options.signal?.throwIfAborted();
      const transform = ranges ? sampleTransform(random, ranges) : undefined;
      const next = tf.tidy(() => {
        const grad = tf.grad((p: Tensor) => loss(p, transform))(params);
        const m1 = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
        const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
        const rate = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
        return { params: tf.sub(params, tf.div(tf.mul(m1, rate), tf.add(tf.sqrt(v1), 1e-8))), m: m1, v: v1 };
      });
      tf.dispose([params, m, v]);
      ({ params, m, v } = next);
      options.onProgress?.({ done: step, total: steps });
      if (step % previewEvery === 0 || step === steps) {
        const images = tf.tidy(() => toImages(params));
        try {
          // Reading the images back paces the CPU to the GPU: without a sync
          // point the page would queue all steps at once and stop responding.
          await images.data();
          options.signal?.throwIfAborted();
          await options.onPreview?.(images, step);
        } finally {
          images.dispose();
        }
      } else if (step % 4 === 0) {
        // Let input events and paints through between steps.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    options.signal?.throwIfAborted();
    const images = tf.tidy(() => toImages(params));
    const final = tf.tidy(() => meanActivation(images));
    const [activation, initialActivation] = await Promise.all([final.data(), initial.data()]);
    final.dispose();
    return { images, activation: activation as Float32Array, initialActivation: initialActivation as Float32Array };
  } finally {
    tf.dispose([params, m, v]);
    initial?.dispose();
    basis?.dispose();
    tf.dispose([constants.target, constants.color].filter((t): t is Tensor => t !== undefined));
  }
}

/**
 * The loss {@link visualizeChannels} ascends, without transforms, as a
 * function of its parameters, for checking its gradient against finite
 * differences: returns `f(params)` = Σ_i mean activation of channel
 * `channels[i]` on image i, and the parameter shape.
 */
export function featureObjective(
  model: LayersModel,
  layer: string,
  channels: readonly number[],
  options: { decorrelate?: boolean; range?: [number, number]; preRelu?: boolean } = {},
): { f: (params: Tensor) => Scalar; paramShape: number[]; dispose(): void } {
  const parts = modelLayer(model, layer);
  const [h, w, c] = parts.exampleShape as number[];
  const channelCount = parts.outputShape[parts.outputShape.length - 1] as number;
  const decorrelate = options.decorrelate ?? true;
  const [lo, hi] = options.range ?? [0, 1];
  const basis = decorrelate ? fourierBasis(h, w) : undefined;
  // In a tidy: oneHot's index tensor would otherwise outlive dispose().
  const target = tf.tidy(() => tf.oneHot(tf.tensor1d(channels as number[], 'int32'), channelCount));
  const color = c === 3 ? colorMatrix() : undefined;
  const n = channels.length;
  return {
    f: (params) =>
      tf.tidy(
        () =>
          tf.sum(
            channelObjective(
              parts,
              paramsToImages(params, basis, color, n, c, h, w, lo, hi),
              target,
              parts.outputShape.length,
              options.preRelu ?? false,
            ),
          ) as Scalar,
      ),
    paramShape: [decorrelate ? 2 : 1, n * c, h, w],
    dispose: () => {
      basis?.dispose();
      target.dispose();
      color?.dispose();
    },
  };
}

/** Parameters [2 | 1, N*c, h, w] to images [N, h, w, c] in [lo, hi]. Call inside a tidy. */
function paramsToImages(
  params: Tensor,
  basis: FourierBasis | undefined,
  color: Tensor | undefined,
  n: number,
  c: number,
  h: number,
  w: number,
  lo: number,
  hi: number,
  bias = 0,
): Tensor4D {
  const planes = basis ? fourierImage(params as Tensor4D, basis) : tf.reshape(params, [n * c, h, w]);
  // Lucid divides the Fourier image by 4 before the sigmoid: the 1/f scale
  // makes its low frequencies large.
  const scaled = basis ? tf.div(planes, 4) : planes;
  let images = tf.transpose(tf.reshape(scaled, [n, c, h, w]), [0, 2, 3, 1]) as Tensor4D;
  if (color) images = tf.reshape(tf.matMul(tf.reshape(images, [-1, 3]), color, false, true), [n, h, w, 3]) as Tensor4D;
  return tf.add(tf.mul(tf.sigmoid(bias === 0 ? images : tf.add(images, bias)), hi - lo), lo) as Tensor4D;
}

/**
 * Mean activation of channel target_i on image i, [N]; with `beforeRelu`,
 * of the layer's output before its built-in ReLU. Call inside a tidy.
 */
function channelObjective(parts: ModelLayer, images: Tensor4D, target: Tensor, rank: number, beforeRelu: boolean, neuron = false): Tensor1D {
  const layer = parts.layer as unknown as { activation?: { getClassName(): string } };
  const swap = beforeRelu && layer.activation?.getClassName() === 'relu';
  const saved = layer.activation;
  // The swap lasts only for this synchronous forward pass (the tape records
  // it; the backward pass does not call the layer again), so no other user of
  // the model can ever see the layer without its ReLU.
  if (swap) layer.activation = linearActivation();
  let activations: Tensor;
  try {
    activations = evaluate(parts.output, [{ key: parts.input, value: images }]);
  } finally {
    if (swap) layer.activation = saved;
  }
  if (rank === 1) return tf.sum(tf.mul(activations, target), 1) as Tensor1D;
  const mask = tf.reshape(target, [target.shape[0], 1, 1, target.shape[1] as number]);
  const maps = tf.sum(tf.mul(activations, mask), 3); // [N, H, W]: each image's own channel
  if (!neuron) return tf.mean(maps, [1, 2]) as Tensor1D;
  const [n, height, width] = maps.shape as [number, number, number];
  return tf.reshape(tf.slice(maps, [0, Math.floor((height - 1) / 2), Math.floor((width - 1) / 2)], [n, 1, 1]), [n]) as Tensor1D;
}

function colorMatrix(): Tensor {
  const norm = Math.max(...[0, 1, 2].map((j) => Math.hypot(...COLOR_SQRT.map((row) => row[j]))));
  return tf.tensor2d(COLOR_SQRT.map((row) => row.map((value) => value / norm)));
}
