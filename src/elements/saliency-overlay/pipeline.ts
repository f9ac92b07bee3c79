import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import { Stage } from '../base/stage.js';
import { given, indexList, integerIn, numberIn, oneOf, stringList } from '../base/validate.js';
import type { TensorInput, LoadTensorOptions } from '../../data/load-tensor.js';
import { imagePixels, imageToTensor, type ImageInput } from '../../data/image-tensor.js';
import { logitsFunction, type ScoredModel } from '../../compute/attribution/score-for.js';
import { reduceChannels, type ChannelReduction } from '../../compute/saliency/reduce-channels.js';
import { resizeMap } from '../../compute/saliency/resize-map.js';
import { spearman } from '../../compute/saliency/rank-correlation.js';
import { randomizedCopy } from '../../compute/saliency/randomize-weights.js';
import { IMAGE_BASELINES } from '../../compute/saliency/baselines.js';
import { tensorPixels } from '../../render/tensor-pixels.js';
import { bitmapOf } from '../../render/bitmap.js';
import {
  checkImageModel,
  explainImage,
  explainTokens,
  isLayersModel,
  METHOD_LABELS,
  METHODS,
  type Explanation,
  type ExplainOptions,
  type Preprocess,
  type SaliencyMethod,
} from './explain.js';
import type { Panel, Picture, Prediction, SaliencyData } from './views/host.js';

/** The element's inputs, as set (validated here, in the pipeline, so a bad value shows inside the element). */
export interface SaliencyInputs {
  image?: ImageInput;
  src?: string;
  saliency?: TensorInput;
  saliencySrc?: string;
  model?: ScoredModel | string;
  target?: number;
  method: unknown;
  samples: unknown;
  noise: unknown;
  steps: unknown;
  baseline: unknown;
  layer?: string;
  window?: unknown;
  seed: unknown;
  preprocess?: Preprocess;
  tokens?: unknown;
  tokenIds?: unknown;
  compare?: unknown;
  signed: boolean;
}

/** What the pipeline asks of the element while it runs. */
export interface PipelineHooks {
  /** Loads a tensor input the element's way (the base's `loadInput`). */
  load(input: TensorInput, options: LoadTensorOptions & { signal: AbortSignal }): Promise<Tensor>;
  /** The picture is decoded: show it now. With `computing` (a model runs next) resolve once it is on screen. */
  picture(picture: Picture, computing: boolean): Promise<void>;
  progress(done: number, total: number): void;
}

/** One panel of `compare`: a method, on the trained model or on its weight-randomised copy. */
interface CompareEntry {
  method: SaliencyMethod;
  randomized: boolean;
}

const disposeModel = (model: LayersModel) => model.dispose();
const disposeTensor = (tensor: Tensor) => tensor.dispose();
const disposeExplanation = (explanation: Explanation) => explanation.attribution.dispose();

/**
 * The saliency overlay's derived data, one {@link Stage} per step, each keyed
 * by the values it depends on: a model loaded from a URL; the decoded
 * picture; the image tensor the model takes; each compare entry's raw
 * attribution (tensor); its map reduced over channels and resized (a typed
 * array); a precomputed map's tensor. A step whose arguments did not change
 * is not redone: switching `signed` re-reduces the raw attributions without
 * running the method again, and no view switch recomputes anything.
 *
 * A compute aborted by a newer input or by removal frees what it made (the
 * stages dispose values that arrive after the abort); `clear()` frees the rest.
 */
