import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { format } from 'd3-format';
import { tf } from '../../tf.js';
import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NnElement } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { NnHoverEvent, NnSelectEvent } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import { toChannelsLast, type ActivationLayout } from '../../compute/feature-vis/layout.js';
import { channelOrder, channelStats, readChannelStats, topChannels, type ChannelSort } from '../../compute/feature-vis/channel-stats.js';
import { atlasGrid, heatmapAtlas, imageAtlas, type AtlasGrid } from '../../compute/feature-vis/atlas.js';
import { modelLayer, type ModelLayer } from '../../compute/feature-vis/model-layer.js';
import { layerActivations } from '../../compute/feature-vis/extract.js';
import { visualizeChannels } from '../../compute/feature-vis/optimize.js';
import { fitCanvas } from '../../render/canvas.js';
import { legendTemplate } from '../../render/legend.js';
import { colormap as checkColormap, colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, rgba } from '../../scales/colormap.js';
import { featureGridStyles } from './styles.js';
import { gridLayout, slotAt, slotOrigin, type GridLayout } from './grid-layout.js';
import { drawTiles, type TileColors, type TilesFrame } from './draw-tiles.js';
import { bandSlots, bandsIn, bandTop, gridBands, type GridBands } from './grid-bands.js';
import { parseChannels, type ChannelsSpec } from './channels-spec.js';
import { isImageLike, isImageUrl, loadPicture, pictureTensor, type ImageInput, type ImageLike } from './input-image.js';
import { tensorPixels } from '../../render/tensor-pixels.js';
import { spatialLayout, spatialCellAt, drawSpatialImage, evenPositions, topAt, type SpatialLayout } from './spatial-view.js';
import { receptiveField } from '../../compute/feature-vis/receptive-field.js';
import type { Tiles } from './tiles.js';

/** The views of `<nn-feature-grid>`. */
export type FeatureGridView = 'grid' | 'spatial';

/** Payload of `nn-hover`: the channel under the pointer or keyboard focus and the value there. */
export interface FeatureHoverDetail {
  channel: number;
  /** The activation at (y, x) of the channel's map; for an optimised image, the mean activation it reaches; NaN where unknown. */
  value: number;
  /** Position in the activation map, when over a heatmap pixel or a spatial cell. */
  y?: number;
  x?: number;
}

/** Payload of `nn-select`. */
export interface FeatureSelectDetail {
  channel: number;
}

/** Precomputed pictures, one tile each: URLs, pictures, or a tensor [N, h, w, 3]. */
export type FeatureImages = readonly (string | ImageLike)[] | TensorInput;

const formatValue = format('.3~g');
const TOP_CHANNELS = 8;

/**
 * What each channel of a layer responds to: a grid of its activation maps
 * (one heatmap per channel) or of feature visualisations, the inputs that
 * excite each channel most, found by gradient ascent in the browser
 * (Olah et al., 2017). With the input image, the spatial view shows which
 * channels fire where (Building Blocks, Olah et al., 2018).
 *
 * Tiles are drawn from one atlas: every channel is normalised, coloured and
 * arranged on the GPU, read back once and put on a canvas once; the grid then
 * draws only the bands of rows near the viewport from it, each band once,
 * and the compositor scrolls them, so 2048 channels scroll like 20.
 *
 * @tagname nn-feature-grid
 * @summary Channel activations and optimised feature visualisations of a layer, in one GPU-built atlas.
 *
 * @example
 * ```html
 * <nn-feature-grid src="conv2.npy" sort="max"></nn-feature-grid>
 * ```
 *
 * @cssproperty [--nn-tile-size=56px] - Width of one tile (auto columns fit as many as the width holds).
 * @csspart canvas - The tiles canvases (one per band of rows in the grid view; the top-channels canvas in the spatial view).
 * @csspart tooltip - The enlarged tile and its values under the pointer.
 * @csspart input - The input image in the spatial view.
 * @fires nn-hover - `detail: {channel, value, y?, x?}` for the tile (and pixel) under the pointer or focus; `null` on leave.
 * @fires nn-select - `detail: {channel}` when a tile is clicked or chosen with Enter.
 */
export class FeatureGrid extends NnElement {
  static override styles = [...NnElement.styles, featureGridStyles];

  protected static override dataProperties = [
    ...NnElement.dataProperties,
    'activations',
    'layout',
    'images',
    'model',
    'layer',
    'input',
    'channels',
    'optimize',
    'steps',
    'learningRate',
    'seed',
    'totalVariation',
    'sparsity',
    'background',
    'objective',
    'view',
  ];

  protected static override overlayProperties = ['hover', 'focusSlot', 'spatialCell'];

  /** One layer's activations: `[H, W, C]`, `[1, H, W, C]`, `[C, H, W]` with `layout="chw"`, or `[N, C]`. Tensors you pass stay yours. */
  @property({ attribute: false }) activations?: TensorInput;

  /** `hwc` (channels last, the default) or `chw` (channels first, PyTorch). */
  @property() layout?: ActivationLayout;

  /** Precomputed pictures, one tile each: an array of URLs or pictures (ImageData, canvas, img), or a tensor `[N, h, w, 3]`. */
  @property({ attribute: false }) images?: FeatureImages;

  /** Tile labels: one per image, or one per channel. Attribute: a JSON array. */
  @property({ converter: jsonAttribute }) labels?: string[] | string;

  /** A tf.LayersModel; with `layer` and `input`, the element computes the activations itself. */
  @property({ attribute: false }) model?: LayersModel;

  /** Name of the model's layer to show. */
  @property() layer?: string;

  /** The example: a tensor `[h, w, c]` or `[1, h, w, c]`, a picture, or a URL of one (resized to the model's input). */
  @property({ attribute: false }) input?: ImageInput;

  /** Channels to show or optimise: a JSON array of indices, or `top:N` (the N most active on `input`). */
  @property({ converter: jsonAttribute }) channels?: number[] | string;

