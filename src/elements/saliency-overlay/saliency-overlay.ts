import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { format } from 'd3-format';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import { NnElement } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { NnHoverEvent } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import { imagePixels, imageToTensor, type ImageInput } from '../../data/image-tensor.js';
import { tf } from '../../tf.js';
import type { ScoredModel } from '../../compute/attribution/score-for.js';
import { reduceChannels, type ChannelReduction } from '../../compute/saliency/reduce-channels.js';
import { resizeMap } from '../../compute/saliency/resize-map.js';
import { absPercentile } from '../../compute/saliency/percentile.js';
import { topPercentMask } from '../../compute/saliency/top-percent.js';
import { spearman } from '../../compute/saliency/rank-correlation.js';
import { randomizedCopy } from '../../compute/saliency/randomize-weights.js';
import { IMAGE_BASELINES, type ImageBaseline } from '../../compute/saliency/baselines.js';
import { fitCanvas } from '../../render/canvas.js';
import { legendTemplate } from '../../render/legend.js';
import { tensorPixels } from '../../render/tensor-pixels.js';
import { bitmapOf, transientBitmap } from '../../render/bitmap.js';
import { colormap as interpolatorOf, colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, rgba } from '../../scales/colormap.js';
import { checkMethod, checkImageModel, explainImage, explainTokens, isLayersModel, METHOD_LABELS, type ExplainOptions, type Preprocess, type SaliencyMethod } from './explain.js';
import { paintHeat, paintMask } from './paint.js';
import { layoutPanel, MODES, pixelAt, type PanelLayout, type SaliencyMode } from './layout.js';
import { tokensTemplate } from './text-view.js';
import { saliencyOverlayStyles } from './styles.js';

/** Payload of `nn-hover` over an image: the pixel and its attribution (after channel reduction, before clipping). */
export interface SaliencyPixelDetail {
  x: number;
  y: number;
  value: number;
  /** The panel (0 unless `compare`) and what it shows. */
  panel: number;
  label: string;
}

/** Payload of `nn-hover` over text: the token and its attribution. */
export interface SaliencyTokenDetail {
  token: number;
  text: string;
  value: number;
}

/** One map the element shows, with its caption. */
interface Panel {
  label: string;
  /** One value per pixel (row-major [height, width]) or per token. */
  map: Float32Array;
  note?: string;
  /** Spearman's ρ with the first panel's map (compare view). */
  rho?: number;
}

/** What the compare view computed: maps, and Spearman's ρ between every two. */
export interface SaliencyComparison {
  labels: string[];
  maps: Float32Array[];
  /** `correlations[i][j]` is Spearman's rank correlation of map i and map j. */
  correlations: number[][];
}

/** One panel of `compare`: a method, on the trained model or on its weight-randomised copy. */
interface CompareEntry {
  method: SaliencyMethod;
  randomized: boolean;
}

const formatValue = format('.4~g');
const formatRho = format('.3f');

let nextIdentity = 1;
const identities = new WeakMap<object, number>();
/** A stable id per object (tensors, images, functions): part of the keys that say whether inputs changed. */
function identity(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return JSON.stringify(value) ?? 'undefined';
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return `#${id}`;
}

/**
 * What a model looked at, over an image or a text: a saliency map drawn over
 * the picture (or the words shaded), precomputed or computed here with
 * TensorFlow.js on the page's GPU by one of six attribution methods, with
 * the display choices that keep it honest: percentile clipping stated in the
 * legend, signed or magnitude colour, top-k masks, and a compare view that
 * puts methods (or a model and its weight-randomised copy) side by side
 * with the rank correlation between their maps.
 *
 * **`src` is the image's URL** on this element (the base class's `src`
 * means "data file"; here the data is the picture). A precomputed map's
 * file goes in `saliency-src`.
 *
 * **Channel reduction.** A map [H, W, C] becomes one value per pixel by the
 * rule of its display: `sum` over channels when `signed` (contributions
 * add up), `max-abs` (largest |value|) for magnitude, the default. Text
 * attributions [tokens, features] are reduced over features the same way.
 *
 * **Resizing.** A map of another size than the image is resized to it
 * bilinearly (half-pixel centres) when the aspect ratios agree within 2%
 * (a Grad-CAM 7 x 7 on a 224 x 224 image), and is an error otherwise.
 *
 * **Clipping.** Colours saturate at the `clip-percentile` (default 99.5, as
 * PAIR saliency) of |value|, so that a few extreme pixels do not make the
 * rest invisible; the legend states it. `result` holds the values before
 * clipping.
 *
 * @tagname nn-saliency-overlay
 * @summary Attribution maps over images and text: gradients, SmoothGrad, Integrated Gradients, Grad-CAM, occlusion.
 *
 * @example
 * ```html
 * <nn-saliency-overlay src="digit.png" model="/models/mnist-cnn/model.json" target="3" method="integrated-gradients"></nn-saliency-overlay>
 * ```
 *
 * @cssproperty [--nn-saliency-token-radius=3px] - Corner radius of shaded tokens.
 * @csspart canvas - The image and map (one per panel in the compare view).
 * @csspart tooltip - The value under the pointer or keyboard focus.
 * @csspart controls - The threshold (or top-percent) slider and its readout.
 * @csspart slider - The threshold slider, an `<input type="range">`.
 * @csspart panel - A panel of the compare view.
 * @csspart caption - A panel's method and its rank correlation with the first.
 * @csspart note - Under the legend: what the colours show (reduction rule, method settings such as Integrated Gradients' completeness gap, maps that are 0 everywhere).
 * @csspart text - The shaded text (tokens mode).
 * @csspart token - One token of the text.
 * @fires nn-hover - `detail: {x, y, value, panel, label}` over an image, `{token, text, value}` over text; `null` on leave.
 */
