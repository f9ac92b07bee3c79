import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { HeadSelection } from '../../compute/attention/reduce-heads.js';
import { hideUpperTriangle, isCausal, maskTokens, normalizeMatrix, rowSumRange } from '../../compute/attention/matrix.js';
import type { PoolReduction } from '../../compute/pool.js';
import { NnHoverEvent, NnSelectEvent, type LinkState } from '../../events/events.js';
import { legendTemplate } from '../../render/legend.js';
import { colourScale, type ColourScale } from '../../scales/colour-scale.js';
import { finiteExtent, parseDomain, type ScaleType } from '../../scales/value-scale.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { NnElement } from '../base/nn-element.js';
import { Memo, Stage } from '../base/stage.js';
import { given, indexList, integerIn, oneOf } from '../base/validate.js';
import { viewOf, type ViewTable } from '../base/view.js';
import { CursorController } from '../interaction/keys.js';
import { PointerController, type Point } from '../interaction/pointer.js';
import {
  checkSelection,
  disposeSource,
  loadAttention,
  selectMatrix,
  type AttentionInput,
  type AttentionSource,
  type Thumbnails,
} from './attention-source.js';
import type { DrawnBlocks } from './draw-matrix.js';
import { parsePatchGrid, type PatchImage } from './draw-patches.js';
import { fullWindow, type MatrixWindow } from './matrix-layout.js';
import { attentionHeatmapStyles } from './styles.js';
import { axisLabels } from './tokens.js';
import type {
  AttentionCellDetail,
  AttentionData,
  AttentionHeadDetail,
  AttentionHost,
  AttentionOptions,
  AttentionTarget,
  AttentionTokenDetail,
  AttentionUi,
  AttentionViewModule,
  ModelColours,
} from './views/host.js';
import { linesView } from './views/lines.js';
import { describeCell, formatValue } from './views/matrix.js';
import { matrixView } from './views/matrix.js';
import { modelView } from './views/model.js';
import { patchesView } from './views/patches.js';
import { textView } from './views/text.js';

export type { AttentionCellDetail, AttentionHeadDetail, AttentionTokenDetail } from './views/host.js';

/** The views of `<nn-attention-heatmap>` (more can be registered with `registerView`). */
export type AttentionView = 'matrix' | 'model' | 'lines' | 'text' | 'patches';

/** `head="mean"`, `head="max"` or `head="3"`; anything else is kept and reported by compute. */
const headConverter = {
  fromAttribute(value: string | null): HeadSelection {
    if (value === null) return 0;
    if (value === 'mean' || value === 'max') return value;
    return /^\s*\d+\s*$/.test(value) ? Number(value) : (value as unknown as number);
  },
  toAttribute(value: HeadSelection): string {
    return String(value);
  },
};

/** The legend row before it has been laid out: the bar and its ticks, and one line of notes. */
const LEGEND_ESTIMATE = 52;
const SCALES = ['auto', 'linear', 'sqrt', 'log'] as const;

/**
 * Attention of any transformer, from one head to a whole model, at real
 * sizes: a query x key heatmap with zoom (`matrix`), every layer and head as
 * thumbnails (`model`), bertviz's head view (`lines`), tokens shaded in
 * running text (`text`) and ViT attention over the picture (`patches`).
 * Head means and maxima and attention rollout are computed with
 * TensorFlow.js on the active backend. Each view is a module in `views/`.
 *
 * Sized for an article: with no height set the element is as tall as what
 * it draws (square matrix cells as wide as the column allows, the text as
 * tall as its lines); a set height is fitted, with the legend right under
 * the plot. Labels are set in the page's type; the colour bar spans the plot.
 *
 * @tagname nn-attention-heatmap
 * @summary Attention heatmaps for one head to a whole model.
 *
 * @example
 * ```html
 * <nn-attention-heatmap src="attention.npy" tokens='["The","cat","sat"]' head="mean"></nn-attention-heatmap>
 * ```
 *
 * @csspart canvas - The heatmap canvas (matrix, model and patches views).
 * @csspart tooltip - The value under the pointer or the keyboard cursor.
 * @csspart toolbar - Zoom reset and the view's status line.
 * @csspart legend - The colour bar (spanning the plot); its notes are the text under it.
 * @csspart token - A token in the text and lines views.
 * @fires nn-hover - `{kind: 'attention-cell', layer, head, rollout, query, key, value, queryToken, keyToken}` for a cell or patch, `{kind: 'attention-head', layer, head}` in the model view, `{kind: 'attention-token', layer, head, side, index, token}` for a token in the lines and text views; `null` on leave.
 * @fires nn-select - A pinned cell (`kind: 'attention-cell'`, as nn-hover), or `{kind: 'attention-head', layer, head}` from the model view.
 */