  /** Show optimised feature visualisations of `channels` instead of activations (needs `model` and `layer`). */
  @property({ type: Boolean, reflect: true }) optimize = false;

  /** Optimisation steps. */
  @property({ type: Number }) steps = 256;

  /** Optimisation learning rate (Adam). */
  @property({ type: Number, attribute: 'learning-rate' }) learningRate = 0.05;

  /** Seed of the optimisation: the same seed gives the same images. */
  @property({ type: Number }) seed = 0;

  /** Weight of the total-variation penalty in optimisation (0: none). */
  @property({ type: Number, attribute: 'total-variation' }) totalVariation = 0;

  /** Weight of an L1 penalty that keeps the optimised image's background dark and sparse (0: none). */
  @property({ type: Number }) sparsity = 0;

  /** Where the optimised image starts, as a fraction of the input range (0.5: grey; 0.05: near black, for MNIST-like data). */
  @property({ type: Number }) background = 0.5;

  /**
   * What optimisation maximises: `channel`, the channel's mean over all
   * positions (Lucid's default), or `neuron`, the channel at the centre
   * position: one receptive field's pattern, the readable one on small CNNs.
   */
  @property() objective: 'channel' | 'neuron' = 'channel';

  /** Tile order: `index`, `mean`, `max` (largest first), or a JSON array of channel indices. */
  @property({ converter: jsonAttribute }) sort: ChannelSort | string = 'index';

  /**
   * Attribute `normalize`: `global` (one colour scale for all tiles, so they
   * compare) or `tile` (each tile to its own range, so weak channels show
   * their shape). The property has another name because `normalize()` is a
   * DOM method.
   */
  @property({ attribute: 'normalize' }) normalization: 'global' | 'tile' = 'global';

  /** Fixed number of columns; unset fits as many tiles of `--nn-tile-size` as the width holds. */
  @property({ type: Number }) columns?: number;

  /** `grid` (default) or `spatial` (the input with the channels that fire at each position; needs `input`). */
  @property({ reflect: true }) view: FeatureGridView = 'grid';

  /** The selected channel (outlined; in the spatial view, its map over the image). Settable to link views. */
  @property({ type: Number }) selected?: number;

  /** The channel indices in displayed order. */
  get order(): readonly number[] {
    return this._order;
  }

  @state() private tiles?: Tiles;
  @state() private hover?: { slot: number; detail: FeatureHoverDetail; left: number; top: number };
  @state() private focusSlot?: number;
  @state() private spatialCell?: { y: number; x: number };