export class SaliencyOverlay extends NnElement {
  static override styles = [...NnElement.styles, saliencyOverlayStyles];

  protected static override dataProperties = [
    ...NnElement.dataProperties,
    'image',
    'saliency',
    'saliencySrc',
    'model',
    'target',
    'method',
    'samples',
    'noise',
    'steps',
    'baseline',
    'layer',
    'window',
    'seed',
    'preprocess',
    'tokens',
    'tokenIds',
    'compare',
    'signed',
  ];

  protected static override overlayProperties = ['hover', 'focusPixel', 'focusToken'];

  /** The picture: an `<img>`, canvas, `ImageBitmap`, `ImageData`, or a tensor [H, W, 1|3] (values in [0, 1], or [0, 255] if any exceeds 1). `src` takes a URL instead. */
  @property({ attribute: false }) image?: ImageInput;

  /** A precomputed map, [H, W] or [H, W, C] for an image, [tokens] or [tokens, features] for text: a tensor, arrays, `{data, shape}`, bytes or a File. Yours stays yours. */
  @property({ attribute: false }) saliency?: TensorInput;

  /** URL of a precomputed map file (.npy, .npz#name, .safetensors, .json). */
  @property({ attribute: 'saliency-src' }) saliencySrc?: string;

  /**
   * The model to explain: a tf.LayersModel, a tf.GraphModel (or anything
   * with `predict`), a function `(batch) => logits [batch, classes]`, or as
   * an attribute the URL of a layers-format `model.json`. Yours is never
   * disposed; a model loaded from a URL is freed with the element.
   */
  @property() model?: ScoredModel | string;

  /** The class whose logit is explained. */
  @property({ type: Number }) target?: number;

  /** `gradient` (default), `gradient-x-input`, `smoothgrad`, `integrated-gradients`, `grad-cam` or `occlusion`. */
  @property() method: SaliencyMethod = 'gradient';

  /** SmoothGrad: noisy samples averaged. */
  @property({ type: Number }) samples = 25;

  /** SmoothGrad: noise standard deviation as a fraction of the input's range. */
  @property({ type: Number }) noise = 0.15;

  /** Integrated Gradients: steps of the path integral (Riemann midpoint). */
  @property({ type: Number }) steps = 32;

  /** Integrated Gradients and occlusion: the reference image, `black`, `white`, `blur` or `noise`. Text uses the zero embedding. */
  @property() baseline: ImageBaseline = 'black';

  /** Grad-CAM: the layer name; default the last layer with a spatial output. */
  @property() layer?: string;

  /** Occlusion: the window's side in pixels; default 1/7 of the image's shorter side. */
  @property({ type: Number }) window?: number;

  /** SmoothGrad and the noise baseline: the seed, so a page shows the same map on every load. */
  @property({ type: Number }) seed = 0;

  /** Turns the image batch [n, H, W, C] in [0, 1] into the model's input (normalise, resize), in tfjs ops. Attribution is with respect to the image. */
  @property({ attribute: false }) preprocess?: Preprocess;

  /** Text: the tokens, shown as text (never HTML). With a rank 1 `saliency`, or with `model` and `token-ids`. */
  @property({ converter: jsonAttribute }) tokens?: string[] | string;

  /** Text with a model: the word ids the model takes, one per token. */
  @property({ attribute: 'token-ids', converter: jsonAttribute }) tokenIds?: number[] | string;

  /** `overlay` (default), `side-by-side`, `heatmap` or `mask`. */
  @property({ reflect: true }) mode: SaliencyMode = 'overlay';

  /** Overlay: the map's opacity where it is strongest (it fades with |value|). */
  @property({ type: Number }) opacity = 0.75;

  /** Diverging colours around zero (channels summed) instead of magnitude (largest |value| per pixel). */
  @property({ type: Boolean, reflect: true }) signed = false;

  /** The percentile of |value| at which colours saturate (PAIR saliency: 99.5). 100 shows the full range. */
  @property({ type: Number, attribute: 'clip-percentile' }) clipPercentile = 99.5;

  /** Mask mode: the percentage of pixels kept, those of largest |value|. */
  @property({ type: Number, attribute: 'top-percent' }) topPercent = 10;

