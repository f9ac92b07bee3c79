import type { PropertyValues, TemplateResult, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DirectiveResult } from 'lit/directive.js';
import { NnElement, type Size } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { viewOf, type ViewTable } from '../base/view.js';
import { CursorController } from '../interaction/keys.js';
import { PointerController, type Point } from '../interaction/pointer.js';
import { NnHoverEvent, NnSelectEvent, type LinkState } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import type { ImageInput } from '../../data/image-tensor.js';
import type { ScoredModel } from '../../compute/attribution/score-for.js';
import { spearman } from '../../compute/saliency/rank-correlation.js';
import type { ImageBaseline } from '../../compute/saliency/baselines.js';
import type { ColourScale } from '../../scales/colour-scale.js';
import type { Preprocess, SaliencyMethod } from './explain.js';
import type { SaliencyMode } from './layout.js';
import { SaliencyPipeline } from './pipeline.js';
import { detailOf, sameTarget, valueAt } from './views/display.js';
import { probabilityText } from './views/chrome.js';
import { DisplayStages, type Backdrop } from './views/display-stages.js';
import { imagePanelsView, paintPicture } from './views/image-panels.js';
import { tokensView } from './views/tokens.js';
import { markTokens } from './text-view.js';
import type {
  PanelPlacement,
  Picture,
  PixelTarget,
  SaliencyData,
  SaliencyHost,
  SaliencyPixelDetail,
  SaliencyTarget,
  SaliencyTokenDetail,
  TokenTarget,
} from './views/host.js';
import { saliencyOverlayStyles } from './styles.js';

