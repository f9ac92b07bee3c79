import { tf } from '../../tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { vanillaGradient } from '../../compute/attribution/vanilla-gradient.js';
import { gradientTimesInput } from '../../compute/attribution/gradient-times-input.js';
import { smoothGrad } from '../../compute/attribution/smooth-grad.js';
import { integratedGradients } from '../../compute/attribution/integrated-gradients.js';
import { gradCam } from '../../compute/attribution/grad-cam.js';
import { occlusion } from '../../compute/attribution/occlusion.js';
import { isLayersModel, logitsFunction, scoreFor, type ScoredModel } from '../../compute/attribution/score-for.js';

export { isLayersModel };
import type { AttributionProgress, ScoreFunction } from '../../compute/attribution/types.js';
import { imageBaseline, type ImageBaseline } from '../../compute/saliency/baselines.js';
import { embeddingScore } from '../../compute/saliency/embedding-score.js';

/** The attribution methods `<nn-saliency-overlay method>` runs. */
export const METHODS = ['gradient', 'gradient-x-input', 'smoothgrad', 'integrated-gradients', 'grad-cam', 'occlusion'] as const;
export type SaliencyMethod = (typeof METHODS)[number];

/** How each method is named in captions and legends. */
export const METHOD_LABELS: Record<SaliencyMethod, string> = {
  gradient: 'Gradient',
  'gradient-x-input': 'Gradient × input',
  smoothgrad: 'SmoothGrad',
  'integrated-gradients': 'Integrated Gradients',
  'grad-cam': 'Grad-CAM',
  occlusion: 'Occlusion',
};

/** A function from the image batch [n, H, W, C] in [0, 1] to the model's input batch, in tfjs ops (so gradients flow). */
export type Preprocess = (images: Tensor) => Tensor;

/** The method options the element passes on (its attributes). */
export interface ExplainOptions {
  samples: number;
  noise: number;
  steps: number;
  baseline: ImageBaseline;
  layer?: string;
  window?: number;
  seed: number;
  signal: AbortSignal;
  onProgress: (progress: AttributionProgress) => void;
}

/** What one method run gives: the raw attribution (the caller disposes it) and a note for the legend. */
export interface Explanation {
  /** [H, W, C] for gradient methods and occlusion, [h, w] for Grad-CAM (at the model input's resolution), [tokens, features] for text. */
  attribution: Tensor;
  /** What the reader should know about this run, e.g. the completeness gap of Integrated Gradients. */
  note?: string;
}

/** Checks what a LayersModel's shapes allow before anything runs: logits, target, and the image it takes. */
export function checkImageModel(model: ScoredModel, target: number | undefined, image: readonly number[], preprocess: boolean): number {
  if (target === undefined || target === null || Number.isNaN(target)) {
    throw new Error('target is not set: give the index of the class to explain, e.g. target="3".');
  }
  if (!(Number.isInteger(target) && target >= 0)) throw new Error(`target must be a class index (a whole number of 0 or more), got ${target}.`);
  if (!isLayersModel(model)) return target;
  if (model.outputs.length !== 1)
    throw new Error(`model: the model has ${model.outputs.length} outputs; pass a function (batch) => logits that picks one.`);
  const out = model.outputs[0].shape;
  if (out.length !== 2) {
    throw new Error(
      `model: the model must output logits [batch, classes] (rank 2), got rank ${out.length} (shape [${out.map((s) => s ?? 'batch')}]).`,
    );
  }
  const classes = out[1] as number;
  if (target >= classes) throw new Error(`target ${target} is out of range: the model outputs ${classes} classes (0 to ${classes - 1}).`);
  const takes = model.inputs[0].shape.slice(1);
  if (!preprocess && (takes.length !== image.length || takes.some((size, axis) => size !== null && size !== image[axis]))) {
    throw new Error(
      `model: the model takes images of shape [${takes.map((s) => s ?? 'any')}], but the image is [${image}]; ` +
        "resize the image or set preprocess to turn it into the model's input.",
    );
  }
  return target;
}

/** The logits of a batch, whatever kind of model (score-for's `logitsFunction`), with this element's message for anything else. */
function logitsOf(model: ScoredModel): (batch: Tensor) => Tensor {
  if (
    typeof model === 'function' ||
    isLayersModel(model) ||
    (typeof model === 'object' && model !== null && ('predict' in model || 'execute' in model))
  ) {
    return logitsFunction(model);
  }
  throw new Error(
    'model must be a tf.LayersModel, a tf.GraphModel (anything with predict or execute), a function (batch) => logits, or a model.json URL.',
  );
}

/**
 * Grad-CAM's default layer: the last convolution, as Selvaraju et al. use
 * ("the last convolutional layer"), else the last layer whose output is
 * [batch, height, width, channels]. A pooling layer after it holds the same
 * evidence at a coarser grid, and on the MNIST CNN (pool → flatten → dense,
 * no global average pooling) its spatially averaged gradients were negative
 * for most digits, so its map was zero everywhere.
 */
export function lastSpatialLayer(model: LayersModel): string | undefined {
  const spatial = model.layers.filter(
    (layer) =>
      layer.getClassName() !== 'InputLayer' &&
      Array.isArray(layer.outputShape) &&
      layer.outputShape.length === 4 &&
      !Array.isArray(layer.outputShape[0]),
  );
  const convolutions = spatial.filter((layer) => /Conv/.test(layer.getClassName()));
  return (convolutions.at(-1) ?? spatial.at(-1))?.name;
}