  /** Fraction (0 to 1) of the clip value under which the map is not drawn; the slider sets it. */
  @property({ type: Number }) threshold = 0;

  /**
   * The compare view: a JSON array of methods shown side by side on the same
   * image and target, e.g. `["gradient", "smoothgrad", "integrated-gradients"]`;
   * `"gradient:randomized"` runs a method on a copy of the model with random
   * weights, and `compare="sanity-check"` means `[method, "method:randomized"]`
   * (Adebayo et al., 2018). Spearman's ρ with the first map is printed under each.
   */
  @property({ converter: jsonAttribute }) compare?: string[] | string;

  /**
   * The attribution map shown (the first panel's in the compare view):
   * `{data, shape}` with shape [H, W] (or [tokens]), after channel reduction
   * and resizing, before clipping. Undefined until computed.
   */
  get result(): { data: Float32Array; shape: number[] } | undefined {
    const panel = this.panels[0];
    if (!panel || !this.ready) return undefined;
    return { data: panel.map, shape: this.textMode ? [panel.map.length] : [this.imageSize!.height, this.imageSize!.width] };
  }

  /** The compare view's maps and their pairwise Spearman correlations; undefined without `compare`. */
  get comparison(): SaliencyComparison | undefined {
    if (!this.ready || this.panels.length < 2) return undefined;
    const maps = this.panels.map((panel) => panel.map);
    const correlations = maps.map((a, i) => maps.map((b, j) => (i === j ? 1 : spearman(a, b))));
    return { labels: this.panels.map((panel) => panel.label), maps, correlations };
  }

  @state() private hover?: { panel: number; x: number; y: number; cssX: number; cssY: number };
  @state() private focusPixel?: { x: number; y: number };
  @state() private focusToken?: number;

  private panels: Panel[] = [];
  private textMode = false;
  private tokenList: string[] = [];
  private imageSize?: { width: number; height: number };
  private imagePixels?: ImageData;
  private imageBitmap?: OffscreenCanvas;
  private imageKey?: string;
  private imageTensorKey?: string;
  private rawKeys: string[] = [];
  private ownedModel?: { url: string; model: LayersModel };
  private randomModel?: { key: string; model: LayersModel };
  private layouts: PanelLayout[] = [];
  private clipCache = new Map<Float32Array, { percentile: number; value: number }>();
  private maskCache = new Map<Float32Array, { percent: number; mask: Uint8Array }>();

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onKey(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The base freed the tensors; what was derived from them goes too.
    this.imageKey = undefined;
    this.imageTensorKey = undefined;
    this.rawKeys = [];
    this.panels = [];
    this.ownedModel?.model.dispose();
    this.ownedModel = undefined;
    this.randomModel?.model.dispose();
    this.randomModel = undefined;
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const tokens = this.parseTokens();
    this.textMode = tokens !== undefined;
    this.tokenList = tokens ?? [];
    const rule: ChannelReduction = this.signed ? 'sum' : 'max-abs';
    const precomputed = this.saliency ?? this.saliencySrc;
    const model = this.model === undefined ? undefined : await this.resolveModel(this.model, signal);
    if (signal.aborted) return;
    const entries = this.compareEntries();
    if (tokens) {
      this.dropImage();
      if (precomputed !== undefined) {
        this.panels = [{ label: 'Attribution', map: await this.loadMap(precomputed, rule, signal, 1, [tokens.length]) }];
      } else if (model) {
        const ids = this.parseTokenIds(tokens.length);
        const target = checkImageModel(model, this.target, [], true);
        this.panels = await this.explainAll(entries, model, rule, signal, (m, method, options) => explainTokens(m, ids, target, method, options), `${identity(tokens)}|${JSON.stringify(ids)}|${target}`);
      } else {
        throw new Error('Nothing to shade the tokens by: set saliency (one value per token) or model, target and token-ids.');
      }
    } else {
      const input = this.image ?? this.src;
      if (input === undefined) throw new Error('No image yet: set src to an image URL, or the image property (an <img>, canvas, ImageBitmap, ImageData or tensor [H, W, 1|3]).');
      const key = identity(input);
      if (key !== this.imageKey || !this.imagePixels) {
        this.imageKey = undefined;
        this.tensors.set('image', undefined);
        const source = this.image !== undefined ? 'image' : 'src';
        let pixels: ImageData;
        if (input instanceof tf.Tensor) {
          const image = await imageToTensor(input, { signal, source });
          this.tensors.set('image', image);
          this.imageTensorKey = `${key}|${image.shape[2]}`;
          pixels = await tensorPixels(image);
        } else {
          // Pictures are read on the CPU: a precomputed map then needs no image tensor at all
          // (a 1024 x 1024 first paint went from 0.9 s to a third of that without the GPU round trip).
          pixels = await imagePixels(input, { signal, source });
        }
        if (signal.aborted) return;
        this.imagePixels = pixels;
        this.imageBitmap = bitmapOf(pixels.data as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height);
        this.imageSize = { width: pixels.width, height: pixels.height };
        this.imageKey = key;
        this.rawKeys = [];
        this.paintImageAlone();
        // Let the picture reach the screen before a long attribution takes the main thread (the cpu
        // backend computes a whole batch in one task): the reader sees the image at once.
        if (precomputed === undefined && model) await new Promise((resolve) => requestAnimationFrame(resolve));
        if (signal.aborted) return;
      }
      const { width, height } = this.imageSize!;
      if (precomputed !== undefined) {
        this.panels = [{ label: 'Attribution', map: await this.loadMap(precomputed, rule, signal, 2, [height, width]) }];
      } else if (model) {
        const image = await this.imageTensor(input, key, this.modelChannels(model), signal);
        if (signal.aborted) return;
        const target = checkImageModel(model, this.target, image.shape, this.preprocess !== undefined);
        this.panels = await this.explainAll(
          entries,
          model,
          rule,
          signal,
          (m, method, options) => explainImage(m, image, target, method, options, this.preprocess),
          `${this.imageTensorKey}|${target}|${identity(this.preprocess)}`,
          [height, width],
        );
      } else {
        throw new Error('Nothing to show over the image: set saliency (or saliency-src) to a precomputed map, or model and target to compute one.');
      }
    }
    if (signal.aborted) return;
    for (let i = 1; i < this.panels.length; i++) this.panels[i].rho = spearman(this.panels[0].map, this.panels[i].map);
    this.clipCache.clear();
    this.maskCache.clear();
    if (this.focusPixel && (this.textMode || this.focusPixel.x >= this.imageSize!.width || this.focusPixel.y >= this.imageSize!.height)) this.focusPixel = undefined;
    if (this.focusToken !== undefined && this.focusToken >= this.tokenList.length) this.focusToken = undefined;
  }

