/**
 * What a feature grid derives from its inputs, stage by stage: the example
 * image as a tensor, the tiles (activations or pictures, read back once),
 * the atlas the tiles are drawn from, and the spatial view's picture. Each
 * stage is a {@link Stage} keyed by the values it was computed from, so
 * switching the view or the sort never loads or computes again, and each
 * compute owns the tensors it makes until its stage commits them: a
 * superseded or aborted compute frees them (before this, fifty rapid
 * good/bad swaps left 12 to 26 tensors behind on webgpu).
 */
import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { tf } from '../../tf.js';
import { Stage } from '../base/stage.js';
import { integerIn, numberIn, oneOf } from '../base/validate.js';
import type { LoadTensorOptions, TensorInput } from '../../data/load-tensor.js';
import { toChannelsLast, type ActivationLayout } from '../../compute/feature-vis/layout.js';
import { channelStats, readChannelStats, topChannels } from '../../compute/feature-vis/channel-stats.js';
import { atlasGrid, heatmapAtlas, imageAtlas, type AtlasGrid } from '../../compute/feature-vis/atlas.js';
import type { ModelLayer } from '../../compute/feature-vis/model-layer.js';
import { layerActivations } from '../../compute/feature-vis/extract.js';
import { visualizeChannels } from '../../compute/feature-vis/optimize.js';
import { receptiveField } from '../../compute/feature-vis/receptive-field.js';
import { tensorPixels } from '../../render/tensor-pixels.js';
import type { ColourScale } from '../../scales/colour-scale.js';
import type { ChannelsSpec } from './channels-spec.js';
import { isImageLike, isImageUrl, loadPicture, pictureTensor, type ImageInput, type ImageLike } from './input-image.js';
import type { Tiles } from './tiles.js';
import { evenPositions } from './spatial-view.js';

/** Loads any tensor input as a new tensor (the element's `loadInput`). */
export type LoadInput = (input: TensorInput, options: LoadTensorOptions & { signal: AbortSignal }) => Promise<Tensor>;

/** The tiles and the tensor they are drawn from: activations `[H, W, C]` or pictures `[N, h, w, c]`. */
export interface FeatureSource {
  tiles: Tiles;
  /** Freed by the stage when replaced; an optimisation preview's is freed by the optimiser once its atlas is built. */
  tensor: Tensor3D | Tensor4D;
  /** The data was `[N, C]` (a dense layer): tiles are strips, and there is no spatial view. */
  strip: boolean;
}

/** The atlas the tiles are drawn from: every tile coloured and arranged on the GPU, put on a canvas once. */
export interface TileAtlas {
  canvas: HTMLCanvasElement;
  grid: AtlasGrid;
}

/** Where each activation position sits over the input image. */
export interface Positions {
  start: [number, number];
  jump: [number, number];
}

/** Optimisation settings, as the element's attributes give them. */
export interface OptimizeOptions {
  steps: number;
  learningRate: number;
  seed: number;
  totalVariation: number;
  sparsity: number;
  background: number;
  objective: 'channel' | 'neuron';
}

/** The element's inputs that the tiles are computed from (the optimisation settings as given, `objective` unchecked). */
export interface FeatureInputs extends Omit<OptimizeOptions, 'objective'> {
  activations?: TensorInput;
  src?: string;
  images?: unknown;
  model?: LayersModel;
  layer?: string;
  channels?: unknown;
  optimize: boolean;
  objective: unknown;
}

/** What the tiles depend on, for the source stage: only what the chosen path reads. */
export function sourceArgs(inputs: FeatureInputs, layout: ActivationLayout | undefined, example: Tensor3D | undefined): unknown[] {
  const { model, layer } = inputs;
  if (inputs.optimize) {
    const options = [inputs.steps, inputs.learningRate, inputs.seed, inputs.totalVariation, inputs.sparsity, inputs.background, inputs.objective];
    return ['optimize', model, layer, example, inputs.channels, ...options];
  }
  if (inputs.images !== undefined) return ['images', inputs.images];
  if (model) return ['model', model, layer, example];
  return ['activations', inputs.activations, inputs.activations === undefined ? inputs.src : undefined, layout];
}