  private _order: number[] = [];
  /** Atlas tile of each display slot. */
  private slots: number[] = [];
  private gridGeometry?: GridLayout;
  private spatialGeometry?: SpatialLayout;
  private atlas?: { key: string; canvas: HTMLCanvasElement; grid: AtlasGrid };
  private atlasBuild?: { key: string; promise: Promise<void> };
  private dataSerial = 0;
  private inputPixels?: ImageData;
  /** Band canvases of the grid view, reused as scrolling moves bands in and out of reach; band -1: unused. */
  private bandPool: { canvas: HTMLCanvasElement; band: number }[] = [];
  /** The spacer the band canvases live in (a new one after switching views). */
  private bandSpacer?: HTMLElement;
  /** What the bands are drawn with, from the last full paint. */
  private bandView?: { layout: GridLayout; bands: GridBands; viewport: number; frame: Omit<TilesFrame, 'top' | 'height' | 'range'> };

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onKey(event));
    this.addEventListener('blur', () => {
      if (this.focusSlot !== undefined) {
        this.focusSlot = undefined;
        this.paint();
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.forget();
  }

  /** Forgets everything derived from the inputs (the base frees the tensors). */
  private forget(): void {
    this.tiles = undefined;
    this.atlas = undefined;
    this.atlasBuild = undefined;
    this.inputPixels = undefined;
    this.hover = undefined;
    this.spatialCell = undefined;
    this._order = [];
    this.slots = [];
    this.arranged = undefined;
    this.bandView = undefined;
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    try {
      await this.computeTiles(signal);
    } catch (error) {
      // A failed input shows its error and no stale tiles (`order` is empty).
      if (!signal.aborted) this.forget();
      throw error;
    }
  }

  private async computeTiles(signal: AbortSignal): Promise<void> {
    // The previous tiles stay on screen (drawn from their atlas canvas and
    // read-back arrays, not from tensors) until the new ones replace them, so
    // stepping through inputs does not flash an empty grid.
    this.tensors.clear();
    this.hover = undefined;
    this.spatialCell = undefined;
    this.inputPixels = undefined;
    this.dataSerial++;
    const spec = parseChannels(this.channels);
    if (this.view !== 'grid' && this.view !== 'spatial') throw new Error(`view must be "grid" or "spatial", got "${this.view}".`);
    const parts = this.model ? modelLayer(this.model, this.layer) : undefined;
    if (this.view === 'spatial' && parts && parts.outputShape.length !== 3) {
      throw new Error(`view="spatial" needs a layer with height and width; layer "${this.layer}" outputs [batch, ${parts.outputShape.join(', ')}].`);
    }
    const input = this.input === undefined ? undefined : await this.loadExample(this.input, parts, signal);
    if (signal.aborted) return input?.dispose();
    this.tensors.set('input', input);
    // loadExample gives [h, w, c] (a [1, h, w, c] input is squeezed there).
    if (input) this.inputPixels = await tensorPixels(input as Tensor3D, { range: 'auto' });
    if (this.view === 'spatial' && !input) throw new Error('view="spatial" needs input: the image the activations are of.');
    if (this.optimize) return this.computeOptimized(parts, input, spec, signal);
    if (this.images !== undefined) return this.computeImages(signal);
    let activations: Tensor3D;
    let strip = false;
    if (this.model) {
      if (!input) throw new Error('model and layer need input: the example whose activations to show.');
      activations = layerActivations(this.model, this.layer as string, input);
    } else {
      const source = this.activations ?? this.src;
      if (source === undefined) throw new Error('Nothing to show: set activations (a tensor [H, W, C]), src, images, or model + layer + input.');
      const loaded = await this.loadInput(source, { signal, source: this.activations !== undefined ? 'activations' : undefined });
      strip = loaded.rank === 2;
      try {
        activations = toChannelsLast(loaded, this.layout, this.activations !== undefined ? 'activations' : (this.src ?? 'src'));
      } finally {
        loaded.dispose();
      }
    }
    this.tensors.set('activations', activations);
    const [h, w, c] = activations.shape;
    if (this.view === 'spatial' && strip) {
      throw new Error(`view="spatial" needs activations with height and width; these are [N, C] = [${w}, ${c}], a dense layer.`);
    }
    const statsTensor = channelStats(activations);
    const [stats, values] = await Promise.all([readChannelStats(statsTensor), activations.data() as Promise<Float32Array>]);
    statsTensor.dispose();
    if (signal.aborted) return;
    const { domain, signed } = domainOf(stats.min, stats.max);
    this.tiles = {
      kind: 'activations',
      channels: Array.from({ length: c }, (_, i) => i),
      height: h,
      width: w,
      values,
      stats,
      domain,
      signed,
      hasMissing: values.some((v) => !Number.isFinite(v)),
      shown: this.subset(spec, stats, c),
      origin: this.model ? `layer ${this.layer}` : 'activations',
    };
  }

  /** The channels `spec` keeps, checked against `count`; undefined for all. */
  private subset(spec: ChannelsSpec, stats: { mean: Float32Array; max: Float32Array; min: Float32Array }, count: number): number[] | undefined {
    if (spec.kind === 'all') return undefined;
    if (spec.kind === 'top') return topChannels(stats, spec.count);
    for (const channel of spec.channels) {
      if (channel >= count) throw new Error(`channels: ${channel} is out of range; there are ${count} channels (0 to ${count - 1}).`);
    }
    return spec.channels;
  }

  /** The example as the model takes it, or as given when there is no model. */
  private async loadExample(value: ImageInput, parts: ModelLayer | undefined, signal: AbortSignal): Promise<Tensor> {
    const example = parts?.exampleShape;
    const size = example && example.length === 3 && example[0] && example[1] ? ([example[0], example[1]] as [number, number]) : undefined;
    const channels = example?.length === 3 ? (example[2] ?? 3) : 3;
    if (isImageLike(value)) return pictureTensor(value, channels, size);
    if (isImageUrl(value)) return pictureTensor(await loadPicture(value, signal), channels, size);
    const tensor = await this.loadInput(value as TensorInput, { signal, source: 'input' });
    if (tensor.rank === 4 && tensor.shape[0] === 1) {
      const squeezed = tf.squeeze(tensor, [0]);
      tensor.dispose();
      return squeezed;
    }
    if (tensor.rank !== 3) {
      tensor.dispose();
      throw new Error(`input must be an image [h, w, c] or [1, h, w, c], or a picture; got shape [${tensor.shape.join(', ')}].`);
    }
    return tensor;
  }

  private async computeImages(signal: AbortSignal): Promise<void> {
    const images = this.images;
    let tensor: Tensor4D;
    if (Array.isArray(images) && images.length > 0 && images.every((item) => typeof item === 'string' || isImageLike(item))) {
      const pictures = await Promise.all(images.map((item) => (typeof item === 'string' ? loadPicture(item, signal) : item)));
      const first = pictureTensor(pictures[0] as ImageLike, 3);
      const size: [number, number] = [first.shape[0], first.shape[1]];
      first.dispose();
      tensor = tf.tidy(() => tf.stack(pictures.map((picture) => pictureTensor(picture as ImageLike, 3, size)))) as Tensor4D;
    } else {
      const loaded = await this.loadInput(images as TensorInput, { signal, source: 'images' });
      if (loaded.rank !== 4 || ![1, 3, 4].includes(loaded.shape[3] as number)) {
        const shape = loaded.shape.join(', ');
        loaded.dispose();
        throw new Error(`images: expected a tensor [N, h, w, 3] (or 1 or 4 channels), got [${shape}].`);
      }
      tensor = loaded as Tensor4D;
    }
    if (signal.aborted) return tensor.dispose();
    this.tensors.set('images', tensor);
    const [n, h, w] = tensor.shape;
    this.tiles = { kind: 'images', channels: Array.from({ length: n }, (_, i) => i), height: h, width: w, domain: [0, 1], signed: false, origin: 'images' };
  }

  private async computeOptimized(parts: ModelLayer | undefined, input: Tensor | undefined, spec: ChannelsSpec, signal: AbortSignal): Promise<void> {
    if (!this.model || !parts) throw new Error('optimize needs model (a tf.LayersModel) and layer.');
    const count = parts.outputShape[parts.outputShape.length - 1] ?? 0;
    let channels: number[];
    if (spec.kind === 'list') channels = spec.channels;
    else if (spec.kind === 'top' || input) {
      if (!input) throw new Error(`channels="top:${spec.kind === 'top' ? spec.count : ''}" picks the channels most active on input: set input.`);
      const activations = layerActivations(this.model, this.layer as string, input);
      const statsTensor = channelStats(activations);
      activations.dispose();
      const stats = await readChannelStats(statsTensor);
      statsTensor.dispose();
      channels = topChannels(stats, spec.kind === 'top' ? spec.count : 16);
    } else {
      channels = Array.from({ length: Math.min(16, count) }, (_, i) => i);
    }
    const [, h, w] = [0, ...(parts.exampleShape as number[])];
    const show = async (images: Tensor4D, partial: boolean, reached?: Float32Array) => {
      this.tensors.set('images', images);
      this.dataSerial++;
      this.tiles = { kind: 'images', channels, height: h, width: w, domain: [0, 1], signed: false, reached, origin: `layer ${this.layer}, optimised`, partial };
      if (partial) await this.paintNow(signal);
    };
    const result = await visualizeChannels(this.model, this.layer as string, channels, {
      steps: this.steps,
      learningRate: this.learningRate,
      seed: this.seed,
      totalVariation: this.totalVariation,
      sparsity: this.sparsity,
      background: this.background,
      objective: this.objective === 'neuron' ? 'neuron' : 'channel',
      signal,
      // Eight previews: each costs a readback, an atlas and a frame.
      previewEvery: Math.max(1, Math.ceil(this.steps / 8)),
      onProgress: ({ done, total }) => this.reportProgress(done, total),
      onPreview: (images, step) => (step < this.steps ? show(images.clone(), true) : undefined),
    });
    if (signal.aborted) return result.images.dispose();
    await show(result.images, false, result.activation);
  }

  /** Draws now, during computeData (optimisation previews): the template first, then the tiles. */
  private async paintNow(signal: AbortSignal): Promise<void> {
    this.requestUpdate();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (signal.aborted || !this.isConnected) return;
    await this.ensureAtlas();
    this.paint(true);
  }

  protected override async drawData(): Promise<void> {
    if (this.colormap) checkColormap(this.colormap);
    await this.ensureAtlas();
    this.paint(true);
  }

  private colormapName(): string {
    return this.colormap ?? (this.tiles?.signed ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL);
  }

  /** Builds the atlas on the GPU and puts it on a canvas, once per data, colormap and normalisation. */
  private async ensureAtlas(): Promise<void> {
    const tiles = this.tiles;
    if (!tiles) return;
    const missing = rgba(this.themeColor('missing') || '#e8e8e8', [232, 232, 232, 255]);
    const key = `${this.dataSerial}|${tiles.kind === 'activations' ? `${this.normalization}|${this.colormapName()}|${missing}` : ''}`;
    if (this.atlas?.key === key) return;
    if (this.atlasBuild?.key === key) return this.atlasBuild.promise;
    const build = async () => {
      const grid = atlasGrid(tiles.channels.length, tiles.height, tiles.width);
      let atlas: Tensor3D;
      if (tiles.kind === 'activations') {
        const activations = this.tensors.get('activations') as Tensor3D;
        if (!activations) return;
        atlas = heatmapAtlas(activations, grid, {
          normalize: this.normalization === 'tile' ? 'tile' : 'global',
          domain: tiles.domain,
          signed: tiles.signed,
          lut: colormapLut(this.colormapName()),
          missing,
        });
      } else {
        const images = this.tensors.get('images') as Tensor4D;
        if (!images) return;
        atlas = imageAtlas(images, grid);
      }
      const bytes = Uint8ClampedArray.from((await atlas.data()) as Float32Array);
      atlas.dispose();
      const canvas = document.createElement('canvas');
      canvas.width = grid.columns * grid.tileWidth;
      canvas.height = grid.rows * grid.tileHeight;
      canvas.getContext('2d')?.putImageData(new ImageData(bytes, canvas.width, canvas.height), 0, 0);
      if (this.tiles === tiles) this.atlas = { key, canvas, grid };
    };
    const promise = build();
    this.atlasBuild = { key, promise };
    try {
      await promise;
    } finally {
      if (this.atlasBuild?.promise === promise) this.atlasBuild = undefined;
    }
  }

  /** The display order for the current data and `sort`, recomputed only when either changed. */
  private arrange(): void {
    const tiles = this.tiles;
    if (!tiles) return;
    const key = JSON.stringify(this.sort);
    if (this.arranged?.tiles === tiles && this.arranged.sort === key) return;
    this.arrangeNow(tiles);
    this.arranged = { tiles, sort: key };
  }

  private arranged?: { tiles: Tiles; sort: string };

  private arrangeNow(tiles: Tiles): void {
    let sort = this.sort;
    if (typeof sort === 'string' && !['index', 'mean', 'max'].includes(sort)) {
      throw new Error(`sort must be "index", "mean", "max" or a JSON array of channel indices, got ${JSON.stringify(sort)}.`);
    }
    if (tiles.kind === 'activations') {
      const order = channelOrder(tiles.stats!, sort as ChannelSort);
      const shown = tiles.shown ? new Set(tiles.shown) : undefined;
      this._order = shown && !Array.isArray(sort) ? order.filter((channel) => shown.has(channel)) : order;
      this.slots = this._order;
    } else {
      const count = tiles.channels.length;
      const reached = tiles.reached ?? new Float32Array(count).fill(NaN);
      if (Array.isArray(sort)) {
        const tileOf = new Map(tiles.channels.map((channel, tile) => [channel, tile]));
        sort = (sort as number[]).map((channel) => {
          const tile = tileOf.get(channel);
          if (tile === undefined) throw new Error(`sort: channel ${channel} is not shown; the tiles are channels ${tiles.channels.join(', ')}.`);
          return tile;
        });
      } else if (sort !== 'index' && !tiles.reached) sort = 'index';
      this.slots = channelOrder({ mean: reached, max: reached, min: reached }, sort as ChannelSort);
      this._order = this.slots.map((tile) => tiles.channels[tile]);
    }
  }

  private tileSize(): number {
    const value = parseFloat(getComputedStyle(this).getPropertyValue('--_tile-size'));
    return Number.isFinite(value) && value > 4 ? value : 56;
  }

  private colors(): TileColors {
    return { text: this.themeColor('text'), muted: this.themeColor('muted'), accent: this.themeColor('accent'), grid: this.themeColor('grid') };
  }

  /**
   * Theme colours and the tile size, read from computed style once per draw
   * rather than per scroll frame: getComputedStyle forces a style pass, which
   * was a third of a scroll frame's main-thread time.
   */
  private styleCache?: { colors: TileColors; tileSize: number };

  /** Paints the current view synchronously from the atlas (no GPU work): on draw, scroll and hover. */
  private paint(fresh = false): void {
    const tiles = this.tiles;
    const atlas = this.atlas;
    if (!tiles || !atlas) return;
    if (fresh || !this.styleCache) this.styleCache = { colors: this.colors(), tileSize: this.tileSize() };
    this.arrange();
    if (this.view === 'spatial') return this.paintSpatial();
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
    const spacer = this.renderRoot.querySelector<HTMLElement>('.spacer');
    if (!scroll || !spacer) return;
    const width = Math.max(40, scroll.clientWidth || this.size.width || this.clientWidth);
    const layout = gridLayout({ count: this.slots.length, width, columns: this.columns, tileSize: this.styleCache.tileSize, dataHeight: tiles.height, dataWidth: tiles.width });
    this.gridGeometry = layout;
    spacer.style.height = `${layout.height}px`;
    if (this.bandSpacer !== spacer) {
      // A new template (first draw, a view switch, reconnection): start a new pool there.
      spacer.querySelectorAll('canvas.tiles').forEach((canvas) => canvas.remove());
      this.bandPool = [];
      this.bandSpacer = spacer;
    }
    const labels = this.labelList();
    this.bandView = {
      layout,
      bands: gridBands(layout),
      viewport: Math.max(1, Math.min(layout.height, scroll.clientHeight || layout.height)),
      frame: {
        atlas: atlas.canvas,
        atlasGrid: atlas.grid,
        layout,
        slots: this.slots,
        label: (tile) => labels?.[tiles.kind === 'images' && !tiles.reached ? tile : tiles.channels[tile]] ?? `#${tiles.channels[tile]}`,
        width,
        selectedTile: this.selected === undefined ? undefined : tiles.channels.indexOf(this.selected),
        focusSlot: this.focusSlot,
        hoverSlot: this.hover?.slot,
        colors: this.styleCache.colors,
      },
    };
    // Data, size, hover, focus or selection changed: every band is stale.
    for (const entry of this.bandPool) entry.band = -1;
    this.drawBands(scroll.scrollTop);
  }

  /**
   * Draws the bands that are in view or within `ahead` of it and not drawn
   * yet, each into a free canvas of the pool, and hides the rest. On scroll
   * this draws only what scrolling brought near (a row or none); the
   * compositor moves the bands already drawn. No layout is read here.
   */
  private drawBands(scrollTop: number): void {
    const view = this.bandView;
    const spacer = this.bandSpacer;
    if (!view || !spacer || this.exporting) return;
    const { layout, bands, viewport } = view;
    // Bands drawn ahead so that a fast scroll (the compositor scrolls before
    // the page hears of it) does not show them empty.
    const ahead = Math.max(bands.span, 128);
    const top = Math.min(scrollTop, Math.max(0, layout.height - viewport));
    const { first, end } = bandsIn(bands, top - ahead, viewport + 2 * ahead);
    const pool = this.bandPool;
    const drawn = new Set<number>();
    for (const entry of pool) {
      if (entry.band >= first && entry.band < end) drawn.add(entry.band);
      else entry.band = -1;
    }
    for (let band = first; band < end; band++) {
      if (drawn.has(band)) continue;
      let entry = pool.find((candidate) => candidate.band === -1);
      if (!entry) {
        const canvas = document.createElement('canvas');
        canvas.className = 'tiles';
        canvas.setAttribute('part', 'canvas');
        spacer.append(canvas);
        entry = { canvas, band: -1 };
        pool.push(entry);
      }
      entry.band = band;
      const y = bandTop(bands, band);
      const style = entry.canvas.style;
      const transform = `translateY(${y}px)`;
      if (style.transform !== transform) style.transform = transform;
      drawTiles(fitCanvas(entry.canvas, view.frame.width, bands.height), { ...view.frame, top: y, height: bands.height, range: bandSlots(layout, bands, band) });
    }
    for (const entry of pool) {
      const display = entry.band === -1 ? 'none' : '';
      if (entry.canvas.style.display !== display) entry.canvas.style.display = display;
    }
  }

  private labelList(): string[] | undefined {
    const labels = this.labels;
    if (labels === undefined) return undefined;
    if (!Array.isArray(labels)) throw new Error(`labels must be a JSON array of strings, got ${JSON.stringify(labels)}.`);
    return labels.map(String);
  }

  private paintSpatial(): void {
    const tiles = this.tiles;
    const atlas = this.atlas;
    const image = this.inputPixels;
    const imageCanvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.input');
    const topCanvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.top');
    if (!tiles?.values || !atlas || !image || !imageCanvas || !topCanvas) return;
    // Known receptive fields place the positions where the layer sees them;
    // without a model (or for a branching one) they are spread evenly.
    const field = this.model && this.layer ? receptiveField(this.model, this.layer) : undefined;
    const positions = field ?? evenPositions(tiles.height, tiles.width, image.height, image.width);
    const layout = spatialLayout(this.size.width || this.clientWidth, (this.size.height || this.clientHeight) - 60, tiles.height, tiles.width, image, positions);
    this.spatialGeometry = layout;
    const cell = this.spatialCell ?? strongestCell(tiles.values, tiles.height, tiles.width, tiles.channels.length);
    const selectedTile = this.selected !== undefined && this.selected < tiles.channels.length ? this.selected : undefined;
    drawSpatialImage(fitCanvas(imageCanvas, layout.size, layout.size), {
      image,
      layout,
      cell,
      overlay: selectedTile === undefined ? undefined : { atlas: atlas.canvas, grid: atlas.grid, tile: selectedTile },
      colors: this.colors(),
    });
    const top = topAt(tiles.values, tiles.height, tiles.width, tiles.channels.length, cell, TOP_CHANNELS);
    const grid = gridLayout({ count: top.length, width: layout.sideWidth, columns: 4, tileSize: 56, dataHeight: tiles.height, dataWidth: tiles.width });
    this.topGeometry = { grid, top };
    drawTiles(fitCanvas(topCanvas, layout.sideWidth, grid.height), {
      atlas: atlas.canvas,
      atlasGrid: atlas.grid,
      layout: grid,
      slots: top.map((entry) => entry.channel),
      label: (channel) => `#${channel} ${formatValue(top.find((entry) => entry.channel === channel)?.value ?? NaN)}`,
      top: 0,
      width: layout.sideWidth,
      height: grid.height,
      selectedTile,
      hoverSlot: this.hover && this.hover.detail.y !== undefined ? top.findIndex((entry) => entry.channel === this.hover?.detail.channel) : undefined,
      colors: this.colors(),
    });
    const caption = this.renderRoot.querySelector('.caption');
    if (caption) caption.textContent = `Top channels at row ${cell.y}, column ${cell.x} of ${tiles.height} × ${tiles.width}${selectedTile !== undefined ? ` · over the image: channel ${selectedTile}` : ''}`;
  }

  private topGeometry?: { grid: GridLayout; top: { channel: number; value: number }[] };

  // ---- interaction ----------------------------------------------------------

  /**
   * Scroll events come once a frame, before its animation-frame callbacks:
   * drawing the newly reached bands here puts them in the same frame, with
   * no Lit update, style or layout read.
   */
  private onScroll = (event: Event) => this.drawBands((event.currentTarget as HTMLElement).scrollTop);

  /** The tile under a pointer event on the grid (its spacer, which scrolls with the bands), with the value there. */
  private pick(event: PointerEvent | MouseEvent): { slot: number; detail: FeatureHoverDetail } | undefined {
    const spacer = event.currentTarget as HTMLElement;
    const layout = this.gridGeometry;
    const tiles = this.tiles;
    if (!layout || !tiles) return undefined;
    const box = spacer.getBoundingClientRect();
    const hit = slotAt(layout, event.clientX - box.left, event.clientY - box.top);
    if (!hit) return undefined;
    return { slot: hit.slot, detail: this.detailAt(hit.slot, hit.u, hit.v) };
  }

  /** The hover detail of display slot `slot` at fraction (u, v) of its tile; the channel's peak when no point is given. */
  private detailAt(slot: number, u?: number, v?: number): FeatureHoverDetail {
    const tiles = this.tiles!;
    const tile = this.slots[slot];
    const channel = tiles.channels[tile];
    if (tiles.kind !== 'activations' || !tiles.values) return { channel, value: tiles.reached?.[tile] ?? NaN };
    const c = tiles.channels.length;
    let y: number;
    let x: number;
    if (u === undefined || v === undefined) {
      ({ y, x } = peakOf(tiles.values, tiles.height, tiles.width, c, channel));
    } else {
      y = Math.min(tiles.height - 1, Math.floor(v * tiles.height));
      x = Math.min(tiles.width - 1, Math.floor(u * tiles.width));
    }
    return { channel, value: tiles.values[(y * tiles.width + x) * c + channel], y, x };
  }

  private setHover(next: { slot: number; detail: FeatureHoverDetail } | undefined, anchor?: { left: number; top: number }): void {
    const previous = this.hover?.detail;
    const same = previous && next && previous.channel === next.detail.channel && previous.y === next.detail.y && previous.x === next.detail.x;
    if (same) return;
    this.hover = next ? { ...next, left: anchor?.left ?? 0, top: anchor?.top ?? 0 } : undefined;
    this.dispatchEvent(new NnHoverEvent<FeatureHoverDetail>(next ? next.detail : null));
    this.paint();
  }

  private onGridMove = (event: PointerEvent) => {
    const picked = this.pick(event);
    if (!picked || !this.gridGeometry) return this.setHover(undefined);
    const origin = slotOrigin(this.gridGeometry, picked.slot);
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll')!;
    this.setHover(picked, { left: origin.x + this.gridGeometry.tileWidth + 8, top: origin.y - scroll.scrollTop + scroll.offsetTop });
  };

  private onGridLeave = () => this.setHover(undefined);

  private onGridClick = (event: MouseEvent) => {
    const picked = this.pick(event);
    if (picked) this.select(picked.detail.channel, picked.slot);
  };

  private select(channel: number, slot?: number): void {
    this.selected = channel;
    if (slot !== undefined) this.focusSlot = slot;
    this.dispatchEvent(new NnSelectEvent<FeatureSelectDetail>({ channel }));
  }

  private onImageMove = (event: PointerEvent) => {
    const layout = this.spatialGeometry;
    const tiles = this.tiles;
    if (!layout || !tiles) return;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const cell = spatialCellAt(layout, event.clientX - box.left, event.clientY - box.top);
    if (!cell || (this.spatialCell && cell.y === this.spatialCell.y && cell.x === this.spatialCell.x)) return;
    this.spatialCell = cell;
    this.paint();
  };

  private topPick(event: MouseEvent): { channel: number; value: number } | undefined {
    const geometry = this.topGeometry;
    if (!geometry) return undefined;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const hit = slotAt(geometry.grid, event.clientX - box.left, event.clientY - box.top);
    return hit ? geometry.top[hit.slot] : undefined;
  }

  private onTopMove = (event: PointerEvent) => {
    const entry = this.topPick(event);
    const cell = this.spatialCell ?? (this.tiles?.values ? strongestCell(this.tiles.values, this.tiles.height, this.tiles.width, this.tiles.channels.length) : undefined);
    if (!entry || !cell) return this.setHover(undefined);
    this.setHover({ slot: -1, detail: { channel: entry.channel, value: entry.value, y: cell.y, x: cell.x } });
  };

  private onTopClick = (event: MouseEvent) => {
    const entry = this.topPick(event);
    if (entry) this.select(entry.channel);
  };

  private onKey(event: KeyboardEvent): void {
    const tiles = this.tiles;
    if (!tiles || !this.atlas) return;
    if (this.view === 'spatial') return this.onSpatialKey(event);
    const layout = this.gridGeometry;
    if (!layout || this.slots.length === 0) return;
    const last = this.slots.length - 1;
    const current = this.focusSlot ?? -1;
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      ArrowDown: current < 0 ? 0 : current + layout.columns,
      ArrowUp: current - layout.columns,
      Home: 0,
      End: last,
      PageDown: current + layout.columns * 4,
      PageUp: current - layout.columns * 4,
    };
    if (event.key in moves) {
      event.preventDefault();
      const slot = Math.max(0, Math.min(last, moves[event.key]));
      this.focusSlot = slot;
      this.revealSlot(slot);
      const detail = this.detailAt(slot);
      this.announce(this.describeTile(slot, detail));
      this.dispatchEvent(new NnHoverEvent<FeatureHoverDetail>(detail));
      this.paint();
    } else if ((event.key === 'Enter' || event.key === ' ') && this.focusSlot !== undefined) {
      event.preventDefault();
      this.select(tiles.channels[this.slots[this.focusSlot]], this.focusSlot);
    } else if (event.key === 'Escape') {
      this.focusSlot = undefined;
      this.setHover(undefined);
    }
  }

  private onSpatialKey(event: KeyboardEvent): void {
    const tiles = this.tiles!;
    if (!tiles.values) return;
    const cell = this.spatialCell ?? strongestCell(tiles.values, tiles.height, tiles.width, tiles.channels.length);
    const steps: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (event.key in steps) {
      event.preventDefault();
      const [dy, dx] = steps[event.key];
      const next = { y: Math.max(0, Math.min(tiles.height - 1, cell.y + dy)), x: Math.max(0, Math.min(tiles.width - 1, cell.x + dx)) };
      this.spatialCell = next;
      const top = topAt(tiles.values, tiles.height, tiles.width, tiles.channels.length, next, 3);
      this.announce(`Row ${next.y}, column ${next.x}: most active ${top.map((entry) => `channel ${entry.channel} (${formatValue(entry.value)})`).join(', ')}`);
      this.paint();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const [best] = topAt(tiles.values, tiles.height, tiles.width, tiles.channels.length, cell, 1);
      if (best) this.select(best.channel);
    }
  }

  private describeTile(slot: number, detail: FeatureHoverDetail): string {
    const tiles = this.tiles!;
    const tile = this.slots[slot];
    const position = `${slot + 1} of ${this.slots.length}`;
    if (tiles.kind === 'activations' && tiles.stats) {
      const { mean, max, min } = tiles.stats;
      return `Channel ${detail.channel} (${position}): mean ${formatValue(mean[detail.channel])}, max ${formatValue(max[detail.channel])}, min ${formatValue(min[detail.channel])}`;
    }
    return `Channel ${detail.channel} (${position})${tiles.reached ? `: mean activation ${formatValue(tiles.reached[tile])}` : ''}`;
  }

  /**
   * The PNG shows what the scroll area shows. The bands reach past its edges
   * (drawn ahead, or cut by them), and the export composites canvases by
   * their boxes without the scroll area's clip, so they are swapped for one
   * canvas of the visible rows while the view is composited.
   */
  override async exportImage(type = 'image/png'): Promise<Blob> {
    await this.updateComplete;
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
    const view = this.bandView;
    const spacer = this.bandSpacer;
    if (type === 'image/svg+xml' || this.view !== 'grid' || !scroll || !view || !spacer?.isConnected) return super.exportImage(type);
    const top = Math.min(scroll.scrollTop, Math.max(0, view.layout.height - view.viewport));
    const snapshot = document.createElement('canvas');
    snapshot.style.cssText = `position: absolute; left: 0; top: ${top}px`;
    drawTiles(fitCanvas(snapshot, view.frame.width, view.viewport), { ...view.frame, top, height: view.viewport });
    const shown = this.bandPool.filter((entry) => entry.canvas.style.display !== 'none');
    for (const entry of shown) entry.canvas.style.display = 'none';
    spacer.append(snapshot);
    this.exporting = true;
    try {
      return await super.exportImage(type);
    } finally {
      this.exporting = false;
      snapshot.remove();
      for (const entry of shown) entry.canvas.style.display = '';
      this.drawBands(scroll.scrollTop);
    }
  }

  /** True while exportImage has the bands hidden. */
  private exporting = false;

  /** Scrolls the grid so that `slot` is in view. */
  private revealSlot(slot: number): void {
    const layout = this.gridGeometry;
    const scroll = this.renderRoot.querySelector<HTMLElement>('.scroll');
    if (!layout || !scroll) return;
    const { y } = slotOrigin(layout, slot);
    if (y < scroll.scrollTop) scroll.scrollTop = y;
    else if (y + layout.pitchY > scroll.scrollTop + scroll.clientHeight) scroll.scrollTop = y + layout.pitchY - scroll.clientHeight;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('hover')) this.paintTooltip();
  }

  /** The enlarged tile in the tooltip, drawn from the atlas. */
  private paintTooltip(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('.tooltip canvas');
    const hover = this.hover;
    if (!canvas || !hover || !this.atlas || !this.tiles) return;
    const tile = this.tiles.channels.indexOf(hover.detail.channel);
    const { grid } = this.atlas;
    const scale = Math.max(1, Math.floor(140 / Math.max(grid.tileHeight, grid.tileWidth)));
    const width = grid.tileWidth * scale;
    const height = Math.max(8, grid.tileHeight * scale);
    const ctx = fitCanvas(canvas, width, height);
    ctx.imageSmoothingEnabled = false;
    const index = this.tiles.kind === 'activations' ? hover.detail.channel : tile;
    ctx.drawImage(this.atlas.canvas, (index % grid.columns) * grid.tileWidth, Math.floor(index / grid.columns) * grid.tileHeight, grid.tileWidth, grid.tileHeight, 0, 0, width, height);
    if (hover.detail.y !== undefined && hover.detail.x !== undefined && this.tiles.kind === 'activations') {
      ctx.strokeStyle = this.themeColor('accent');
      ctx.lineWidth = 1.5;
      ctx.strokeRect(hover.detail.x * scale, (hover.detail.y * height) / grid.tileHeight, scale, height / grid.tileHeight);
    }
  }

  // ---- template ---------------------------------------------------------------

  protected override renderView(): TemplateResult | typeof nothing {
    const tiles = this.tiles;
    if (!tiles) return nothing;
    return html`
      <div class="header">${this.legend()}<span>${this.summary()}</span></div>
      ${this.view === 'spatial' ? this.spatialTemplate() : this.gridTemplate()}
      ${this.tooltipTemplate()}
    `;
  }

  private gridTemplate(): TemplateResult {
    // The band canvases (canvas.tiles) are added to the spacer by drawBands.
    return html`<div class="scroll" @scroll=${this.onScroll}>
      <div class="spacer" @pointermove=${this.onGridMove} @pointerleave=${this.onGridLeave} @click=${this.onGridClick}></div>
    </div>`;
  }

  private spatialTemplate(): TemplateResult {
    return html`<div class="spatial">
      <canvas class="input" part="input" @pointermove=${this.onImageMove}></canvas>
      <div class="side">
        <p class="caption"></p>
        <canvas class="top" part="canvas" @pointermove=${this.onTopMove} @pointerleave=${this.onGridLeave} @click=${this.onTopClick}></canvas>
      </div>
    </div>`;
  }

  private tooltipTemplate(): TemplateResult | typeof nothing {
    const hover = this.hover;
    const tiles = this.tiles;
    if (!hover || !tiles || hover.slot < 0) return nothing;
    const { channel, value, y, x } = hover.detail;
    const stats = tiles.stats;
    return html`<div class="tooltip" part="tooltip" style="left: ${Math.min(hover.left, Math.max(0, this.size.width - 170))}px; top: ${Math.max(0, hover.top)}px">
      <canvas></canvas>
      <div>Channel <span class="value">${channel}</span>${this.labelList()?.[channel] ? html` · ${this.labelList()![channel]}` : nothing}</div>
      ${y !== undefined ? html`<div>at (${y}, ${x}): <span class="value">${formatValue(value)}</span></div>` : nothing}
      ${stats
        ? html`<div>range ${formatValue(stats.min[channel])} to ${formatValue(stats.max[channel])} · mean ${formatValue(stats.mean[channel])}</div>`
        : Number.isFinite(value)
          ? html`<div>mean activation reached: ${formatValue(value)}</div>`
          : nothing}
    </div>`;
  }

  private legend(): TemplateResult | typeof nothing {
    const tiles = this.tiles!;
    if (tiles.kind !== 'activations') return nothing;
    const perTile = this.normalization === 'tile';
    const domain: [number, number] = perTile ? (tiles.signed ? [-1, 1] : [0, 1]) : tiles.domain;
    const label = perTile ? `each tile scaled to its own ${tiles.signed ? 'largest |value|' : 'maximum'} (normalize="tile")` : 'activation, one scale for all tiles';
    return legendTemplate({ colormap: this.colormapName(), domain, scale: 'linear', width: 330, label, missingColor: tiles.hasMissing ? this.themeColor('missing') : undefined });
  }

  private summary(): string {
    const tiles = this.tiles!;
    const shown = this.slots.length || (tiles.shown?.length ?? tiles.channels.length);
    const sort = Array.isArray(this.sort) ? 'in the order given' : this.sort === 'index' ? 'by index' : `by ${this.sort}, largest first`;
    if (tiles.kind === 'images') {
      return `${tiles.origin}: ${shown} image${shown === 1 ? '' : 's'} of ${tiles.height} × ${tiles.width}${tiles.partial ? ' (optimising…)' : ''}${tiles.reached ? `, ${sort}` : ''}`;
    }
    const total = tiles.channels.length;
    return `${tiles.origin}: ${shown === total ? shown : `${shown} of ${total}`} channels of ${tiles.height} × ${tiles.width}, ${sort}`;
  }

  protected override describe(): string {
    const tiles = this.tiles;
    if (!tiles) return 'Feature grid, no data yet';
    return `Feature grid, ${this.summary()}. Arrow keys move between tiles, Enter selects.`;
  }
}