export class AttentionHeatmap extends NnElement {
  static override styles = [...NnElement.styles, attentionHeatmapStyles];

  /** The views by name: `view="name"` shows one. `registerView(AttentionHeatmap, name, module)` adds one. */
  static views: ViewTable<AttentionHost, AttentionTarget> = {
    matrix: matrixView,
    model: modelView,
    lines: linesView,
    text: textView,
    patches: patchesView,
  };

  protected static override dataProperties = [
    ...NnElement.dataProperties,
    ...[
      'attention',
      'tokens',
      'queryTokens',
      'keyTokens',
      'layer',
      'head',
      'rollout',
      'mask',
      'view',
      'downsample',
      'patchGrid',
      'patchOffset',
      'image',
    ],
    ...['scale', 'domain', 'normalization', 'textDirection', 'colormap'],
  ];

  protected static override overlayProperties = ['ui', 'focusQuery', 'focusKey', 'blocks'];

  /**
   * Attention weights: `[q, k]`, `[heads, q, k]` or `[layers, heads, q, k]`
   * as a tensor, nested arrays, `{data, shape}`, bytes or a File; or Hugging
   * Face's `outputs.attentions` (a list of `[1, heads, q, k]` tensors).
   * Tensors you pass stay yours.
   */
  @property({ attribute: false }) attention?: AttentionInput;

  /** Token strings of both axes (self-attention). Attribute: a JSON array. Shown as text, never as HTML. */
  @property({ converter: jsonAttribute }) tokens?: string[] | string;

  /** Query-axis tokens when they differ from the key axis (cross-attention). */
  @property({ attribute: 'query-tokens', converter: jsonAttribute }) queryTokens?: string[] | string;

  /** Key-axis tokens when they differ from the query axis (cross-attention). */
  @property({ attribute: 'key-tokens', converter: jsonAttribute }) keyTokens?: string[] | string;

  /** `matrix` (default), `model`, `lines`, `text` or `patches`. */
  @property({ reflect: true }) view: AttentionView = 'matrix';

  /** Layer index (from 0). */
  @property({ type: Number }) layer = 0;

  /** Head index, or `mean` / `max` over the layer's heads. */
  @property({ converter: headConverter }) head: HeadSelection = 0;

  /** Show attention rollout (Abnar & Zuidema, 2020) through `layer` instead of one layer's attention. */
  @property({ type: Boolean }) rollout = false;

  /** Token indices to hide (padding, special tokens): their rows and columns show "no value". */
  @property({ converter: jsonAttribute }) mask?: number[] | string;

  /**
   * How values map to colour: `linear`, `sqrt` or `log`; `auto` (default)
   * is linear, except in the model view, which scales each head to its own
   * maximum and takes the square root when the weights are skewed (said in
   * the legend).
   */
  @property() scale: ScaleType | 'auto' = 'auto';

  /** `auto` (the data's finite range) or a fixed `[min, max]`. */
  @property() domain = 'auto';

  /**
   * Attribute `normalize`: `none`, `row` or `column` rescales each row or
   * column to its own maximum for contrast. (The property has another name
   * because `normalize()` is a DOM method every element has.)
   */
  @property({ attribute: 'normalize' }) normalization: 'none' | 'row' | 'column' = 'none';

  /** How cells are combined when there are more than pixels: `max` (keeps peaks) or `mean`. */
  @property() downsample: PoolReduction = 'max';

  /** The query token in focus (row highlight; the text view's token). Settable to link views. */
  @property({ type: Number, attribute: 'focus-query' }) focusQuery?: number;

  /** The key token in focus (column highlight). */
  @property({ type: Number, attribute: 'focus-key' }) focusKey?: number;

  /**
   * ViT: the image patches as `[rows, cols]` (attribute `patch-grid="[14, 14]"`).
   * With `image`, the `patches` view shows the focused query token's
   * attention over the image, one block per patch.
   */
  @property({ attribute: 'patch-grid' }) patchGrid?: string | [number, number];