  /** Runs each compare entry (or the one `method`), reusing raw attributions whose inputs did not change. */
  private async explainAll(
    entries: CompareEntry[],
    model: ScoredModel,
    rule: ChannelReduction,
    signal: AbortSignal,
    run: (model: ScoredModel, method: SaliencyMethod, options: ExplainOptions) => Promise<{ attribution: Tensor; note?: string }>,
    inputKey: string,
    size?: [number, number],
  ): Promise<Panel[]> {
    const panels: Panel[] = [];
    const options = (index: number): ExplainOptions => ({
      samples: this.samples,
      noise: this.noise,
      steps: this.steps,
      baseline: this.checkBaseline(),
      layer: this.layer || undefined,
      window: this.window,
      seed: this.seed,
      signal,
      onProgress: ({ done, total }) => {
        if (!signal.aborted) this.reportProgress(index * 100 + Math.round((100 * done) / total), entries.length * 100);
      },
    });
    const notes: (string | undefined)[] = [];
    for (const [index, entry] of entries.entries()) {
      const used = entry.randomized ? await this.randomized(model, signal) : model;
      const opts = options(index);
      const key = `${inputKey}|${identity(model)}|${entry.method}|${entry.randomized}|${opts.samples}|${opts.noise}|${opts.steps}|${opts.baseline}|${opts.layer}|${opts.window}|${opts.seed}`;
      if (this.rawKeys[index] !== key || !this.tensors.get(`raw${index}`)) {
        this.rawKeys[index] = '';
        const { attribution, note } = await run(used, entry.method, opts);
        this.tensors.set(`raw${index}`, attribution);
        this.rawNotes[index] = note;
        if (signal.aborted) return [];
        this.rawKeys[index] = key;
      }
      notes[index] = this.rawNotes[index];
    }
    for (let index = entries.length; index < this.rawKeys.length; index++) this.tensors.set(`raw${index}`, undefined);
    this.rawKeys.length = entries.length;
    for (const [index, entry] of entries.entries()) {
      const raw = this.tensors.get(`raw${index}`)!;
      const map = await this.reduceAndRead(raw, rule, size);
      if (signal.aborted) return [];
      panels.push({ label: `${METHOD_LABELS[entry.method]}${entry.randomized ? ', random weights' : ''}`, map, note: notes[index] });
    }
    return panels;
  }

  private rawNotes: (string | undefined)[] = [];

  /** Reduces channels (text: features), resizes onto the image, and reads the values once. */
  private async reduceAndRead(raw: Tensor, rule: ChannelReduction, size?: [number, number]): Promise<Float32Array> {
    const spatialRank = size ? 2 : 1;
    const reduced = reduceChannels(raw, rule, spatialRank);
    let shown: Tensor = reduced;
    try {
      if (size) shown = resizeMap(reduced as Tensor2D, size);
      return (await shown.data()) as Float32Array;
    } finally {
      reduced.dispose();
      if (shown !== reduced) shown.dispose();
    }
  }