export class SaliencyPipeline {
  private readonly model = new Stage<[string], LayersModel>({ dispose: disposeModel });
  private readonly randomModel = new Stage<[ScoredModel, number], LayersModel>({ dispose: disposeModel });
  private readonly picture = new Stage<[ImageInput], Picture>();
  private readonly imageTensor = new Stage<[ImageInput, 1 | 3 | undefined], Tensor3D>({ dispose: disposeTensor });
  private readonly loaded = new Stage<[TensorInput, 1 | 2], Tensor>({ dispose: disposeTensor });
  /** How many classes a function or graph model outputs (undefined when its output is not [batch, classes]). */
  private readonly classes = new Stage<[ScoredModel, Preprocess | undefined], number | undefined>();
  /** The model's class probabilities for the image (softmax of its logits), for the legend's "explaining class 7 · p = 0.98". */
  private readonly probabilities = new Stage<[ScoredModel, Tensor3D, Preprocess | undefined], Float32Array | undefined>();
  private raw: Stage<readonly unknown[], Explanation>[] = [];
  private maps: Stage<[Tensor, ChannelReduction, number, number], Float32Array>[] = [];

  /** The decoded picture of the current image, once decoded (before any attribution). */
  get currentPicture(): Picture | undefined {
    return this.picture.value;
  }

  /** Frees everything: models loaded here, tensors, maps. */
  clear(): void {
    for (const stage of [
      this.model,
      this.randomModel,
      this.picture,
      this.imageTensor,
      this.loaded,
      this.classes,
      this.probabilities,
      ...this.raw,
      ...this.maps,
    ])
      stage.clear();
    this.raw = [];
    this.maps = [];
  }

  /** Runs the steps whose arguments changed and returns what the views show. */
  async run(inputs: SaliencyInputs, signal: AbortSignal, hooks: PipelineHooks): Promise<SaliencyData> {
    if (inputs.preprocess !== undefined && inputs.preprocess !== null && typeof inputs.preprocess !== 'function') {
      throw new Error(`preprocess must be a function (batch) => the model's input batch; got ${given(inputs.preprocess)}.`);
    }
    if (inputs.preprocess === null) inputs = { ...inputs, preprocess: undefined };
    const tokens = stringList('tokens', inputs.tokens);
    const rule: ChannelReduction = inputs.signed ? 'sum' : 'max-abs';
    // A removed attribute reads as null: the same as never set.
    const precomputed = inputs.saliency ?? inputs.saliencySrc ?? undefined;
    const entries = compareEntries(inputs.method, inputs.compare);
    const model = inputs.model === undefined || inputs.model === null ? undefined : await this.resolveModel(inputs.model, signal);
    let panels: Panel[];
    let picture: Picture | undefined;
    let prediction: Prediction | undefined;
    if (tokens) {
      this.picture.clear();
      this.imageTensor.clear();
      if (precomputed !== undefined) {
        panels = [{ label: 'Attribution', map: await this.loadMap(precomputed, rule, signal, hooks, [tokens.length]) }];
      } else if (model) {
        const ids = indexList('token-ids', inputs.tokenIds);
        if (ids === undefined) throw new Error('token-ids is not set: a text model needs the word id of each token, e.g. token-ids="[4, 17, 9]".');
        if (ids.length !== tokens.length)
          throw new Error(`token-ids has ${ids.length} ids but tokens has ${tokens.length} tokens; give one id per token.`);
        const target = checkImageModel(model, inputs.target, [], true);
        panels = await this.explainAll(entries, model, inputs, rule, signal, hooks, [inputs.tokenIds, target], (m, method, options) =>
          explainTokens(m, ids, target, method, options),
        );
      } else {
        throw new Error('Nothing to shade the tokens by: set saliency (one value per token) or model, target and token-ids.');
      }
    } else {
      const input = inputs.image ?? inputs.src ?? undefined;
      if (input === undefined)
        throw new Error(
          'No image yet: set src to an image URL, or the image property (an <img>, canvas, ImageBitmap, ImageData or tensor [H, W, 1|3]).',
        );
      const source = inputs.image !== undefined && inputs.image !== null ? 'image' : 'src';
      const fresh = !this.picture.has([input]);
      picture = await this.picture.run([input], (s) => decodePicture(input, source, s), signal);
      // Let the picture reach the screen before a long attribution takes the main thread (the cpu
      // backend computes a whole batch in one task): the reader sees the image at once.
      if (fresh) await hooks.picture(picture, precomputed === undefined && model !== undefined);
      signal.throwIfAborted();
      const { width, height } = picture;
      if (precomputed !== undefined) {
        panels = [{ label: 'Attribution', map: await this.loadMap(precomputed, rule, signal, hooks, [height, width]) }];
      } else if (model) {
        const channels = modelChannels(model, inputs.preprocess);
        const image = await this.imageTensor.run(
          [input, channels],
          (s) => imageToTensor(input instanceof tf.Tensor ? input : picture!.pixels, { channels, signal: s, source }),
          signal,
        );
        const target = checkImageModel(model, inputs.target, image.shape, inputs.preprocess !== undefined);
        const preprocess = inputs.preprocess;
        if (!isLayersModel(model)) {
          // A function or graph model says how many classes it has only when run. Learn that once per model,
          // outside any gradient tape: an out-of-range class found inside a method's tape would leave the
          // tensors tfjs saved for the backward pass behind.
          const classes = await this.classes.run([model, preprocess], () => classCount(model, image, preprocess), signal);
          if (classes !== undefined && target >= classes) {
            throw new Error(
              `target ${target} is out of range: the model outputs ${classes} class${classes === 1 ? '' : 'es'} (0 to ${classes - 1}).`,
            );
          }
        }
        panels = await this.explainAll(
          entries,
          model,
          inputs,
          rule,
          signal,
          hooks,
          [image, target, preprocess],
          (m, method, options) => explainImage(m, image, target, method, options, preprocess),
          [height, width],
        );
        const probabilities = await this.probabilities.run([model, image, preprocess], () => classProbabilities(model, image, preprocess), signal);
        prediction = predictionOf(probabilities, target);
      } else {
        throw new Error('Nothing to show over the image: set saliency (or saliency-src) to a precomputed map, or model and target to compute one.');
      }
    }
    if (!prediction) this.probabilities.clear();
    if (precomputed !== undefined) this.dropExplanations(0);
    else this.loaded.clear();
    for (let i = 1; i < panels.length; i++) panels[i].rho = spearman(panels[0].map, panels[i].map);
    return { text: tokens !== undefined, tokens: tokens ?? [], panels, picture, prediction };
  }

