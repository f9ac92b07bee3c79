import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NnElement, type Size } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { Stage } from '../base/stage.js';
import { integerIn, indexList, oneOf, stringList } from '../base/validate.js';
import { viewOf, type ElementView, type ViewTable } from '../base/view.js';
import { CursorController } from '../interaction/keys.js';
import { PointerController, type Point } from '../interaction/pointer.js';
import { tooltipTemplate } from '../interaction/tooltip.js';
import { NnHoverEvent, NnSelectEvent, type LinkState } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import type { ActivationLayout } from '../../compute/feature-vis/layout.js';
import type { ChannelSort } from '../../compute/feature-vis/channel-stats.js';
import { modelLayer, type ModelLayer } from '../../compute/feature-vis/model-layer.js';
import { legendTemplate, missingSwatchWidth } from '../../render/legend.js';
import { colourScale, type ColourScale } from '../../scales/colour-scale.js';
import { rgba } from '../../scales/colormap.js';
import { featureGridStyles } from './styles.js';
import { parseChannels } from './channels-spec.js';
import type { ImageInput, ImageLike } from './input-image.js';
import { arrange, shownChannels, type Arrangement, type Cell } from './arrangement.js';
import { BandCanvases } from './band-canvases.js';
import { buildAtlas, computeSource, FeatureStages, loadExample, sourceArgs, type FeatureSource, type TileAtlas } from './feature-data.js';
import type { Tiles } from './tiles.js';
import type { FeatureGridHost, FeatureLayouts, FeatureTarget, Look, Surface, SurfacePoint } from './views/host.js';
import { gridView, tileAt } from './views/grid.js';
import { spatialView } from './views/spatial.js';
import { paintZoom, summaryOf } from './views/words.js';
import { hoverDetail, sameTarget, type FeatureHoverDetail, type FeatureSelectDetail } from './events.js';

/** A view of the feature grid; one that puts the legend in its own template says so (the spatial view: beside the tiles it explains). */
type FeatureView = ElementView<FeatureGridHost, FeatureTarget> & {
  placesLegend?: boolean;
  /** Where the keyboard cursor starts when the element gets keyboard focus. */
  startAt?(host: FeatureGridHost): FeatureTarget | undefined;
};

/** The views of `<nn-feature-grid>`. */
export type FeatureGridView = 'grid' | 'spatial';

/** Precomputed pictures, one tile each: URLs, pictures, or a tensor [N, h, w, 3]. */
export type FeatureImages = readonly (string | ImageLike)[] | TensorInput;

export type { FeatureCellHoverDetail, FeatureHoverDetail, FeatureSelectDetail, FeatureTileHoverDetail } from './events.js';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

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
 * The element is a shell: its data are stages (`feature-data.ts`), and each
 * view is a module (`views/grid.ts`, `views/spatial.ts`) it looks up by `view`.
 *
 * @tagname nn-feature-grid
 * @summary Channel activations and optimised feature visualisations of a layer, in one GPU-built atlas.
 *
 * @example
 * ```html
 * <nn-feature-grid src="conv2.npy" sort="max"></nn-feature-grid>
 * ```
 *
 * @cssproperty [--nn-tile-size=56px] - Width of one tile (auto columns fit as many as the width holds). Set, it is kept when a set height leaves room.
 * @cssproperty [--nn-max-height=600px] - With no height set, the tallest the grid grows before it scrolls.
 * @csspart canvas - The tiles canvases (one per band of rows in the grid view; the top-channels canvas in the spatial view).
 * @csspart tooltip - The card under the pointer or keyboard cursor: the enlarged tile and its values, or a position's top channels.
 * @csspart input - The input image in the spatial view.
 * @fires nn-hover - `detail: {kind: 'feature-tile', channel, value, y?, x?}` for the tile (and pixel) under the pointer or keyboard cursor; `{kind: 'feature-cell', channel, value, y, x}` for a spatial-view position (its most active channel); `null` on leave.
 * @fires nn-select - `detail: {kind: 'feature-channel', channel}` when a tile is clicked or chosen with Enter / Space.
 * @fires nn-link - `{channel}` on tile hover, keyboard focus and select; `{pixel: {x, y}}` when the spatial position moves. `applyLink({channel})` focuses that tile (and draws it over the image in the spatial view); `applyLink({pixel})` pins the spatial position. Maps one row high (`[1, tokens, channels]`, activations over a sequence) also publish and show the position as `{token}`.
 */