/**
 * Runs `method` on one image [H, W, C] in [0, 1] with the score of class
 * `target`. The image is not disposed. Gradients are taken with respect to
 * the image (before `preprocess`), so the map lines up with what is shown.
 */
export async function explainImage(
  model: ScoredModel,
  image: Tensor3D,
  target: number,
  method: SaliencyMethod,
  options: ExplainOptions,
  preprocess?: Preprocess,
): Promise<Explanation> {
  const common = { signal: options.signal, onProgress: options.onProgress };
  if (method === 'grad-cam') {
    if (!isLayersModel(model))
      throw new Error(
        'grad-cam needs a tf.LayersModel with a convolutional layer; this model is a function or a graph model. Choose another method.',
      );
    const layer = options.layer ?? lastSpatialLayer(model);
    if (!layer) throw new Error('grad-cam: the model has no layer with a spatial output [batch, height, width, channels].');
    const x = preprocess ? tf.tidy(() => tf.squeeze(preprocess(tf.expandDims(image, 0)), [0])) : image;
    try {
      const { attribution, layerMap } = await gradCam(model, x, { ...common, layer, target });
      layerMap.dispose();
      return { attribution, note: `layer "${layer}"` };
    } finally {
      if (x !== image) x.dispose();
    }
  }
  const logits = logitsOf(model);
  const f = scoreFor(preprocess ? (batch: Tensor) => logits(preprocess(batch)) : logits, target);
  return runGradientMethod(
    f,
    image,
    method,
    options,
    () => imageBaseline(image, options.baseline, { seed: options.seed }),
    occlusionWindow(image.shape, options.window),
  );
}

/** Occlusion's window over [H, W]: the `window` attribute, else 1/7 of the shorter side (4 px on MNIST), moved by half a window. */
function occlusionWindow(shape: readonly number[], window?: number): { window: number[]; stride: number[] } {
  const size = window ?? Math.max(1, Math.round(Math.min(shape[0], shape[1]) / 7));
  const stride = Math.max(1, Math.ceil(size / 2));
  return { window: [size, size], stride: [stride, stride] };
}

/**
 * Runs `method` on a text model's token embeddings (see `embeddingScore`):
 * [tokens, features], reduced over features by the caller. Integrated
 * Gradients and occlusion use the zero embedding as baseline; occlusion
 * hides one token at a time.
 */
export async function explainTokens(
  model: ScoredModel,
  ids: readonly number[],
  target: number,
  method: SaliencyMethod,
  options: ExplainOptions,
): Promise<Explanation> {
  if (!isLayersModel(model)) throw new Error('model: text attribution needs a tf.LayersModel with an Embedding layer.');
  if (method === 'grad-cam')
    throw new Error(
      'grad-cam explains images (it needs a spatial layer); for tokens choose gradient, gradient-x-input, smoothgrad, integrated-gradients or occlusion.',
    );
  const score = embeddingScore(model, ids, target);
  try {
    return await runGradientMethod(score.f, score.embeddings, method, options, () => tf.zerosLike(score.embeddings), { window: [1], stride: [1] });
  } finally {
    score.dispose();
  }
}

async function runGradientMethod(
  f: ScoreFunction,
  x: Tensor,
  method: Exclude<SaliencyMethod, 'grad-cam'>,
  options: ExplainOptions,
  baselineOf: () => Tensor,
  windows: { window: number[]; stride: number[] },
): Promise<Explanation> {
  const common = { signal: options.signal, onProgress: options.onProgress };
  switch (method) {
    case 'gradient':
      return { attribution: (await vanillaGradient(f, x, common)).attribution };
    case 'gradient-x-input':
      return { attribution: (await gradientTimesInput(f, x, common)).attribution };
    case 'smoothgrad': {
      const { attribution } = await smoothGrad(f, x, { ...common, samples: options.samples, noise: options.noise, seed: options.seed });
      return { attribution, note: `${options.samples} samples, noise ${options.noise}, seed ${options.seed}` };
    }
    case 'integrated-gradients': {
      const baseline = baselineOf();
      try {
        const result = await integratedGradients(f, x, { ...common, steps: options.steps, baseline });
        const change = result.score - result.baselineScore;
        const gap =
          change !== 0
            ? `${((100 * Math.abs(result.completenessGap)) / Math.abs(change)).toPrecision(2)}% of f(x) − f(baseline)`
            : `${result.completenessGap.toPrecision(2)}`;
        return { attribution: result.attribution, note: `${options.steps} steps, completeness gap ${gap}` };
      } finally {
        baseline.dispose();
      }
    }
    case 'occlusion': {
      const baseline = baselineOf();
      try {
        const { attribution } = await occlusion(f, x, { ...common, ...windows, baseline });
        return { attribution, note: `window ${windows.window.join(' x ')}, stride ${windows.stride.join(' x ')}` };
      } finally {
        baseline.dispose();
      }
    }
    default:
      throw new Error(`method must be one of ${METHODS.join(', ')}; got ${JSON.stringify(method)}.`);
  }
}