  /**
   * Index of the first patch token. Default: the tokens before the patches
   * are the extra ones (`[CLS]` at 0, as in ViT and DeiT), i.e.
   * `keys - rows * cols`. Extra tokens are listed beside the image.
   */
  @property({ type: Number, attribute: 'patch-offset' }) patchOffset?: number;

  /** The picture under the patches: a URL, an <img>, a canvas, an ImageBitmap or ImageData. */
  @property() image?: string | PatchImage;

  /** Text view: shade by the attention each token `received` from the focused token, or `given` to it. */
  @property({ attribute: 'text-direction' }) textDirection: 'received' | 'given' = 'received';

  /**
   * The matrix the matrix view shows now: `{data, shape: [q, k]}` after
   * selection, rollout and mask (hidden cells are NaN), before display
   * normalisation. Undefined until computed.
   */
  get result(): { data: Float32Array; shape: [number, number] } | undefined {
    const data = this.data;
    return data && this.ready ? { data: data.shown, shape: [data.source.shape[2], data.source.shape[3]] } : undefined;
  }

  @state() private ui: AttentionUi = {};
  @state() private window?: MatrixWindow;
  @state() private blocks: DrawnBlocks = { blockRows: 1, blockCols: 1 };
  private data?: AttentionData;
  private options?: AttentionOptions;

  /** Derived data, each stage keyed by what it is computed from. */
  private readonly stages = {
    source: new Stage<[unknown], AttentionSource>({ dispose: disposeSource }),
    matrix: new Stage<[AttentionSource, number, HeadSelection, boolean], Float32Array>(),
    thumbnails: new Stage<[AttentionSource, PoolReduction], Thumbnails>(),
    layerHeads: new Stage<[AttentionSource, number], Float32Array>(),
    patchImage: new Stage<[unknown], PatchImage>(),
  };
  private readonly displayMemo = new Memo<readonly unknown[], { values: Float32Array; scale: ColourScale }>();
  private readonly memos = { modelScale: new Memo<readonly unknown[], ModelColours>() };

  private readonly pointer = new PointerController(this, {
    hover: (point) => this.gestures()?.hover?.(this.host, point),
    press: (point) => this.gestures()?.press?.(this.host, point) ?? true,
    drag: (from, to) => this.gestures()?.drag?.(this.host, from, to),
    release: (from, to, dragged) => this.gestures()?.release?.(this.host, from, to, dragged),
    cancel: () => this.gestures()?.cancel?.(this.host),
    wheel: (point, delta) => this.gestures()?.wheel?.(this.host, point, delta) ?? false,
  });

  /** Keys, through the one key map (see the README's keyboard table). */
  protected readonly cursor = new CursorController(this, {
    command: (command) => this.current()?.command?.(this.host, command) ?? false,
  });

  /** What the views see of this element. */
  private readonly host: AttentionHost = this.makeHost();

  /** The view shown; undefined for an unknown name, which compute reports (`viewOf`) instead of throwing here. */
  private current(): AttentionViewModule | undefined {
    const views = AttentionHeatmap.views;
    return this.ready && this.data && Object.hasOwn(views, this.view) ? views[this.view] : undefined;
  }

  private gestures() {
    return this.current()?.gestures;
  }