export class FeatureGrid extends NnElement implements FeatureGridHost {
  static override styles = [...NnElement.styles, featureGridStyles];

  /** The views by the names `view` takes; a new view is one module registered here. */
  static views: ViewTable<FeatureGridHost, FeatureTarget> = { grid: gridView, spatial: spatialView };

  protected static override dataProperties = [
    ...NnElement.dataProperties,
    ...['activations', 'layout', 'images', 'model', 'layer', 'input', 'channels', 'optimize', 'steps', 'learningRate', 'seed'],
    ...['totalVariation', 'sparsity', 'background', 'objective', 'view'],
  ];

  protected static override overlayProperties = ['_hovered', '_cursor', '_cell', '_legendWidth'];

  /** One layer's activations: `[H, W, C]`, `[1, H, W, C]`, `[C, H, W]` with `layout="chw"`, or `[N, C]`. Tensors you pass stay yours. */
  @property({ attribute: false }) activations?: TensorInput;

  /** `hwc` (channels last, the default) or `chw` (channels first, PyTorch). */
  @property() layout?: ActivationLayout;

  /** Precomputed pictures, one tile each: an array of URLs or pictures (ImageData, canvas, img), or a tensor `[N, h, w, 3]`. */
  @property({ attribute: false }) images?: FeatureImages;