/** Computes the tiles from whichever inputs are set: optimisation, pictures, a model layer, or activations. */
export function computeSource(
  inputs: FeatureInputs,
  checked: { parts: ModelLayer | undefined; spec: ChannelsSpec; layout: ActivationLayout | undefined; example: Tensor3D | undefined },
  hooks: { load: LoadInput; signal: AbortSignal; progress(done: number, total: number): void; preview(source: FeatureSource): Promise<void> },
): Promise<FeatureSource> {
  const { model, layer } = inputs;
  const { parts, example } = checked;
  const { signal } = hooks;
  if (inputs.optimize) {
    if (!model || !parts) throw new Error('optimize needs model (a tf.LayersModel) and layer.');
    const options = {
      steps: integerIn('steps', inputs.steps, 1),
      learningRate: numberIn('learning-rate', inputs.learningRate, 0),
      seed: numberIn('seed', inputs.seed),
      totalVariation: numberIn('total-variation', inputs.totalVariation, 0),
      sparsity: numberIn('sparsity', inputs.sparsity, 0),
      background: numberIn('background', inputs.background, 0, 1),
      objective: oneOf('objective', inputs.objective, ['channel', 'neuron'] as const),
    };
    return optimisedImages(model, layer as string, parts, checked.spec, example, options, hooks);
  }
  if (inputs.images !== undefined) return givenImages(inputs.images, hooks.load, signal);
  if (model) return modelActivations(model, layer as string, example);
  const source = inputs.activations ?? inputs.src;
  if (source === undefined) throw new Error('Nothing to show: set activations (a tensor [H, W, C]), src, images, or model + layer + input.');
  return givenActivations(source, checked.layout, inputs.activations !== undefined ? 'activations' : undefined, hooks.load, signal);
}

/** The stages of one element, and how often each computed (a timing-free seam for tests and benches). */
export class FeatureStages {
  readonly example = new Stage<[ImageInput, LayersModel | undefined], Tensor3D>({ dispose: (tensor) => tensor.dispose() });
  readonly source = new Stage<readonly unknown[], FeatureSource>({ dispose: (source) => source.tensor.dispose() });
  readonly atlas = new Stage<[FeatureSource, string | undefined, string | undefined, string | undefined], TileAtlas | undefined>();
  readonly picture = new Stage<[Tensor3D], ImageData>();
  readonly positions = new Stage<[LayersModel | undefined, string | undefined, number, number, number, number], Positions>();
  /** Computes started per stage since the element was made. */
  readonly computed = { example: 0, source: 0, atlas: 0, picture: 0 };

  /** Frees everything (the element left the page). */
  clear(): void {
    this.atlas.clear();
    this.picture.clear();
    this.positions.clear();
    this.source.clear();
    this.example.clear();
  }
}

/** The example as the model takes it (resized, channels), or as given when there is no model: `[h, w, c]`. */
export async function loadExample(value: ImageInput, parts: ModelLayer | undefined, load: LoadInput, signal: AbortSignal): Promise<Tensor3D> {
  const example = parts?.exampleShape;
  const size = example && example.length === 3 && example[0] && example[1] ? ([example[0], example[1]] as [number, number]) : undefined;
  const channels = example?.length === 3 ? (example[2] ?? 3) : 3;
  if (isImageLike(value)) return pictureTensor(value, channels, size);
  if (isImageUrl(value)) return pictureTensor(await loadPicture(value, signal), channels, size);
  const tensor = await load(value as TensorInput, { signal, source: 'input' });
  if (tensor.rank === 4 && tensor.shape[0] === 1) {
    const squeezed = tf.squeeze(tensor, [0]) as Tensor3D;
    tensor.dispose();
    return squeezed;
  }
  if (tensor.rank !== 3) {
    tensor.dispose();
    throw new Error(`input must be an image [h, w, c] or [1, h, w, c], or a picture; got shape [${tensor.shape.join(', ')}].`);
  }
  return tensor as Tensor3D;
}