  /** Checks every display attribute once per compute, with the shared message shape. */
  private readOptions(): AttentionOptions {
    const head = this.head;
    if (head !== 'mean' && head !== 'max' && typeof head !== 'number') {
      throw new Error(`head must be a head index or "mean" / "max"; got ${given(head)}.`);
    }
    // A removed attribute arrives as null: it means the default.
    const domain = this.domain ?? 'auto';
    if (typeof domain !== 'string') throw new Error(`domain must be "auto" or "[min, max]"; got ${given(domain)}.`);
    return {
      layer: this.layer,
      head,
      rollout: this.rollout,
      mask: indexList('mask', this.mask, 'token indices') ?? [],
      ...scaleOption(oneOf('scale', this.scale ?? 'auto', SCALES)),
      domain: parseDomain(domain),
      normalization: oneOf('normalize', this.normalization ?? 'none', ['none', 'row', 'column'] as const),
      downsample: oneOf('downsample', this.downsample ?? 'max', ['max', 'mean'] as const),
      textDirection: oneOf('text-direction', this.textDirection ?? 'received', ['received', 'given'] as const),
      colormap: this.colormap,
    };
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const input = this.attention ?? this.src;
    if (input === undefined) throw new Error('No attention to show yet: set the attention property or the src attribute.');
    if (this.view === null) this.view = 'matrix';
    const view = viewOf(AttentionHeatmap.views, this.view);
    const options = this.readOptions();
    const source = await this.stages.source.run([input], (s) => loadAttention(input, s), signal);
    if (source !== this.data?.source) {
      this.window = undefined;
      this.ui = { ...this.ui, pinned: undefined };
    }
    const [, , q, k] = source.shape;
    if (q === 0 || k === 0) {
      throw new Error(
        `The attention has no ${q === 0 ? 'query' : 'key'} tokens (shape [${source.shape.slice(4 - source.rank).join(', ')}]): there is nothing to show.`,
      );
    }
    this.checkFocus(q, k);
    const labels = axisLabels(q, k, this.tokens, this.queryTokens, this.keyTokens, source.shape.slice(4 - source.rank));
    const { layer, head, rollout, mask } = options;
    checkSelection(source.shape, { layer, head, rollout });
    const matrix = await this.stages.matrix.run([source, layer, head, rollout], () => selectMatrix(source, { layer, head, rollout }), signal);
    const causal = isCausal(matrix, q, k);
    let shown = causal ? hideUpperTriangle(matrix, q) : matrix;
    if (mask.length) shown = maskTokens(shown, q, k, mask, mask);
    this.options = options;
    this.data = { source, labels, shown, causal, rowSums: rowSumRange(shown, q, k), hasMissing: hasNaN(shown), patches: this.patchesOf(k) };
    if (!this.window || this.window.r1 > q || this.window.c1 > k) this.window = fullWindow(q, k);
    await view.prepare?.(this.host, signal);
  }

  /** The ViT patch grid from `patch-grid` and `patch-offset`, checked against the key axis. */
  private patchesOf(k: number): AttentionData['patches'] {
    const grid = parsePatchGrid(this.patchGrid);
    if (!grid) return undefined;
    const [rows, cols] = grid;
    const offset = this.patchOffset ?? k - rows * cols;
    if (offset < 0 || offset + rows * cols > k || !Number.isInteger(offset)) {
      throw new Error(
        `patch-grid [${rows}, ${cols}] has ${rows * cols} patches${this.patchOffset === undefined ? '' : ` from token ${offset}`}, but the attention has ${k} key tokens.`,
      );
    }
    return { rows, cols, offset };
  }

  protected override releaseData(): void {
    for (const stage of Object.values(this.stages)) stage.clear();
    this.data = undefined;
  }

  protected override async drawData(): Promise<void> {
    const view = this.current();
    await view?.draw?.(this.host);
    view?.drawOverlay?.(this.host);
  }