  /** Tile labels: one per image, or one per channel. Attribute: a JSON array. */
  @property({ converter: jsonAttribute }) labels?: readonly string[] | string;

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
    try {
      return this.arrangement.order;
    } catch {
      return []; // a bad `sort` is shown as the element's error
    }
  }

  // ---- the face the views read (FeatureGridHost): data stages, state, geometry ----

  /** The derived data, stage by stage; `stages.computed` counts the computes (a timing-free seam for tests). */
  readonly stages = new FeatureStages();
  /** The model layer being shown (checked), when there is a model. */
  parts?: ModelLayer;
  readonly layouts: FeatureLayouts = {};
  readonly bands = new BandCanvases();
  look: Look = {
    colors: { text: '', muted: '', accent: '', grid: '' },
    tileSize: 56,
    tileSizeSet: false,
    maxHeight: 600,
    font: '11px sans-serif',
    labelHeight: 17,
  };

  @state() private _shown?: FeatureSource;
  @state() private _hovered?: FeatureTarget;
  @state() private _cursor?: FeatureTarget;
  @state() private _cell?: Cell;
  /** The legend's width: the width of the plot it explains, measured when the view drew. */
  @state() private _legendWidth?: number;
  private subset?: number[];
  /** A linked state set before the data was shown. */
  private pendingLink?: LinkState;
  private checkedLabels?: readonly string[];
  private readonly arranged = new Stage<[Tiles, unknown, number[] | undefined], Arrangement>();
  private readonly scales = new Stage<[Tiles, string | undefined, unknown], ColourScale>();
  /** Aborted when the element leaves the page: an atlas build then in flight is dropped. */
  private drawRun = new AbortController();
  private readonly pointers = { grid: this.pointerOn('grid'), image: this.pointerOn('image'), top: this.pointerOn('top') };

  constructor() {
    super();
    new CursorController(this, { command: (command) => (this.ready && this.currentView()?.command?.(this, command)) ?? false });
    // Keyboard focus shows the value card at once, on the item the keys start from (the selected tile, the first, or the
    // spatial view's pin), and says it; it fires nothing, as focus moves nothing. A click's focus is not :focus-visible.
    this.addEventListener('focus', () => {
      if (!this.ready || this._cursor !== undefined || this._hovered !== undefined || !this.matches(':focus-visible')) return;
      const target = (this.currentView() as FeatureView | undefined)?.startAt?.(this);
      if (!target) return;
      this._cursor = target;
      if (target.kind === 'tile' && target.surface === 'grid') this.bands.reveal(target.slot);
      this.announce(this.currentView()?.describe?.(this, target as never) ?? '');
      this.drawOverlay();
    });
    this.addEventListener('blur', () => {
      if (this._cursor === undefined) return;
      this._cursor = undefined;
      this.drawOverlay();
    });
  }

  get shown(): FeatureSource | undefined {
    return this._shown;
  }
  get hovered(): FeatureTarget | undefined {
    return this._hovered;
  }
  get cursor(): FeatureTarget | undefined {
    return this._cursor;
  }
  get cell(): Cell | undefined {
    return this._cell;
  }
  get labelList(): readonly string[] | undefined {
    return this.checkedLabels;
  }
  get picture(): ImageData | undefined {
    return this.stages.picture.value;
  }
  get positions() {
    return this.stages.positions.value;
  }
  get viewSize(): Size {
    return { width: this.size.width || this.clientWidth, height: this.size.height || this.clientHeight };
  }
  /** The atlas of the data on screen (undefined while it is built). */
  get atlas(): TileAtlas | undefined {
    return this.stages.atlas.args?.[0] === this._shown ? this.stages.atlas.value : undefined;
  }

  /** The slots in `sort` order, recomputed only when the data, `sort` or `channels` changed. */
  get arrangement(): Arrangement {
    const tiles = this._shown?.tiles;
    if (!tiles) return { order: [], slots: [] };
    const args: [Tiles, unknown, number[] | undefined] = [tiles, this.sort, this.subset];
    if (!this.arranged.has(args)) {
      const sort = Array.isArray(this.sort) ? indexList('sort', this.sort)! : oneOf('sort', this.sort, ['index', 'mean', 'max'] as const);
      this.arranged.set(args, arrange(tiles, sort as ChannelSort, this.subset));
    }
    return this.arranged.value!;
  }

  /** The one colour scale of the heatmaps and their legend; undefined for pictures. */
  get scale(): ColourScale | undefined {
    const tiles = this._shown?.tiles;
    if (tiles?.kind !== 'activations') return undefined;
    const args: [Tiles, string | undefined, unknown] = [tiles, this.colormap, this.normalization];
    if (!this.scales.has(args)) {
      const normalize = oneOf('normalize', this.normalization, ['global', 'tile'] as const);
      const signed = tiles.extent !== undefined && tiles.extent[0] < 0;
      const fixed: [number, number] | undefined = normalize === 'tile' ? (signed ? [-1, 1] : [0, 1]) : undefined;
      this.scales.set(args, colourScale({ extent: tiles.extent, colormap: this.colormap, signed, fixed }));
    }
    return this.scales.value;
  }

  /** The directive that makes an element of a view's template the pointer surface `surface`. */
  surface(surface: Surface) {
    return this.pointers[surface].attach();
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const previous = this._shown;
    this._hovered = undefined;
    this._cursor = undefined;
    try {
      const view = viewOf(FeatureGrid.views, this.view);
      const spec = parseChannels(this.channels);
      const layout = this.layout === undefined ? undefined : oneOf('layout', this.layout, ['hwc', 'chw'] as const);
      const parts = (this.parts = this.model ? modelLayer(this.model, this.layer) : undefined);
      const input = this.input;
      const load = this.loadInput.bind(this);
      if (input === undefined) this.stages.example.clear();
      const example =
        input === undefined
          ? undefined
          : await this.stages.example.run([input, this.model], (s) => (this.stages.computed.example++, loadExample(input, parts, load, s)), signal);
      const hooks = {
        load,
        progress: (done: number, total: number) => this.reportProgress(done, total),
        preview: (shown: FeatureSource) => this.showPreview(shown, signal),
      };
      const source = await this.stages.source.run(
        sourceArgs(this, layout, example),
        (s) => (this.stages.computed.source++, computeSource(this, { parts, spec, layout, example }, { ...hooks, signal: s })),
        signal,
      );
      this.subset = shownChannels(spec, source.tiles);
      this._shown = source;
      if (source !== previous) this._cell = undefined;
      await view.prepare?.(this, signal);
      const linked = this.pendingLink;
      this.pendingLink = undefined;
      if (linked) this.showLinked(linked);
    } catch (error) {
      // A failed input shows its error and no stale tiles (`order` is empty).
      if (!signal.aborted) this._shown = undefined;
      throw error;
    }
  }

  /** Shows an optimisation preview now, during computeData: the template first, then the tiles. */
  private async showPreview(source: FeatureSource, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this._shown = source;
    this.subset = undefined;
    this.requestUpdate();
    await nextFrame();
    if (!signal.aborted && this.isConnected) await this.drawData();
  }

  protected override async drawData(): Promise<void> {
    const view = viewOf(FeatureGrid.views, this.view);
    if (this.columns !== undefined) integerIn('columns', this.columns, 1);
    if (this.selected !== undefined) integerIn('selected', this.selected, 0);
    this.checkedLabels = stringList('labels', this.labels);
    const source = this._shown;
    if (!source) return;
    void this.arrangement; // checks `sort`
    const scale = this.scale;
    const missing = rgba(this.themeColor('missing') || '#e8e8e8', [232, 232, 232, 255]);
    const heatmaps = source.tiles.kind === 'activations';
    const normalize = this.normalization === 'tile' ? 'tile' : 'global';
    await this.stages.atlas.run(
      [source, heatmaps ? normalize : undefined, scale?.colormap, heatmaps ? missing.join() : undefined],
      () => (this.stages.computed.atlas++, buildAtlas(source, scale, normalize, missing)),
      this.drawRun.signal,
    );
    // Read from computed style once per draw rather than per scroll frame: getComputedStyle forces a style pass.
    const style = getComputedStyle(this);
    const px = (name: string, fallback: number) => {
      const value = parseFloat(style.getPropertyValue(name));
      return Number.isFinite(value) && value > 4 ? value : fallback;
    };
    const colors = {
      text: this.themeColor('text'),
      muted: this.themeColor('muted'),
      accent: this.themeColor('accent'),
      grid: this.themeColor('grid'),
    };
    const type = this.typography();
    this.look = {
      colors,
      tileSize: px('--_tile-size', 56),
      tileSizeSet: style.getPropertyValue('--nn-tile-size').trim() !== '',
      maxHeight: px('--_max-height', 600),
      font: `${type.label}px ${type.family}`,
      // The label's line (1.05 em to its baseline) and its descenders.
      labelHeight: Math.ceil(type.label * 1.35) + 2,
    };
    await view.draw?.(this);
  }

  protected override releaseData(): void {
    this.drawRun.abort(new DOMException('The element was removed from the page.', 'AbortError'));
    this.drawRun = new AbortController();
    this.stages.clear();
    this.arranged.clear();
    this.scales.clear();
    this.bands.reset();
    this._shown = this._hovered = this._cursor = this._cell = undefined;
  }

  // ---- interaction: the views decide what a point or a key means ------------

  private currentView(): ElementView<FeatureGridHost, FeatureTarget> | undefined {
    return this._shown && Object.hasOwn(FeatureGrid.views, this.view) ? FeatureGrid.views[this.view] : undefined;
  }

  private hit(point: Point, surface: Surface): FeatureTarget | undefined {
    const at: SurfacePoint = { ...point, surface };
    return this.currentView()?.hitTest?.(this, at) as FeatureTarget | undefined;
  }

  private pointerOn(surface: Surface): PointerController {
    return new PointerController(this, {
      hover: (point) => this.point(point && this.hit(point, surface)),
      release: (_from, to, dragged) => {
        const target = dragged ? undefined : this.hit(to, surface);
        if (target?.kind === 'tile') this.select(target.channel, target.surface === 'grid' ? target : undefined);
      },
    });
  }

  /** The pointer is over `target` (a position of the spatial view moves the pinned one). */
  private point(target: FeatureTarget | undefined): void {
    if (sameTarget(this._hovered, target)) return;
    this._hovered = target;
    if (target?.kind === 'cell') this._cell = { y: target.y, x: target.x };
    this.tell(target);
  }

  focusOn(target: FeatureTarget): void {
    this._cursor = target;
    if (target.kind === 'cell') this._cell = { y: target.y, x: target.x };
    this.announce(this.currentView()?.describe?.(this, target as never) ?? '');
    this.tell(target);
  }

  /** Fires `nn-hover`, publishes what linked views share, and redraws the overlay. */
  private tell(target: FeatureTarget | undefined): void {
    this.dispatchEvent(new NnHoverEvent<FeatureHoverDetail>(target ? hoverDetail(target) : null));
    if (target?.kind === 'cell') this.linker.publish({ pixel: { x: target.x, y: target.y }, ...(this.isSequence() ? { token: target.x } : {}) });
    else if (target) this.linker.publish({ channel: target.channel, ...(this.isSequence() && target.x !== undefined ? { token: target.x } : {}) });
    this.drawOverlay();
  }

  select(channel: number, cursor?: FeatureTarget): void {
    this.selected = channel;
    if (cursor) this._cursor = cursor;
    this.dispatchEvent(new NnSelectEvent<FeatureSelectDetail>({ kind: 'feature-channel', channel }));
    this.linker.publish({ channel });
  }

  legendFor(width: number): void {
    const rounded = Math.round(width);
    if (this._legendWidth !== rounded) this._legendWidth = rounded;
  }

  escape(): void {
    this._cursor = this._hovered = this._cell = this.selected = undefined;
    this.dispatchEvent(new NnHoverEvent<FeatureHoverDetail>(null));
    this.linker.publish({ channel: null, pixel: null, ...(this.isSequence() ? { token: null } : {}) });
    this.drawOverlay();
  }

  /** True when the maps are one row high (and longer than one): activations over a sequence, whose positions are tokens. */
  private isSequence(): boolean {
    const tiles = this._shown?.tiles;
    return tiles !== undefined && tiles.height === 1 && tiles.width > 1;
  }

  override showLinked(state: LinkState): void {
    const tiles = this._shown?.tiles;
    if (!tiles) {
      // Before the data is there (or after an error): shown when the next data is.
      this.pendingLink = { ...this.pendingLink, ...state };
      return;
    }
    if (state.channel !== undefined) {
      const slot = state.channel === null ? -1 : this.arrangement.order.indexOf(state.channel);
      this._cursor = slot < 0 ? undefined : tileAt(this, slot);
      if (slot >= 0) this.bands.reveal(slot);
    }
    // Maps one row high are a sequence ([1, tokens, channels]): a linked token is a position along it.
    const pixel = state.token !== undefined && this.isSequence() ? (state.token === null ? null : { x: state.token, y: 0 }) : state.pixel;
    if (pixel !== undefined) {
      const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.round(v)));
      this._cell = pixel === null ? undefined : { y: clamp(pixel.y, tiles.height), x: clamp(pixel.x, tiles.width) };
    }
    this.drawOverlay();
  }

  /** Paints hover, cursor, pin and selection now (pointer moves and keys must not wait a frame). */
  private drawOverlay(): void {
    try {
      if (this.ready) this.currentView()?.drawOverlay?.(this);
    } catch (error) {
      this.showError(error, 'draw');
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const target = this._hovered ?? this._cursor;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('.tooltip canvas.zoom');
    if (canvas && target?.kind === 'tile') paintZoom(canvas, this, target, this.themeColor('accent'));
  }

  /** The PNG shows what the scroll area shows (see `BandCanvases.withSnapshot`; a view without bands exports as it is). */
  override async exportImage(type = 'image/png'): Promise<Blob> {
    await this.updateComplete;
    if (type === 'image/svg+xml') return super.exportImage(type);
    return (await this.bands.withSnapshot(() => super.exportImage(type))) ?? super.exportImage(type);
  }

  // ---- template ---------------------------------------------------------------

  protected override renderView(): TemplateResult | typeof nothing {
    const tiles = this._shown?.tiles;
    if (!tiles) return nothing;
    const view = viewOf(FeatureGrid.views, this.view) as FeatureView;
    const target = this._hovered ?? this._cursor;
    return html`
      <div class="header"><span class="summary">${summaryOf(this, this.sort)}</span>${view.placesLegend ? nothing : this.legend()}</div>
      ${view.template(this)}
      ${tooltipTemplate(target && view.tooltip?.(this, target as never), this.viewSize.width)}
    `;
  }

  /**
   * The one legend of the one colour scale (none for pictures), as wide as
   * the plot it explains: its bar starts 6 px into the SVG, and the style
   * pulls it back so that the bar starts at the plot's left edge.
   */
  legend(): TemplateResult | typeof nothing {
    const tiles = this._shown?.tiles;
    const scale = this.scale;
    if (!tiles || !scale) return nothing;
    const view = viewOf(FeatureGrid.views, this.view);
    const width = Math.max(120, this._legendWidth ?? 320);
    // What the colour means goes under the bar as text that wraps at the element's width (not the bar's: the header's
    // height must not depend on the layout the view measures after it), rather than as SVG text cut at the bar's end.
    const note = (view.legendNotes?.(this) ?? []).join('; ');
    const fontSize = this.typography().label;
    return html`<div class="legend-box">
      ${legendTemplate({
        ...{ colormap: scale.colormap, domain: scale.domain, scale: scale.type },
        width: width + (tiles.hasMissing ? missingSwatchWidth(fontSize) : 0),
        flush: true,
        missingColor: tiles.hasMissing ? this.themeColor('missing') : undefined,
        fontSize,
      })}
      <div class="legend-note">${note}</div>
    </div>`;
  }

  protected override describe(): string {
    if (!this._shown) return 'Feature grid, no data yet';
    let summary = '';
    try {
      summary = summaryOf(this, this.sort);
    } catch {
      // a bad `sort`: the error says so
    }
    return `Feature grid, ${summary}. Arrow keys move between tiles, Enter selects.`;
  }
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