/** Activations `[H, W, C]` with their statistics and values read back; `activations` becomes the source's (freed here on failure). */
async function activationTiles(activations: Tensor3D, strip: boolean, origin: string): Promise<FeatureSource> {
  try {
    const [h, w, c] = activations.shape;
    const statsTensor = channelStats(activations);
    let stats;
    let values: Float32Array;
    try {
      [stats, values] = await Promise.all([readChannelStats(statsTensor), activations.data() as Promise<Float32Array>]);
    } finally {
      statsTensor.dispose();
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < c; i++) {
      if (stats.min[i] < lo) lo = stats.min[i];
      if (stats.max[i] > hi) hi = stats.max[i];
    }
    const tiles: Tiles = {
      kind: 'activations',
      channels: Array.from({ length: c }, (_, i) => i),
      height: h,
      width: w,
      values,
      stats,
      extent: lo <= hi ? [lo, hi] : undefined,
      hasMissing: values.some((v) => !Number.isFinite(v)),
      origin,
    };
    return { tiles, tensor: activations, strip };
  } catch (error) {
    activations.dispose();
    throw error;
  }
}

/** A layer's activations on `example`. */
export function modelActivations(model: LayersModel, layer: string, example: Tensor3D | undefined): Promise<FeatureSource> {
  if (!example) throw new Error('model and layer need input: the example whose activations to show.');
  return activationTiles(layerActivations(model, layer, example), false, `layer ${layer}`);
}

/** Activations given as a tensor, arrays or a file (`src`). */
export async function givenActivations(
  source: TensorInput,
  layout: ActivationLayout | undefined,
  label: string | undefined,
  load: LoadInput,
  signal: AbortSignal,
): Promise<FeatureSource> {
  const loaded = await load(source, { signal, source: label });
  const strip = loaded.rank === 2;
  let activations: Tensor3D;
  try {
    activations = toChannelsLast(loaded, layout, label ?? (typeof source === 'string' ? source : 'src'));
  } finally {
    loaded.dispose();
  }
  return activationTiles(activations, strip, 'activations');
}

/** Precomputed pictures, one tile each: URLs or pictures, or a tensor `[N, h, w, 1 | 3 | 4]`. */
export async function givenImages(images: unknown, load: LoadInput, signal: AbortSignal): Promise<FeatureSource> {
  let tensor: Tensor4D;
  if (Array.isArray(images) && images.length > 0 && images.every((item) => typeof item === 'string' || isImageLike(item))) {
    const pictures = await Promise.all(images.map((item) => (typeof item === 'string' ? loadPicture(item, signal) : (item as ImageLike))));
    const first = pictureTensor(pictures[0], 3);
    const size: [number, number] = [first.shape[0], first.shape[1]];
    first.dispose();
    tensor = tf.tidy(() => tf.stack(pictures.map((picture) => pictureTensor(picture, 3, size)))) as Tensor4D;
  } else {
    const loaded = await load(images as TensorInput, { signal, source: 'images' });
    if (loaded.rank !== 4 || ![1, 3, 4].includes(loaded.shape[3] as number)) {
      const shape = loaded.shape.join(', ');
      loaded.dispose();
      throw new Error(`images: expected a tensor [N, h, w, 3] (or 1 or 4 channels), got [${shape}].`);
    }
    tensor = loaded as Tensor4D;
  }
  const [n, h, w] = tensor.shape;
  return { tiles: { kind: 'images', channels: Array.from({ length: n }, (_, i) => i), height: h, width: w, origin: 'images' }, tensor, strip: false };
}

/**
 * Optimised feature visualisations of `spec`'s channels (gradient ascent,
 * Olah et al., 2017). `preview` shows each intermediate result; its tensor is
 * the optimiser's and is freed when the returned promise settles.
 */