  /** Runs each compare entry (or the one `method`), reusing raw attributions whose arguments did not change. */
  private async explainAll(
    entries: CompareEntry[],
    model: ScoredModel,
    inputs: SaliencyInputs,
    rule: ChannelReduction,
    signal: AbortSignal,
    hooks: PipelineHooks,
    inputArgs: readonly unknown[],
    run: (model: ScoredModel, method: SaliencyMethod, options: ExplainOptions) => Promise<Explanation>,
    size?: [number, number],
  ): Promise<Panel[]> {
    const options = explainOptions(inputs);
    const panels: Panel[] = [];
    for (const [index, entry] of entries.entries()) {
      const used = entry.randomized ? await this.randomized(model, options.seed, signal) : model;
      this.raw[index] ??= new Stage({ dispose: disposeExplanation });
      this.maps[index] ??= new Stage();
      const args = [
        ...inputArgs,
        used,
        entry.method,
        options.samples,
        options.noise,
        options.steps,
        options.baseline,
        options.layer,
        options.window,
        options.seed,
      ];
      const onProgress = ({ done, total }: { done: number; total: number }) => {
        if (!signal.aborted) hooks.progress(index * 100 + Math.round((100 * done) / total), entries.length * 100);
      };
      const explanation = await this.raw[index].run(args, (s) => run(used, entry.method, { ...options, signal: s, onProgress }), signal);
      const map = await this.maps[index].run(
        [explanation.attribution, rule, size?.[0] ?? 0, size?.[1] ?? 0],
        () => reduceAndRead(explanation.attribution, rule, size),
        signal,
      );
      panels.push({ label: `${METHOD_LABELS[entry.method]}${entry.randomized ? ', random weights' : ''}`, map, note: explanation.note });
    }
    this.dropExplanations(entries.length);
    if (!entries.some((entry) => entry.randomized)) this.randomModel.clear();
    return panels;
  }