/** What the compare view computed: maps, and Spearman's ρ between every two. */
export interface SaliencyComparison {
  labels: string[];
  maps: Float32Array[];
  /** `correlations[i][j]` is Spearman's rank correlation of map i and map j. */
  correlations: number[][];
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
 * @csspart tooltip - The card with the value under the pointer or the keyboard cursor.
 * @csspart controls - The threshold (or top-percent) slider and its readout.
 * @csspart slider - The threshold slider, an `<input type="range">`.
 * @csspart panel - A panel of the compare view.
 * @csspart caption - A panel's method and its rank correlation with the first.
 * @csspart note - Under the legend: what the colours show (reduction rule, method settings such as Integrated Gradients' completeness gap, maps that are 0 everywhere).
 * @csspart text - The shaded text (tokens mode).
 * @csspart token - One token of the text.
 * @fires nn-hover - {@link NnHoverEvent}: the pointer or keyboard cursor moved onto an item; `detail` is
 *   `{kind: 'saliency-pixel', x, y, value, panel, label}` over an image, `{kind: 'saliency-token', token, text, value}`
 *   over text; `null` on leave and Escape.
 * @fires nn-select - {@link NnSelectEvent}: a click, Enter or Space pinned an item; the same details as `nn-hover`.
 * @fires nn-link - `{pixel: {x, y}}` or `{token}` when the user's pointer or keys move (`null` on leave); shown from
 *   outside with `el.applyLink(...)`.
 */
export class SaliencyOverlay extends NnElement implements SaliencyHost {
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

  protected static override overlayProperties = ['hovered', 'cursor', 'pinned', 'keyboardFocus'];

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

  /** Fraction (0 to 1) of the clip value under which the map is not drawn; the slider (or `[` and `]`) sets it. */
  @property({ type: Number }) threshold = 0;

  /**
   * The picture under an overlay: `colour` as it is, `grey` desaturated and
   * dimmed so that the map's colours are the only colours, or `auto`
   * (default): grey for a colour picture in overlay mode (a colour map
   * over a colourful photo is mud), as it is for a grey one such as MNIST.
   */
  @property({ reflect: true }) backdrop: 'auto' | 'colour' | 'grey' = 'auto';

  /**
   * Class names, indexed by class: the legend says "Explaining class 7
   * (seven) · p = 0.98" instead of "class 7". A JSON array as an attribute,
   * e.g. `labels='["zero", "one"]'`.
   */
  @property({ converter: jsonAttribute }) labels?: string[] | string;

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
    const data = this.ready ? this.data : undefined;
    const map = data?.panels[0]?.map;
    if (!data || !map) return undefined;
    return { data: map, shape: data.picture ? [data.picture.height, data.picture.width] : [map.length] };
  }

  /** The compare view's maps and their pairwise Spearman correlations; undefined without `compare`. */
  get comparison(): SaliencyComparison | undefined {
    const panels = this.ready ? (this.data?.panels ?? []) : [];
    if (panels.length < 2) return undefined;
    const maps = panels.map((panel) => panel.map);
    const correlations = maps.map((a, i) => maps.map((b, j) => (i === j ? 1 : spearman(a, b))));
    return { labels: panels.map((panel) => panel.label), maps, correlations };
  }

  /** The views by what the data is: an image (its `mode`s and compare panels) or tokens. */
  static views: ViewTable<SaliencyHost, SaliencyTarget> = { image: imagePanelsView, tokens: tokensView };

  /** @internal What the pointer is over (views read it). */
  @state() hovered: { target: SaliencyTarget; at: Point } | undefined = undefined;
  /** @internal The keyboard or linked cursor. */
  @state() cursor: SaliencyTarget | undefined = undefined;
  /** @internal The pinned item. */
  @state() pinned: SaliencyTarget | undefined = undefined;
  /** @internal True while the element has keyboard focus: the card then shows where the first key lands. */
  @state() keyboardFocus = false;
  /** @internal What the pipeline derived; undefined until computed and after leaving the page. */
  data: SaliencyData | undefined = undefined;
  /** @internal The background the text view's chips were composited over. */
  renderedBackground: string | undefined = undefined;
  /** @internal Panel placements of the last draw (the image view's hit testing). */
  placements: PanelPlacement[] = [];

  private readonly pipeline = new SaliencyPipeline();
  /** The running (or last) compute, settled; a removal frees the stages only once it has stopped. */
  private settled: Promise<void> = Promise.resolve();
  /** True while a compute is running (between its start and its settling). */
  private computing = false;
  private readonly display = new DisplayStages();

  private readonly pointer = new PointerController(this, {
    hover: (point) => this.hoverAt(point),
    release: (_from, to, dragged) => {
      const target = dragged ? undefined : this.view.hitTest?.(this, to);
      if (target) this.select(target);
    },
  });

  constructor() {
    super();
    new CursorController(this, { command: (command) => (this.ready ? (this.view.command?.(this, command as never) ?? false) : false) });
    // Keyboard focus (not a click) shows the value card at once, before any key.
    this.addEventListener('focus', () => (this.keyboardFocus = this.matches(':focus-visible')));
    this.addEventListener('blur', () => (this.keyboardFocus = false));
    this.addEventListener('keydown', (event) => this.sliderKey(event));
  }

  /**
   * `[` and `]` move the slider by 5 (Shift: 1) from the element itself: the
   * element is one tab stop, and its slider is reached by these keys, not by
   * Tab. The new value is announced.
   */
  private sliderKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.composedPath()[0] instanceof HTMLInputElement) return;
    const step = event.key === '[' || event.key === '{' ? -1 : event.key === ']' || event.key === '}' ? 1 : 0;
    if (!step || !this.ready || !this.data) return;
    event.preventDefault();
    const mask = !this.data.text && this.mode === 'mask';
    const by = event.shiftKey ? 1 : 5;
    const current = mask ? this.topPercent : Math.round(this.threshold * 100);
    const value = Math.max(0, Math.min(100, current + step * by));
    this.setSlider(value, mask);
    this.announce(mask ? `Keep top ${value}% of pixels` : `Hide below ${value}% of the clip value`);
  }

  /** The view for the data: tokens or image panels (before data, by whether `tokens` is set). */
  private get view() {
    const text = this.data ? this.data.text : this.tokens !== undefined;
    return viewOf(SaliencyOverlay.views, text ? 'tokens' : 'image');
  }

  /** @internal */
  get viewSize(): Size {
    return this.size;
  }

  /** @internal */
  get picture(): Picture | undefined {
    return this.pipeline.currentPicture;
  }

  /** @internal */
  pointerSurface(): DirectiveResult {
    return this.pointer.attach();
  }

  /** @internal */
  clip(panel: number): number {
    return this.display.clip(panel, this.data?.panels[panel]?.map ?? new Float32Array(), this.clipPercentile);
  }

  /** @internal */
  mask(panel: number): Uint8Array {
    return this.display.mask(panel, this.data?.panels[panel]?.map ?? new Float32Array(), this.topPercent);
  }

  /** @internal */
  backdropOf(picture: Picture): Backdrop {
    return this.display.backdrop(picture);
  }

  /** @internal */
  scale(panel: number): ColourScale {
    return this.display.scale(panel, this.clip(panel), this.signed, this.colormap);
  }

  override themeColor(name: 'text' | 'muted' | 'background' | 'grid' | 'accent' | 'missing'): string {
    return super.themeColor(name);
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    // One compute at a time: a superseded one stops at its next abort check and frees what it made.
    await this.settled;
    signal.throwIfAborted();
    this.computing = true;
    const run = this.pipeline.run(this, signal, {
      load: (input, options) => this.loadInput(input, options),
      picture: async (_picture, computing) => {
        // Rendered now (updated() paints it), so the stage takes the picture's height in this task's
        // layout: left to the next render, that would be the one the ResizeObserver's callback asks for,
        // and the element's height would change inside that callback (a ResizeObserver loop).
        this.requestUpdate();
        if (computing) await new Promise((resolve) => requestAnimationFrame(resolve));
      },
      progress: (done, total) => this.reportProgress(done, total),
    });
    this.settled = run.then(
      () => void (this.computing = false),
      () => void (this.computing = false),
    );
    const data = await run;
    if (signal.aborted) return;
    this.data = data;
    // A cursor or pin the new data does not hold is dropped.
    if (this.cursor && valueAt(data, this.cursor) === undefined) this.cursor = undefined;
    if (this.pinned && valueAt(data, this.pinned) === undefined) this.pinned = undefined;
    if (this.hovered && valueAt(data, this.hovered.target) === undefined) this.hovered = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved (removed and added again): releaseData freed the data, so the element must compute again.
    // Nothing else asks for an update when an eager element comes back (its state is unchanged).
    if (this.hasUpdated) this.requestUpdate();
  }

  protected override releaseData(): void {
    this.data = undefined;
    this.placements = [];
    this.hovered = undefined;
    this.display.clear();
    // The base aborted the compute; a running one may be inside a model call that uses the stages'
    // tensors and models, so they are freed when it has stopped (it frees what it was making itself).
    if (this.computing) this.settled = this.settled.then(() => this.pipeline.clear());
    else this.pipeline.clear();
  }

  protected override drawData(): void | Promise<void> {
    // The text view's chips are composited over the page background when rendered; a theme change
    // (attribute, page, custom property) reaches the draw, which renders them again over the new one.
    if (this.data?.text && this.renderedBackground !== undefined && this.renderedBackground !== this.themeColor('background')) this.requestUpdate();
    return this.view.draw?.(this);
  }

  protected override renderView(): TemplateResult | typeof nothing {
    return this.view.template(this);
  }

  protected override describe(): string {
    const data = this.ready ? this.data : undefined;
    if (!data?.panels.length) return 'Saliency overlay, loading';
    const what = data.panels.map((panel) => panel.label).join(' vs ');
    const target =
      this.target === undefined ? '' : ` for class ${this.target}${data.prediction ? ` (${probabilityText(data.prediction.probability)})` : ''}`;
    if (!data.picture) return `Saliency overlay: ${what}${target} over ${data.tokens.length} tokens`;
    return `Saliency overlay: ${what}${target} over a ${data.picture.width} x ${data.picture.height} image, ${String(this.mode)} mode`;
  }

  /** @internal True while the update renders only a cursor, hover or pin change. */
  overlayOnly = false;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const overlay = (this.constructor as typeof SaliencyOverlay).overlayProperties;
    this.overlayOnly = changed.size > 0 && [...changed.keys()].every((key) => overlay.includes(String(key)));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.data?.text) {
      const token = (target: SaliencyTarget | undefined) => (target?.kind === 'token' ? target.token : undefined);
      markTokens(this.renderRoot, token(this.cursor), token(this.pinned));
    }
    // A new image shows at once, before the attribution: the loading canvas appears with the first render.
    const canvas = this.ready ? null : this.renderRoot.querySelector<HTMLCanvasElement>('canvas.loading');
    if (canvas && this.picture) paintPicture(canvas, this.picture);
  }

  // ------------------------------------------------------------ interaction

  private hoverAt(point: Point | undefined): void {
    const target = point && this.ready ? this.view.hitTest?.(this, point) : undefined;
    if (!target || valueAt(this.data, target) === undefined) {
      if (!this.hovered) return;
      this.hovered = undefined;
      this.dispatchEvent(new NnHoverEvent(null));
      this.linker.publish(this.data?.text ? { token: null } : { pixel: null });
      return;
    }
    const moved = !sameTarget(this.hovered?.target, target);
    this.hovered = { target, at: point! };
    if (moved) this.tell(target);
  }

  /** @internal Moves the keyboard cursor: the card shows, the value is announced and sent as `nn-hover` and `nn-link`. */
  moveCursor(target: SaliencyTarget | undefined): void {
    if (!target) {
      this.cursor = undefined;
      this.pinned = undefined;
      this.hovered = undefined;
      // Escape clears the card too, the focus preview included, until the next key.
      this.keyboardFocus = false;
      this.dispatchEvent(new NnHoverEvent(null));
      this.linker.publish(this.data?.text ? { token: null } : { pixel: null });
      return;
    }
    this.cursor = target;
    this.announce(this.view.describe?.(this, target as never) ?? '');
    this.tell(target);
  }

  /** @internal Pins `target` and fires `nn-select`. */
  select(target: SaliencyTarget): void {
    const detail = detailOf(this.data, target);
    if (!detail) return;
    this.pinned = target;
    this.dispatchEvent(new NnSelectEvent(detail));
  }

  /** @internal */
  setSlider(value: number, mask: boolean): void {
    if (mask) this.topPercent = value;
    else this.threshold = value / 100;
  }

  /** Shows a linked state: `token` focuses a token (text), `pixel` the pixel of the first panel (image); `null` clears. */
  override showLinked(state: LinkState): void {
    if (state.token !== undefined && this.tokens !== undefined)
      this.cursor = state.token === null ? undefined : { kind: 'token', token: state.token };
    if (state.pixel !== undefined && this.tokens === undefined)
      this.cursor = state.pixel === null ? undefined : { kind: 'pixel', panel: 0, x: state.pixel.x, y: state.pixel.y };
  }

  /** Fires `nn-hover` and publishes the link state for a gesture on `target`. */
  private tell(target: SaliencyTarget): void {
    const detail = detailOf(this.data, target);
    if (!detail) return;
    this.dispatchEvent(new NnHoverEvent(detail));
    this.linker.publish(target.kind === 'token' ? { token: target.token } : { pixel: { x: target.x, y: target.y } });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-saliency-overlay': SaliencyOverlay;
  }
}

declare module '../../events/events.js' {
  interface NnHoverDetails {
    'saliency-pixel': SaliencyPixelDetail;
    'saliency-token': SaliencyTokenDetail;
  }
  interface NnSelectDetails {
    'saliency-pixel': SaliencyPixelDetail;
    'saliency-token': SaliencyTokenDetail;
  }
}

export type { PixelTarget, TokenTarget, SaliencyMode, SaliencyMethod, SaliencyPixelDetail, SaliencyTokenDetail };