/** The colour domain of activations with these per-channel ranges: [0, max] when none is negative, else symmetric. */
function domainOf(min: Float32Array, max: Float32Array): { domain: [number, number]; signed: boolean } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < min.length; i++) {
    if (min[i] < lo) lo = min[i];
    if (max[i] > hi) hi = max[i];
  }
  if (!(lo <= hi)) return { domain: [0, 1], signed: false };
  if (lo < 0) {
    const magnitude = Math.max(-lo, Math.abs(hi));
    return { domain: [-magnitude, magnitude], signed: true };
  }
  return { domain: [0, hi > 0 ? hi : 1], signed: false };
}

/** The position of channel `channel`'s largest value in activations [h, w, c]. */
function peakOf(values: Float32Array, h: number, w: number, c: number, channel: number): { y: number; x: number } {
  let best = -Infinity;
  let at = 0;
  for (let p = 0; p < h * w; p++) {
    const v = values[p * c + channel];
    if (v > best) {
      best = v;
      at = p;
    }
  }
  return { y: Math.floor(at / w), x: at % w };
}

/** The position where the channels' total activation is largest: where the spatial view starts. */
function strongestCell(values: Float32Array, h: number, w: number, c: number): { y: number; x: number } {
  let best = -Infinity;
  let at = 0;
  for (let p = 0; p < h * w; p++) {
    let sum = 0;
    for (let k = 0; k < c; k++) {
      const v = values[p * c + k];
      if (Number.isFinite(v)) sum += v;
    }
    if (sum > best) {
      best = sum;
      at = p;
    }
  }
  return { y: Math.floor(at / w), x: at % w };
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-feature-grid': FeatureGrid;
  }
}

declare module '../../events/events.js' {
  interface NnHoverDetails {
    'nn-feature-grid': FeatureHoverDetail;
  }
  interface NnSelectDetails {
    'nn-feature-grid': FeatureSelectDetail;
  }
}