  /** Loads a precomputed map and brings it to one value per pixel (or token). */
  private async loadMap(input: TensorInput, rule: ChannelReduction, signal: AbortSignal, spatialRank: 1 | 2, size: number[]): Promise<Float32Array> {
    const loaded = await this.loadInput(input, { signal, source: 'saliency', rank: spatialRank === 2 ? [2, 3] : [1, 2] });
    try {
      if (signal.aborted) return new Float32Array();
      if (spatialRank === 1 && loaded.shape[0] !== size[0]) {
        throw new Error(`tokens has ${size[0]} tokens but saliency has ${loaded.shape[0]} values (shape [${loaded.shape}]); give one per token.`);
      }
      return await this.reduceAndRead(loaded, rule, spatialRank === 2 ? (size as [number, number]) : undefined);
    } finally {
      loaded.dispose();
    }
  }

  private async resolveModel(model: ScoredModel | string, signal: AbortSignal): Promise<ScoredModel> {
    if (typeof model !== 'string') return model;
    if (this.ownedModel?.url === model) return this.ownedModel.model;
    let loaded: LayersModel;
    try {
      loaded = await tfl.loadLayersModel(model);
    } catch (error) {
      throw new Error(`model: could not load a layers model from "${model}" (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (signal.aborted) {
      loaded.dispose();
      return loaded;
    }
    this.ownedModel?.model.dispose();
    this.ownedModel = { url: model, model: loaded };
    return loaded;
  }

  /** The weight-randomised copy of `model` for the sanity check, made once per model and seed. */
  private async randomized(model: ScoredModel, signal: AbortSignal): Promise<LayersModel> {
    if (!isLayersModel(model)) throw new Error('compare: ":randomized" needs a tf.LayersModel (its weights are redrawn); this model is a function or a graph model.');
    const key = `${identity(model)}|${this.seed}`;
    if (this.randomModel?.key === key) return this.randomModel.model;
    const copy = await randomizedCopy(model, this.seed + 1);
    if (signal.aborted) {
      copy.dispose();
      signal.throwIfAborted();
    }
    this.randomModel?.model.dispose();
    this.randomModel = { key, model: copy };
    return copy;
  }

  /** Channels the model takes (1 or 3) when it says, so a colour file feeds a grey model; undefined with preprocess. */
  private modelChannels(model: ScoredModel | undefined): 1 | 3 | undefined {
    if (!model || this.preprocess || !isLayersModel(model)) return undefined;
    const shape = model.inputs[0]?.shape;
    const channels = shape?.length === 4 ? shape[3] : undefined;
    return channels === 1 || channels === 3 ? channels : undefined;
  }

  /** The picture as a float32 tensor [H, W, C] in [0, 1] with the channels the model takes, made once per picture and channel count. */
  private async imageTensor(input: ImageInput, key: string, channels: 1 | 3 | undefined, signal: AbortSignal): Promise<Tensor3D> {
    const current = this.tensors.get('image') as Tensor3D | undefined;
    const wanted = channels ?? (input instanceof tf.Tensor ? current?.shape[2] : 3);
    const tensorKey = `${key}|${wanted}`;
    if (current && this.imageTensorKey === tensorKey) return current;
    const image = await imageToTensor(input instanceof tf.Tensor ? input : this.imagePixels!, { channels, signal, source: this.image !== undefined ? 'image' : 'src' });
    this.tensors.set('image', image);
    this.imageTensorKey = `${key}|${image.shape[2]}`;
    return image;
  }

  private dropImage(): void {
    this.tensors.set('image', undefined);
    this.imageKey = undefined;
    this.imageTensorKey = undefined;
    this.imagePixels = undefined;
    this.imageBitmap = undefined;
    this.imageSize = undefined;
  }

  private parseTokens(): string[] | undefined {
    const tokens = this.tokens;
    if (tokens === undefined || tokens === null) return undefined;
    if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === 'string')) {
      throw new Error(`tokens must be a JSON array of strings, like ["the", "plot"]; got ${JSON.stringify(tokens).slice(0, 80)}.`);
    }
    return tokens;
  }

  private parseTokenIds(count: number): number[] {
    const ids = this.tokenIds;
    if (ids === undefined) throw new Error('token-ids is not set: a text model needs the word id of each token, e.g. token-ids="[4, 17, 9]".');
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id >= 0)) {
      throw new Error(`token-ids must be a JSON array of whole numbers, got ${JSON.stringify(ids).slice(0, 80)}.`);
    }
    if (ids.length !== count) throw new Error(`token-ids has ${ids.length} ids but tokens has ${count} tokens; give one id per token.`);
    return ids;
  }

  private checkBaseline(): ImageBaseline {
    if (!IMAGE_BASELINES.includes(this.baseline)) throw new Error(`baseline must be one of ${IMAGE_BASELINES.join(', ')}; got ${JSON.stringify(this.baseline)}.`);
    return this.baseline;
  }

  private compareEntries(): CompareEntry[] {
    const method = checkMethod(this.method);
    const compare = this.compare;
    if (compare === undefined || compare === null || (Array.isArray(compare) && compare.length === 0)) return [{ method, randomized: false }];
    if (compare === 'sanity-check') return [{ method, randomized: false }, { method, randomized: true }];
    if (!Array.isArray(compare)) {
      throw new Error(`compare must be "sanity-check" or a JSON array of methods, like ["gradient", "smoothgrad"]; got ${JSON.stringify(compare).slice(0, 80)}.`);
    }
    return compare.map((entry) => {
      const [name, variant, ...rest] = String(entry).split(':');
      if (rest.length > 0 || (variant !== undefined && variant !== 'randomized')) {
        throw new Error(`compare: "${entry}" is not a method or "method:randomized".`);
      }
      return { method: checkMethod(name), randomized: variant === 'randomized' };
    });
  }

  // ---------------------------------------------------------------- drawing

  private colormapName(): string {
    const name = this.colormap ?? (this.signed ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL);
    interpolatorOf(name); // throws a message naming the scheme when unknown
    return name;
  }

  /** The value at which colours saturate: the clip percentile of |map|, cached per map. */
  clipValue(panel = 0): number {
    const map = this.panels[panel]?.map;
    if (!map) return NaN;
    const p = this.clipPercentile;
    if (!(p > 0 && p <= 100)) throw new Error(`clip-percentile must be above 0 and at most 100, got ${p}.`);
    const cached = this.clipCache.get(map);
    if (cached?.percentile === p) return cached.value;
    const value = absPercentile(map, p);
    this.clipCache.set(map, { percentile: p, value });
    return value;
  }

  private maskOf(map: Float32Array): Uint8Array {
    const percent = this.topPercent;
    if (!(percent >= 0 && percent <= 100)) throw new Error(`top-percent must be between 0 and 100, got ${percent}.`);
    const cached = this.maskCache.get(map);
    if (cached?.percent === percent) return cached.mask;
    const mask = topPercentMask(map, percent);
    this.maskCache.set(map, { percent, mask });
    return mask;
  }

  private checkMode(): SaliencyMode {
    if (!MODES.includes(this.mode)) throw new Error(`mode must be one of ${MODES.join(', ')}; got ${JSON.stringify(this.mode)}.`);
    return this.mode;
  }

  protected override drawData(): void {
    if (this.textMode) return; // the text view is all template
    const mode = this.checkMode();
    const canvases = this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-panel]');
    const lut = colormapLut(this.colormapName());
    const missing = rgba(this.themeColor('missing'));
    const { width, height } = this.imageSize!;
    this.layouts = [];
    canvases.forEach((canvas) => {
      const index = Number(canvas.dataset.panel);
      const panel = this.panels[index];
      if (!panel) return;
      const box = canvas.parentElement!.getBoundingClientRect();
      const cssWidth = Math.max(40, box.width);
      const cssHeight = Math.max(40, box.height);
      const ctx = fitCanvas(canvas, cssWidth, cssHeight);
      ctx.clearRect(0, 0, cssWidth, cssHeight);
      const layout = layoutPanel(mode, width, height, cssWidth, cssHeight);
      this.layouts[index] = layout;
      // Enlarged images keep sharp pixels (a 28 x 28 digit is 28 x 28 values, not a blur); reduced ones are smoothed.
      ctx.imageSmoothingEnabled = layout.scale < 1;
      const clip = this.clipValue(index);
      if (layout.image) {
        const picture = mode === 'mask' ? transientBitmap(paintMask(this.imagePixels!.data, this.maskOf(panel.map)), width, height) : this.imageBitmap!;
        ctx.drawImage(picture, layout.image.x, layout.image.y, layout.image.width, layout.image.height);
      }
      if (mode !== 'mask') {
        const heat = paintHeat(panel.map, {
          clip,
          signed: this.signed,
          lut,
          threshold: Math.max(0, Math.min(1, this.threshold)),
          alpha: mode === 'overlay' ? Math.max(0, Math.min(1, this.opacity)) : 'opaque',
          missing,
        });
        ctx.drawImage(transientBitmap(heat, width, height), layout.map.x, layout.map.y, layout.map.width, layout.map.height);
      }
    });
  }

  /** Shows the picture as soon as it is decoded, before the attribution is ready. */
  private paintImageAlone(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.loading');
    if (!canvas || !this.imageBitmap || !this.imageSize) return;
    const cssWidth = Math.max(40, canvas.parentElement!.clientWidth);
    const cssHeight = Math.max(40, canvas.parentElement!.clientHeight);
    const ctx = fitCanvas(canvas, cssWidth, cssHeight);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const layout = layoutPanel('overlay', this.imageSize.width, this.imageSize.height, cssWidth, cssHeight);
    ctx.imageSmoothingEnabled = layout.scale < 1;
    ctx.drawImage(this.imageBitmap, layout.map.x, layout.map.y, layout.map.width, layout.map.height);
  }

  // ------------------------------------------------------------ interaction

  private onPointer(event: PointerEvent, index: number): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const layout = this.layouts[index];
    if (!layout || !this.imageSize) return;
    const box = canvas.getBoundingClientRect();
    const cssX = event.clientX - box.left;
    const cssY = event.clientY - box.top;
    const pixel = pixelAt(layout, this.imageSize.width, this.imageSize.height, cssX, cssY);
    if (!pixel) {
      this.leave();
      return;
    }
    if (this.hover?.panel === index && this.hover.x === pixel.x && this.hover.y === pixel.y) return;
    this.hover = { panel: index, ...pixel, cssX, cssY };
    this.dispatchEvent(new NnHoverEvent<SaliencyPixelDetail>(this.pixelDetail(index, pixel.x, pixel.y)));
  }

  private leave(): void {
    if (!this.hover) return;
    this.hover = undefined;
    this.dispatchEvent(new NnHoverEvent(null));
  }

  private pixelDetail(panel: number, x: number, y: number): SaliencyPixelDetail {
    return { x, y, value: this.panels[panel].map[y * this.imageSize!.width + x], panel, label: this.panels[panel].label };
  }

  private onTokenHover(index: number | undefined): void {
    if (index === this.focusToken) return;
    this.focusToken = index;
    this.dispatchEvent(new NnHoverEvent<SaliencyTokenDetail>(index === undefined ? null : this.tokenDetail(index)));
  }

  private tokenDetail(index: number): SaliencyTokenDetail {
    return { token: index, text: this.tokenList[index], value: this.panels[0].map[index] };
  }

  /** Arrow keys move a focus pixel (Shift: ten at a time) or token, whose value is announced and sent as `nn-hover`. */
  private onKey(event: KeyboardEvent): void {
    if (!this.ready || !this.panels.length) return;
    if (event.composedPath()[0] instanceof HTMLInputElement) return; // the slider has its own keys
    const steps: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (event.key === 'Escape') {
      this.focusPixel = undefined;
      this.focusToken = undefined;
      return;
    }
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    const by = event.shiftKey ? 10 : 1;
    if (this.textMode) {
      const count = this.tokenList.length;
      const next = Math.max(0, Math.min(count - 1, (this.focusToken ?? -1) + (step[0] + step[1]) * by));
      this.focusToken = next;
      const detail = this.tokenDetail(next);
      this.announce(`Token ${next + 1} of ${count}, "${detail.text}": ${formatValue(detail.value)}`);
      this.dispatchEvent(new NnHoverEvent<SaliencyTokenDetail>(detail));
      return;
    }
    const { width, height } = this.imageSize!;
    const from = this.focusPixel ?? { x: Math.floor(width / 2) - step[0] * by, y: Math.floor(height / 2) - step[1] * by };
    const x = Math.max(0, Math.min(width - 1, from.x + step[0] * by));
    const y = Math.max(0, Math.min(height - 1, from.y + step[1] * by));
    this.focusPixel = { x, y };
    const detail = this.pixelDetail(0, x, y);
    this.announce(`Pixel x ${x}, y ${y}: ${formatValue(detail.value)}`);
    this.dispatchEvent(new NnHoverEvent<SaliencyPixelDetail>(detail));
  }

  private onSlider(event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (this.mode === 'mask') this.topPercent = value;
    else this.threshold = value / 100;
  }

  // -------------------------------------------------------------- templates

  protected override describe(): string {
    if (!this.ready || !this.panels.length) return 'Saliency overlay, loading';
    const what = this.panels.map((panel) => panel.label).join(' vs ');
    const target = this.target === undefined ? '' : ` for class ${this.target}`;
    if (this.textMode) return `Saliency overlay: ${what}${target} over ${this.tokenList.length} tokens`;
    return `Saliency overlay: ${what}${target} over a ${this.imageSize!.width} x ${this.imageSize!.height} image, ${this.mode} mode`;
  }

  protected override renderView(): TemplateResult | typeof nothing {
    if (!this.ready || !this.panels.length) {
      return this.tokens === undefined ? html`<div class="figure"><div class="stage"><canvas class="loading" part="canvas"></canvas></div></div>` : nothing;
    }
    const mode = this.checkMode();
    const name = this.colormapName();
    const clip = this.clipValue(0);
    if (this.textMode) {
      return html`<div class="figure">
        ${tokensTemplate({
          tokens: this.tokenList,
          values: this.panels[0].map,
          clip,
          signed: this.signed,
          interpolate: interpolatorOf(name),
          threshold: Math.max(0, Math.min(1, this.threshold)),
          focus: this.focusToken,
          format: formatValue,
          onHover: (index) => this.onTokenHover(index),
        })}
        ${this.controlsTemplate()} ${this.legendTemplate(name, clip)}
      </div>`;
    }
    const compare = this.panels.length > 1;
    return html`<div class="figure">
      ${compare
        ? html`<div class="panels">
            ${this.panels.map(
              (panel, index) => html`<figure class="panel" part="panel">
                <div class="stage">${this.canvasTemplate(index)}${this.tooltipTemplate(index)}</div>
                <figcaption part="caption">
                  <div>${panel.label}</div>
                  <div class="rho">
                    ${index === 0 ? 'reference' : `Spearman ρ = ${Number.isNaN(panel.rho!) ? 'undefined' : formatRho(panel.rho!)}`} · clip ${formatValue(this.clipValue(index))}
                  </div>
                </figcaption>
              </figure>`,
            )}
          </div>`
        : html`<div class="stage">${this.canvasTemplate(0)}${this.tooltipTemplate(0)}</div>`}
      ${this.controlsTemplate(mode)} ${this.legendTemplate(name, clip)}
    </div>`;
  }

  private canvasTemplate(index: number): TemplateResult {
    return html`<canvas
      part="canvas"
      data-panel=${index}
      style="position: absolute; inset: 0"
      @pointermove=${(event: PointerEvent) => this.onPointer(event, index)}
      @pointerleave=${() => this.leave()}
    ></canvas>`;
  }

  private tooltipTemplate(index: number): TemplateResult | typeof nothing {
    const hover = this.hover?.panel === index ? this.hover : undefined;
    const focus = !hover && index === 0 && this.focusPixel ? this.focusPixel : undefined;
    const at = hover ?? focus;
    if (!at) return nothing;
    let { cssX, cssY } = hover ?? { cssX: 0, cssY: 0 };
    if (!hover && this.layouts[0]) {
      const rect = this.layouts[0].map;
      cssX = rect.x + ((at.x + 0.5) / this.imageSize!.width) * rect.width;
      cssY = rect.y + ((at.y + 0.5) / this.imageSize!.height) * rect.height;
    }
    const value = this.panels[index].map[at.y * this.imageSize!.width + at.x];
    return html`<div part="tooltip" style=${`left: ${cssX}px; top: ${cssY}px`}>x ${at.x}, y ${at.y}: ${formatValue(value)}</div>`;
  }

  private controlsTemplate(mode: SaliencyMode = 'overlay'): TemplateResult {
    const mask = mode === 'mask' && !this.textMode;
    const value = mask ? this.topPercent : Math.round(this.threshold * 100);
    const label = mask ? 'Keep top' : 'Hide below';
    const readout = mask ? `${value}% of pixels` : `${value}% of the clip value`;
    return html`<div part="controls">
      <label
        >${label}
        <input
          part="slider"
          type="range"
          min="0"
          max="100"
          step="1"
          .value=${String(value)}
          aria-label=${mask ? 'Percentage of pixels kept' : 'Threshold, percent of the clip value'}
          aria-valuetext=${readout}
          @input=${(event: Event) => this.onSlider(event)}
      /></label>
      <span class="readout">${readout}</span>
    </div>`;
  }

  private legendTemplate(name: string, clip: number): TemplateResult {
    const domain: [number, number] = this.signed ? [-clip, clip] : [0, clip];
    const first = this.panels[0];
    const compare = this.panels.length > 1;
    const axis = this.textMode ? 'embedding features' : 'channels';
    const what = `${compare ? 'Every panel' : first.label}: ${this.signed ? `signed, ${axis} summed` : `magnitude, max |value| over ${axis}`}`;
    const notes = [what];
    // Each panel is clipped at its own percentile (maps of different methods differ in scale by orders of magnitude).
    if (compare) notes.push(`each panel's colours run to its own clip value, given under it; the bar shows the first panel's`);
    if (!compare && first.note) notes.push(first.note);
    const zero = this.panels.filter((panel) => !panel.map.some((v) => v !== 0)).map((panel) => panel.label);
    if (zero.length) notes.push(`${zero.join(', ')}: 0 everywhere (no evidence for the class at this layer or input)`);
    if (this.mode === 'mask' && !this.textMode) {
      // No colours to explain: the legend says what is kept.
      const kept = this.maskOf(first.map).reduce((sum, bit) => sum + bit, 0);
      return html`<div class="legend-row">
        <div class="note" part="note" data-export-text>
          Kept: the ${this.topPercent}% of pixels (${kept} of ${first.map.length}) with the largest |value|${compare ? ' in each panel' : ''}; the rest darkened. ${notes.join('; ')}.
        </div>
      </div>`;
    }
    return html`<div class="legend-row">
      ${legendTemplate({
        colormap: name,
        domain: domain[0] === domain[1] ? [domain[0], domain[0] + 1] : domain,
        scale: 'linear',
        width: Math.max(200, Math.min(520, this.size.width || 320)),
        label: `clipped at the ${this.clipPercentile}th percentile of |value| (${formatValue(clip)})`,
      })}
      <div class="note" part="note" data-export-text>${notes.join('; ')}.</div>
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // A new image shows at once, before the attribution: the loading canvas appears with the first render.
    if (!this.ready && this.imageBitmap) this.paintImageAlone();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-saliency-overlay': SaliencyOverlay;
  }
}

declare module '../../events/events.js' {
  interface NnHoverDetails {
    'nn-saliency-overlay': SaliencyPixelDetail | SaliencyTokenDetail;
  }
  interface NnSelectDetails {
    'nn-saliency-overlay': SaliencyPixelDetail | SaliencyTokenDetail;
  }
}