  /** Frees raw attributions and maps from index `from` on (a shorter compare, or a precomputed map). */
  private dropExplanations(from: number): void {
    for (const stage of [...this.raw.slice(from), ...this.maps.slice(from)]) stage.clear();
    this.raw.length = Math.min(this.raw.length, from);
    this.maps.length = Math.min(this.maps.length, from);
  }

  /** Loads a precomputed map and brings it to one value per pixel (or token). */
  private async loadMap(
    input: TensorInput,
    rule: ChannelReduction,
    signal: AbortSignal,
    hooks: PipelineHooks,
    size: number[],
  ): Promise<Float32Array> {
    const spatialRank = size.length as 1 | 2;
    const loaded = await this.loaded.run(
      [input, spatialRank],
      (s) => hooks.load(input, { signal: s, source: 'saliency', rank: spatialRank === 2 ? [2, 3] : [1, 2] }),
      signal,
    );
    if (spatialRank === 1 && loaded.shape[0] !== size[0]) {
      throw new Error(`tokens has ${size[0]} tokens but saliency has ${loaded.shape[0]} values (shape [${loaded.shape}]); give one per token.`);
    }
    // Reduced afresh each run: a precomputed map is one cheap pass, and its stage is the loaded tensor.
    return reduceAndRead(loaded, rule, spatialRank === 2 ? (size as [number, number]) : undefined);
  }

  private async resolveModel(model: ScoredModel | string, signal: AbortSignal): Promise<ScoredModel> {
    if (typeof model !== 'string') {
      this.model.clear();
      return model;
    }
    return this.model.run(
      [model],
      async () => {
        try {
          return await tfl.loadLayersModel(model);
        } catch (error) {
          throw new Error(`model: could not load a layers model from "${model}" (${error instanceof Error ? error.message : String(error)}).`);
        }
      },
      signal,
    );
  }

  /** The weight-randomised copy of `model` for the sanity check, made once per model and seed. */
  private randomized(model: ScoredModel, seed: number, signal: AbortSignal): Promise<LayersModel> {
    if (!isLayersModel(model))
      throw new Error('compare: ":randomized" needs a tf.LayersModel (its weights are redrawn); this model is a function or a graph model.');
    return this.randomModel.run([model, seed], () => randomizedCopy(model, seed + 1), signal);
  }
}

/** The picture's pixels, read on the CPU: a precomputed map then needs no image tensor at all
 * (a 1024 x 1024 first paint went from 0.9 s to a third of that without the GPU round trip). */
async function decodePicture(input: ImageInput, source: string, signal: AbortSignal): Promise<Picture> {
  let pixels: ImageData;
  if (input instanceof tf.Tensor) {
    const image = await imageToTensor(input, { signal, source });
    try {
      pixels = await tensorPixels(image);
    } finally {
      image.dispose();
    }
  } else {
    pixels = await imagePixels(input, { signal, source });
  }
  return {
    pixels,
    bitmap: bitmapOf(pixels.data as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height),
    width: pixels.width,
    height: pixels.height,
  };
}

/** Reduces channels (text: features), resizes onto the image, and reads the values once. */
async function reduceAndRead(raw: Tensor, rule: ChannelReduction, size?: [number, number]): Promise<Float32Array> {
  const reduced = reduceChannels(raw, rule, size ? 2 : 1);
  let shown: Tensor = reduced;
  try {
    if (size) shown = resizeMap(reduced as Tensor2D, size);
    return (await shown.data()) as Float32Array;
  } finally {
    reduced.dispose();
    if (shown !== reduced) shown.dispose();
  }
}