export async function optimisedImages(
  model: LayersModel,
  layer: string,
  parts: ModelLayer,
  spec: ChannelsSpec,
  example: Tensor3D | undefined,
  options: OptimizeOptions,
  hooks: { signal: AbortSignal; progress(done: number, total: number): void; preview(source: FeatureSource): Promise<void> },
): Promise<FeatureSource> {
  const count = parts.outputShape[parts.outputShape.length - 1] ?? 0;
  let channels: number[];
  if (spec.kind === 'list') channels = spec.channels;
  else if (spec.kind === 'top' || example) {
    if (!example) throw new Error(`channels="top:${spec.kind === 'top' ? spec.count : ''}" picks the channels most active on input: set input.`);
    const statsTensor = tf.tidy(() => channelStats(layerActivations(model, layer, example)));
    try {
      channels = topChannels(await readChannelStats(statsTensor), spec.kind === 'top' ? spec.count : 16);
    } finally {
      statsTensor.dispose();
    }
  } else {
    channels = Array.from({ length: Math.min(16, count) }, (_, i) => i);
  }
  const [h, w] = parts.exampleShape as number[];
  const source = (tensor: Tensor4D, partial: boolean, reached?: Float32Array): FeatureSource => ({
    tiles: { kind: 'images', channels, height: h, width: w, reached, origin: `layer ${layer}, optimised`, partial },
    tensor,
    strip: false,
  });
  const result = await visualizeChannels(model, layer, channels, {
    ...options,
    signal: hooks.signal,
    // Eight previews: each costs a readback, an atlas and a frame.
    previewEvery: Math.max(1, Math.ceil(options.steps / 8)),
    onProgress: ({ done, total }) => hooks.progress(done, total),
    onPreview: (images, step) => (step < options.steps ? hooks.preview(source(images, true)) : undefined),
  });
  return source(result.images, false, result.activation);
}

/**
 * Builds the atlas of `source` on the GPU and puts it on a canvas: heatmaps
 * coloured through `scale` (activations), or the pictures as they are.
 * Undefined when the source's tensor is gone (a newer input replaced it
 * while this draw waited); the newer input's draw follows.
 */
export async function buildAtlas(
  source: FeatureSource,
  scale: ColourScale | undefined,
  normalize: 'global' | 'tile',
  missing: [number, number, number, number],
): Promise<TileAtlas | undefined> {
  const { tiles, tensor } = source;
  if (tensor.isDisposed) return undefined;
  const grid = atlasGrid(tiles.channels.length, tiles.height, tiles.width);
  const atlas =
    tiles.kind === 'activations' && scale
      ? heatmapAtlas(tensor as Tensor3D, grid, { normalize, domain: scale.domain as [number, number], signed: scale.signed, lut: scale.lut, missing })
      : imageAtlas(tensor as Tensor4D, grid);
  let bytes: Uint8ClampedArray<ArrayBuffer>;
  try {
    bytes = Uint8ClampedArray.from((await atlas.data()) as Float32Array);
  } finally {
    atlas.dispose();
  }
  const canvas = document.createElement('canvas');
  canvas.width = grid.columns * grid.tileWidth;
  canvas.height = grid.rows * grid.tileHeight;
  canvas.getContext('2d')?.putImageData(new ImageData(bytes, canvas.width, canvas.height), 0, 0);
  return { canvas, grid };
}

/** The input image's pixels, for the spatial view. */
export function examplePicture(example: Tensor3D): Promise<ImageData> {
  return tensorPixels(example, { range: 'auto' });
}

/**
 * Where the layer's positions sit over the image: from the receptive
 * fields where the model's layers tell them, else spread evenly.
 */
export function positionsOf(
  model: LayersModel | undefined,
  layer: string | undefined,
  rows: number,
  columns: number,
  imageHeight: number,
  imageWidth: number,
): Positions {
  const field = model && layer ? receptiveField(model, layer) : undefined;
  return field ? { start: field.start, jump: field.jump } : evenPositions(rows, columns, imageHeight, imageWidth);
}