  /** `focus-query` / `focus-key` must name a token; anything else is an error shown in the element. */
  private checkFocus(q: number, k: number): void {
    for (const [attribute, value, size] of [
      ['focus-query', this.focusQuery, q],
      ['focus-key', this.focusKey, k],
    ] as const) {
      if (value !== undefined && value !== null) integerIn(attribute, value, 0, size - 1);
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Focus is an overlay property (it changes on every linked hover), so it is checked here, not by a recompute.
    if ((changed.has('focusQuery') || changed.has('focusKey')) && this.data) {
      const [, , q, k] = this.data.source.shape;
      try {
        this.checkFocus(q, k);
        if (this.error?.startsWith('focus-')) this.requestDraw();
      } catch (error) {
        this.showError(error, 'draw');
      }
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const view = this.current();
    if (!view) return;
    const overlay = (this.constructor as typeof AttentionHeatmap).overlayProperties;
    if ([...changed.keys()].some((key) => overlay.includes(String(key)))) view.drawOverlay?.(this.host);
    // The patches view colours the image by the focused query's row: a new focus is a new picture.
    if (view === patchesView && changed.has('focusQuery')) this.requestDraw();
  }

  /** Shows the whole matrix again. */
  resetZoom(): void {
    if (this.data) this.window = fullWindow(this.data.source.shape[2], this.data.source.shape[3]);
  }

  /**
   * Where a cell (or, in the model view, a head; in the patches view, a
   * patch's key token) is drawn: its centre in CSS pixels from the element's
   * top-left corner, or undefined when it is not in view. For annotations,
   * guided tours and tests.
   *
   * @example
   * ```ts
   * const at = el.locate({ kind: 'cell', query: 3, key: 2 });
   * ```
   */
  locate(
    target: { kind: 'cell'; query: number; key: number } | { kind: 'head'; layer: number; head: number } | { kind: 'patch'; key: number },
  ): Point | undefined {
    const point = this.current()?.locate?.(this.host, target);
    const surface = this.renderRoot.querySelector('canvas.overlay');
    if (!point || !surface) return undefined;
    const box = surface.getBoundingClientRect();
    const own = this.getBoundingClientRect();
    return { x: box.left - own.left + point.x, y: box.top - own.top + point.y };
  }

  override showLinked(state: LinkState): void {
    if (state.token !== undefined) this.focusQuery = state.token ?? undefined;
    if (state.layer !== undefined) this.layer = state.layer;
    if (state.head !== undefined) this.head = state.head;
  }

  protected override describe(): string {
    const source = this.data?.source;
    if (!source) return 'Attention heatmap, no data yet';
    const [layers, heads, q, k] = source.shape;
    const what = this.rollout ? `attention rollout through layer ${this.layer}` : `layer ${this.layer}, head ${this.head}`;
    return `Attention heatmap (${this.view} view) of ${layers} layer${layers === 1 ? '' : 's'} x ${heads} head${heads === 1 ? '' : 's'}, ${q} query x ${k} key tokens; showing ${what}. Arrow keys move between cells.`;
  }

  protected override renderView(): TemplateResult {
    const view = this.current();
    return html`<div class="height-probe" aria-hidden="true"></div>${
      view ? (view.template(this.host) as TemplateResult) : html`<canvas class="cells" part="canvas"></canvas>`
    }`;
  }

  protected override vectorView(): SVGSVGElement | undefined {
    return this.renderRoot.querySelector<SVGSVGElement>('svg.lines') ?? undefined;
  }

  private makeHost(): AttentionHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const el = this;
    const colour = (values: ArrayLike<number>) =>
      colourScale({ extent: finiteExtent(values), fixed: el.options!.domain, colormap: el.options!.colormap, type: el.options!.scale });
    return {
      get data() {
        return el.data!;
      },
      get options() {
        return el.options!;
      },
      get ui() {
        return el.ui;
      },
      get window() {
        return el.window!;
      },
      get blocks() {
        return el.blocks;
      },
      get selection() {
        return { layer: el.layer, head: el.head };
      },
      get focusQuery() {
        return el.focusQuery;
      },
      get focusKey() {
        return el.focusKey;
      },
      get image() {
        return el.image;
      },
      get size() {
        return el.size;
      },
      get fixedHeight() {
        return el.fixedHeight();
      },
      get type() {
        return el.typography();
      },
      get font() {
        return el.typography().family;
      },
      pointer: el.pointer,
      stages: el.stages,
      memos: el.memos,
      color: (name) => el.themeColor(name),
      display() {
        const { shown, source } = el.data!;
        const { normalization, domain, colormap, scale } = el.options!;
        return el.displayMemo.get([shown, normalization, domain, colormap, scale], () => {
          const values = normalization === 'none' ? shown : normalizeMatrix(shown, source.shape[2], source.shape[3], normalization);
          return { values, scale: colour(values) };
        });
      },
      scaleOf: colour,
      canvas: (name) => el.renderRoot.querySelector<HTMLCanvasElement>(`canvas.${name}`),
      canvasSize: (extraRows = 0, natural) => {
        const width = Math.max(80, el.size.width);
        const fixed = el.fixedHeight();
        if (fixed === undefined) return { width, height: Math.max(60, natural ? natural(width) : width) };
        return { width, height: Math.max(60, fixed - el.legendHeight() - extraRows) };
      },
      legendHeight: () => el.legendHeight(),
      setUi: (patch) => (el.ui = { ...el.ui, ...patch }),
      set: (patch) => Object.assign(el, patch),
      setWindow: (window) => (el.window = window),
      setBlocks: (blocks) => {
        if (blocks.blockRows !== el.blocks.blockRows || blocks.blockCols !== el.blocks.blockCols) el.blocks = blocks;
      },
      cellDetail: (query, key) => ({
        kind: 'attention-cell',
        layer: el.layer,
        head: el.head,
        rollout: el.rollout,
        query,
        key,
        value: el.data!.shown[query * el.data!.source.shape[3] + key],
        queryToken: el.data!.labels.query[query],
        keyToken: el.data!.labels.key[key],
      }),
      hovered: (detail) => {
        el.dispatchEvent(new NnHoverEvent(detail));
        if (detail === null) el.linker.publish({ token: null });
        else if (detail.kind === 'attention-head') el.linker.publish({ layer: detail.layer, head: detail.head });
        else el.linker.publish({ token: detail.kind === 'attention-cell' ? detail.query : detail.index });
      },
      selected: (detail) => el.dispatchEvent(new NnSelectEvent(detail)),
      pin: (query, key) => {
        el.ui = { ...el.ui, pinned: { query, key } };
        el.dispatchEvent(new NnSelectEvent(el.host.cellDetail(query, key)));
        el.announce(describeCell(el.host, query, key, 'Pinned'));
      },
      selectHead: (layer, head) => {
        el.layer = layer;
        el.head = head;
        el.rollout = false;
        el.dispatchEvent(new NnSelectEvent<AttentionHeadDetail>({ kind: 'attention-head', layer, head }));
        el.linker.publish({ layer, head });
        el.announce(`Selected layer ${layer}, head ${head}.`);
      },
      resetZoom: () => el.resetZoom(),
      announce: (text) => el.announce(text),
      legend: (scale, notes, align) => el.legendOf(scale, notes, align),
    };
  }

  /**
   * The content height the page set, or undefined when the element's height
   * comes from its content. A float with `height: 100%` in the view resolves
   * to a height only when the view's own height is definite (CSS 2.2 §10.5),
   * so its box says which case this is without a second layout pass.
   */
  private fixedHeight(): number | undefined {
    const probe = this.renderRoot?.querySelector<HTMLElement>('.height-probe');
    const height = probe?.getBoundingClientRect().height ?? 0;
    return height > 0 ? this.size.height : undefined;
  }

  /** The legend row's height as laid out last (an estimate before that). */
  private legendHeight(): number {
    const row = this.renderRoot?.querySelector<HTMLElement>('.legend-row');
    return row ? row.getBoundingClientRect().height : LEGEND_ESTIMATE;
  }

  /**
   * The legend: the view's notes and those every view shares (causal, mask,
   * row sums). With `align` the colour bar spans the plot exactly (from its
   * left edge to its right edge), and the notes and the "no value" swatch
   * are HTML text under it that wraps at narrow widths.
   */
  private legendOf(scale: ColourScale, viewNotes: string[], align?: { x: number; width: number }): TemplateResult {
    const { causal, rowSums, hasMissing } = this.data!;
    const mask = this.options!.mask;
    const notes = [...viewNotes];
    if (causal) notes.push('causal: upper half has no value');
    if (mask.length) notes.push(`${mask.length} masked token${mask.length === 1 ? '' : 's'}`);
    if (rowSums && (Math.abs(rowSums[0] - 1) > 1e-3 || Math.abs(rowSums[1] - 1) > 1e-3)) {
      notes.push(`rows sum to ${formatValue(rowSums[0])}${rowSums[0] === rowSums[1] ? '' : `–${formatValue(rowSums[1])}`}, not 1`);
    }
    const missing = causal || mask.length || hasMissing ? this.themeColor('missing') : undefined;
    // A flush legend: its bar spans its whole width, so it takes the plot's left edge and width.
    const x = align ? Math.max(0, align.x) : 0;
    const width = align ? Math.max(40, align.width) : Math.max(160, Math.min(this.size.width, 520));
    return html`<div class="legend-row" style=${`padding-left:${x}px`}>
      ${legendTemplate({ colormap: scale.colormap, domain: scale.domain, scale: scale.type, width, fontSize: this.typography().label, flush: true })}
      <div class="legend-notes">
        ${missing ? html`<span class="no-value"><span class="swatch" style=${`background:${missing}`}></span>no value</span>` : nothing}
        <span class="notes">${notes.join(' · ')}</span>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-attention-heatmap': AttentionHeatmap;
  }
}

/** `scale="auto"` is linear, and lets the model view choose (see `views/model.ts`). */
function scaleOption(scale: ScaleType | 'auto'): { scale: ScaleType; scaleAuto: boolean } {
  return scale === 'auto' ? { scale: 'linear', scaleAuto: true } : { scale, scaleAuto: false };
}

/** Whether any value is NaN ("no value"): a plain loop, not a callback per value. */
function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
}

declare module '../../events/events.js' {
  interface NnHoverDetails {
    'nn-attention-heatmap': AttentionCellDetail | AttentionHeadDetail | AttentionTokenDetail;
  }
  interface NnSelectDetails {
    'nn-attention-heatmap': AttentionCellDetail | AttentionHeadDetail;
  }
}