/** The method options from the attributes, validated. */
function explainOptions(inputs: SaliencyInputs): Omit<ExplainOptions, 'signal' | 'onProgress'> {
  return {
    samples: integerIn('samples', inputs.samples, 1),
    noise: numberIn('noise', inputs.noise, 0),
    steps: integerIn('steps', inputs.steps, 1),
    baseline: oneOf('baseline', inputs.baseline, IMAGE_BASELINES),
    layer: inputs.layer || undefined,
    window: inputs.window === undefined || inputs.window === null ? undefined : integerIn('window', inputs.window, 1),
    seed: numberIn('seed', inputs.seed),
  };
}

/** Channels the model takes (1 or 3) when it says, so a colour file feeds a grey model; undefined with preprocess. */
function modelChannels(model: ScoredModel, preprocess: Preprocess | undefined): 1 | 3 | undefined {
  if (preprocess || !isLayersModel(model)) return undefined;
  const shape = model.inputs[0]?.shape;
  const channels = shape?.length === 4 ? shape[3] : undefined;
  return channels === 1 || channels === 3 ? channels : undefined;
}

/** The panels `compare` asks for (`method` alone without it). */
function compareEntries(methodValue: unknown, compare: unknown): CompareEntry[] {
  const method = oneOf('method', methodValue, METHODS);
  if (compare === undefined || compare === null || (Array.isArray(compare) && compare.length === 0)) return [{ method, randomized: false }];
  if (compare === 'sanity-check')
    return [
      { method, randomized: false },
      { method, randomized: true },
    ];
  if (!Array.isArray(compare)) {
    throw new Error(
      `compare must be "sanity-check" or a JSON array of methods, like ["gradient", "smoothgrad"]; got ${JSON.stringify(compare).slice(0, 80)}.`,
    );
  }
  return compare.map((entry) => {
    const [name, variant, ...rest] = String(entry).split(':');
    if (rest.length > 0 || (variant !== undefined && variant !== 'randomized')) {
      throw new Error(`compare: "${entry}" is not a method or "method:randomized".`);
    }
    return { method: oneOf('compare', name, METHODS), randomized: variant === 'randomized' };
  });
}

/** The class count of a model's logits for one image, from one forward pass outside any gradient tape. */
function classCount(model: ScoredModel, image: Tensor3D, preprocess: Preprocess | undefined): number | undefined {
  const logits = logitsFunction(model);
  return tf.tidy(() => {
    const batch = tf.expandDims(image, 0);
    const out = logits(preprocess ? preprocess(batch) : batch);
    return out.rank === 2 ? out.shape[1] : undefined;
  });
}

/**
 * The model's class probabilities for one image, read back once per image
 * and model, outside any gradient tape: its outputs as they are when they
 * already are probabilities (non-negative, summing to 1, as after a softmax
 * layer), else their softmax. Undefined when the output is not [1, classes].
 */
async function classProbabilities(model: ScoredModel, image: Tensor3D, preprocess: Preprocess | undefined): Promise<Float32Array | undefined> {
  const logits = logitsFunction(model);
  const out = tf.tidy(() => {
    const batch = tf.expandDims(image, 0);
    const raw = logits(preprocess ? preprocess(batch) : batch);
    return raw.rank === 2 && raw.shape[0] === 1 ? tf.cast(raw, 'float32') : undefined;
  });
  if (!out) return undefined;
  const values = (await out.data()) as Float32Array;
  out.dispose();
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.every((v) => v >= 0) && Math.abs(sum - 1) < 1e-3) return values;
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const exps = values.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}

/** What the legend says about the explained class: its probability, and the model's top class. */
export function predictionOf(probabilities: Float32Array | undefined, target: number): Prediction | undefined {
  if (!probabilities || target >= probabilities.length) return undefined;
  let top = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[top]) top = i;
  return { target, probability: probabilities[target], top, topProbability: probabilities[top] };
}
