import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { format } from 'd3-format';
import { NnElement } from '../base/nn-element.js';
import { NnHoverEvent, NnSelectEvent } from '../../events/events.js';
import type { HeadSelection } from '../../compute/attention/reduce-heads.js';
import { hideUpperTriangle, isCausal, maskTokens, normalizeMatrix, rowSumRange } from '../../compute/attention/matrix.js';
import type { PoolReduction } from '../../compute/pool.js';
import { fitCanvas } from '../../render/canvas.js';
import { legendTemplate } from '../../render/legend.js';
import { colormap as checkColormap, colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, rgba } from '../../scales/colormap.js';
import { colorDomain, parseDomain, unitScale, type ScaleType } from '../../scales/value-scale.js';
import {
  checkSelection,
  layerArray,
  loadAttention,
  selectMatrix,
  thumbnails,
  type AttentionInput,
  type AttentionSource,
  type Thumbnails,
} from './attention-source.js';
import { drawMatrix, labelGutters, type DrawnBlocks } from './draw-matrix.js';
import { drawModel, layoutModel, thumbAt, thumbRect, type ModelLayout } from './draw-model.js';
import {
  cellAt,
  fullWindow,
  isFull,
  labelAt,
  layoutMatrix,
  windowBetween,
  windowContaining,
  zoomWindow,
  type MatrixLayout,
  type MatrixWindow,
} from './matrix-layout.js';
import { axisLabels, type AxisLabels } from './tokens.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { attentionHeatmapStyles } from './styles.js';
import { linesTemplate, type LinesState } from './lines-view.js';
import { textTemplate } from './text-view.js';
import { drawPatches, layoutPatches, loadPatchImage, parsePatchGrid, patchAt, type PatchImage, type PatchLayout } from './draw-patches.js';

/** The views of `<nn-attention-heatmap>`. */
export type AttentionView = 'matrix' | 'model' | 'lines' | 'text' | 'patches';

/** Payload of `nn-hover` and `nn-select` on the attention heatmap. */
export interface AttentionCellDetail {
  layer: number;
  head: HeadSelection;
  rollout: boolean;
  query: number;
  key: number;
  /** The value shown (after selection, rollout and mask, before display normalisation); NaN for "no value". */
  value: number;
  queryToken: string;
  keyToken: string;
}

/** Payload of `nn-select` when a head is picked in the model view. */
export interface AttentionHeadDetail {
  layer: number;
  head: number;
}

/** Payload of `nn-hover` when a token is hovered in the lines view. */
export interface AttentionTokenDetail {
  layer: number;
  head: HeadSelection;
  side: 'query' | 'key';
  index: number;
  token: string;
}

/** `head="mean"`, `head="max"` or `head="3"`. */
const headConverter = {
  fromAttribute(value: string | null): HeadSelection {
    if (value === 'mean' || value === 'max') return value;
    return value === null ? 0 : Number(value);
  },
  toAttribute(value: HeadSelection): string {
    return String(value);
  },
};

const LEGEND_HEIGHT = 48;
/** The row listing a ViT's extra tokens ([CLS], registers) above the image. */
const EXTRAS_HEIGHT = 34;
const formatValue = format('.4~g');

/**
 * Attention of any transformer, from one head to a whole model, at real
 * sizes: a query x key heatmap with zoom (`matrix`), every layer and head as
 * thumbnails (`model`), bertviz's head view (`lines`), and tokens shaded in
 * running text (`text`). Head means and maxima and attention rollout are
 * computed with TensorFlow.js on the active backend.
 *
 * @tagname nn-attention-heatmap
 * @summary Attention heatmaps for one head to a whole model.
 *
 * @example
 * ```html
 * <nn-attention-heatmap src="attention.npy" tokens='["The","cat","sat"]' head="mean"></nn-attention-heatmap>
 * ```
 *
 * @csspart canvas - The heatmap canvas (matrix and model views).
 * @csspart tooltip - The value under the pointer.
 * @csspart toolbar - Zoom reset and the view's status line.
 * @csspart token - A token in the text and lines views.
 * @fires nn-hover - `detail: {layer, head, rollout, query, key, value, queryToken, keyToken}`, or `null` on leave.
 * @fires nn-select - A pinned cell (same detail as nn-hover), or `{layer, head}` from the model view.
 */
export class AttentionHeatmap extends NnElement {
  static override styles = [...NnElement.styles, attentionHeatmapStyles];

  protected static override dataProperties = [
    ...NnElement.dataProperties,
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
  ];

  protected static override overlayProperties = ['hover', 'pinned', 'modelHover', 'focusQuery', 'focusKey', 'brush', 'blocks', 'activeToken', 'hiddenHeads'];

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

  /** `matrix` (default), `model`, `lines` or `text`. */
  @property({ reflect: true }) view: AttentionView = 'matrix';

  /** Layer index (from 0). */
  @property({ type: Number }) layer = 0;

  /** Head index, or `mean` / `max` over the layer's heads. */
  @property({ converter: headConverter }) head: HeadSelection = 0;

  /** Show attention rollout (Abnar & Zuidema, 2020) through `layer` instead of one layer's attention. */
  @property({ type: Boolean }) rollout = false;

  /** Token indices to hide (padding, special tokens): their rows and columns show "no value". */
  @property({ converter: jsonAttribute }) mask?: number[] | string;

  /** How values map to colour: `linear`, `sqrt` or `log`. */
  @property() scale: ScaleType = 'linear';

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
    return this.shown && this.source ? { data: this.shown, shape: [this.source.shape[2], this.source.shape[3]] } : undefined;
  }

  @state() private hover?: { query?: number; key?: number };
  @state() private pinned?: { query: number; key: number };
  @state() private modelHover?: { layer: number; head: number };
  @state() private brush?: { from: { query: number; key: number }; to: { query: number; key: number } };
  @state() private window?: MatrixWindow;
  @state() private blocks: DrawnBlocks = { blockRows: 1, blockCols: 1 };
  /** Lines view: the token whose lines alone are shown. */
  @state() private activeToken?: { side: 'query' | 'key'; index: number };
  /** Lines view: heads switched off in its legend. */
  @state() private hiddenHeads: ReadonlySet<number> = new Set();

  private source?: AttentionSource;
  private loadedInput?: unknown;
  private matrixKey?: string;
  private matrix?: Float32Array;
  private shown?: Float32Array;
  private causal = false;
  private shownStats?: { rowSums?: [number, number]; hasMissing: boolean };
  private labels: AxisLabels = { query: [], key: [] };
  private thumbs?: Thumbnails;
  private thumbsKey?: string;
  private layerHeads?: { key: string; data: Float32Array };
  private matrixLayout?: MatrixLayout;
  private modelLayout?: ModelLayout;
  private dragStart?: { x: number; y: number; cell: { query: number; key: number } };
  private patchImage?: PatchImage;
  private loadedImage?: unknown;
  private patches?: { rows: number; cols: number; offset: number };
  private patchLayout?: PatchLayout;

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onKey(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The base freed the source tensor; load again if the element comes back.
    this.source = undefined;
    this.loadedInput = undefined;
    this.loadedImage = undefined;
    this.thumbs = undefined;
    this.forgetDerived();
  }

  /** Drops what was computed from the current source: the next run recomputes it. */
  private forgetDerived(): void {
    this.matrixKey = undefined;
    this.thumbsKey = undefined;
    this.layerHeads = undefined;
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const input = this.attention ?? this.src;
    if (input === undefined) throw new Error('No attention to show yet: set the attention property or the src attribute.');
    if (input !== this.loadedInput || !this.source) {
      const source = await loadAttention(input, signal);
      if (source.kind === 'tensor') this.tensors.set('attention', source.tensor);
      else this.tensors.set('attention', undefined);
      if (signal.aborted) return;
      this.source = source;
      this.loadedInput = input;
      this.forgetDerived();
      this.window = undefined;
      this.pinned = undefined;
    }
    const source = this.source;
    const [, , q, k] = source.shape;
    this.labels = axisLabels(q, k, this.tokens, this.queryTokens, this.keyTokens, source.shape.slice(4 - source.rank));
    if (typeof this.mask === 'string') {
      throw new Error(`mask must be a JSON array of token indices, like [0, 11]; got ${JSON.stringify(this.mask.slice(0, 60))}.`);
    }
    const selection = { layer: this.layer, head: this.head, rollout: this.rollout };
    checkSelection(source.shape, selection);
    const key = `${this.layer}|${this.head}|${this.rollout}`;
    if (key !== this.matrixKey || !this.matrix) {
      const matrix = await selectMatrix(source, selection);
      if (signal.aborted) return;
      this.matrix = matrix;
      this.matrixKey = key;
    }
    this.causal = isCausal(this.matrix, q, k);
    let shown = this.causal ? hideUpperTriangle(this.matrix, q) : this.matrix;
    if (this.mask?.length) shown = maskTokens(shown, q, k, this.mask, this.mask);
    this.shown = shown;
    this.displayCache = undefined;
    // Read by the legend on every render (every hover): computed once per matrix.
    this.shownStats = { rowSums: rowSumRange(shown, q, k), hasMissing: hasNaN(shown) };
    if (!this.window || this.window.r1 > q || this.window.c1 > k) this.window = fullWindow(q, k);
    if (this.view === 'model') {
      const thumbsKey = `${this.downsample}`;
      if (thumbsKey !== this.thumbsKey || !this.thumbs) {
        const thumbs = await thumbnails(source, 96, this.downsample);
        if (signal.aborted) return;
        this.thumbs = thumbs;
        this.thumbsKey = thumbsKey;
      }
    }
    this.patches = undefined;
    const grid = parsePatchGrid(this.patchGrid);
    if (grid) {
      const [rows, cols] = grid;
      const offset = this.patchOffset ?? k - rows * cols;
      if (offset < 0 || offset + rows * cols > k || !Number.isInteger(offset)) {
        throw new Error(
          `patch-grid [${rows}, ${cols}] has ${rows * cols} patches${this.patchOffset === undefined ? '' : ` from token ${offset}`}, but the attention has ${k} key tokens.`,
        );
      }
      this.patches = { rows, cols, offset };
    }
    if (this.view === 'patches') {
      if (!grid) throw new Error('The patches view needs patch-grid="[rows, cols]" (and an image).');
      if (this.image === undefined) throw new Error('The patches view needs an image (a URL, <img>, canvas, ImageBitmap or ImageData).');
      if (this.image !== this.loadedImage || !this.patchImage) {
        const picture = await loadPatchImage(this.image, signal);
        if (signal.aborted) return;
        this.patchImage = picture;
        this.loadedImage = this.image;
      }
    }
    if (this.view === 'lines' && !this.rollout) {
      const headsKey = `${this.layer}`;
      if (this.layerHeads?.key !== headsKey) {
        const data = await layerArray(source, this.layer);
        if (signal.aborted) return;
        this.layerHeads = { key: headsKey, data };
      }
    }
  }

  /** Display values (normalised) and their colour domain, recomputed when the shown matrix or options change. */
  private displayCache?: { key: string; values: Float32Array; domain: [number, number]; signed: boolean };

  private display(): { values: Float32Array; domain: [number, number]; signed: boolean } {
    const [, , q, k] = this.source!.shape;
    const key = `${this.normalization}|${this.domain}`;
    if (this.displayCache?.key === key) return this.displayCache;
    const values = this.normalization === 'none' ? this.shown! : normalizeMatrix(this.shown!, q, k, this.normalization);
    this.displayCache = { key, values, ...colorDomain(values, parseDomain(this.domain)) };
    return this.displayCache;
  }

  private colormapName(signed: boolean): string {
    const name = this.colormap ?? (signed ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL);
    checkColormap(name);
    return name;
  }

  protected override drawData(): void {
    if (this.view === 'matrix') this.drawMatrixView();
    else if (this.view === 'model') this.drawModelView();
    else if (this.view === 'patches') this.drawPatchesView();
    this.drawOverlay();
  }

  private canvasSize(): { width: number; height: number } {
    const extras = this.view === 'patches' ? EXTRAS_HEIGHT : 0;
    return { width: Math.max(80, this.size.width), height: Math.max(60, this.size.height - LEGEND_HEIGHT - extras) };
  }

  private drawMatrixView(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cells');
    if (!canvas || !this.shown || !this.source || !this.window) return;
    const [, , q, k] = this.source.shape;
    const { width, height } = this.canvasSize();
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const font = getComputedStyle(this).fontFamily || 'sans-serif';
    const layout = layoutMatrix(width, height, this.window, labelGutters(ctx, this.labels, font));
    this.matrixLayout = layout;
    const { values, domain, signed } = this.display();
    const blocks = drawMatrix(ctx, {
      values,
      q,
      k,
      layout,
      labels: this.labels,
      unit: unitScale(this.scale, domain),
      lut: colormapLut(this.colormapName(signed)),
      missing: rgba(this.themeColor('missing')),
      reduction: this.downsample,
      pixelRatio: globalThis.devicePixelRatio || 1,
      textColor: this.themeColor('text'),
      font,
    });
    if (blocks.blockRows !== this.blocks.blockRows || blocks.blockCols !== this.blocks.blockCols) this.blocks = blocks;
  }

  private drawModelView(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cells');
    if (!canvas || !this.thumbs || !this.source) return;
    const [layers, heads, q] = this.source.shape;
    const { width, height } = this.canvasSize();
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const layout = layoutModel(width, height, layers, heads);
    this.modelLayout = layout;
    const thumbs = this.causal ? this.hideUpperBlocks(this.thumbs, q) : this.thumbs;
    const { domain, signed } = this.modelDomain();
    drawModel(ctx, {
      thumbs,
      layout,
      unit: unitScale(this.scale, domain),
      lut: colormapLut(this.colormapName(signed)),
      missing: rgba(this.themeColor('missing')),
      textColor: this.themeColor('text'),
      font: getComputedStyle(this).fontFamily || 'sans-serif',
    });
  }

  /** The query token whose attention the patches view shows: the focused one, else the first extra token ([CLS]). */
  private patchQuery(): number {
    const q = this.source!.shape[2];
    return Math.max(0, Math.min(q - 1, this.focusQuery ?? 0));
  }

  /** The focused query's attention to each patch, `[rows, cols]`. */
  private patchValues(): Float32Array {
    const { rows, cols, offset } = this.patches!;
    const k = this.source!.shape[3];
    const { values } = this.display();
    const start = this.patchQuery() * k + offset;
    return values.slice(start, start + rows * cols);
  }

  private drawPatchesView(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cells');
    if (!canvas || !this.patches || !this.patchImage) return;
    const { width, height } = this.canvasSize();
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const layout = layoutPatches(this.patchImage, width, height, this.patches.rows, this.patches.cols);
    this.patchLayout = layout;
    const values = this.patchValues();
    const { domain, signed } = colorDomain(values, parseDomain(this.domain));
    this.patchDomain = { domain, signed };
    drawPatches(ctx, { image: this.patchImage, layout, values, unit: unitScale(this.scale, domain), lut: colormapLut(this.colormapName(signed)), opacity: 0.65 });
  }

  private patchDomain?: { domain: [number, number]; signed: boolean };

  /** Causal attention: thumbnail blocks wholly above the diagonal have no value. */
  private hideUpperBlocks(thumbs: Thumbnails, n: number): Thumbnails {
    const data = Float32Array.from(thumbs.data);
    const per = thumbs.rows * thumbs.cols;
    for (let r = 0; r < thumbs.rows; r++) {
      const lastRow = Math.min(n, (r + 1) * thumbs.blockRows) - 1;
      for (let c = 0; c < thumbs.cols; c++) {
        if (c * thumbs.blockCols > lastRow) for (let m = 0; m < data.length / per; m++) data[m * per + r * thumbs.cols + c] = NaN;
      }
    }
    return { ...thumbs, data };
  }

  /** Hover bands, focus and pinned cells, the brush: a separate canvas, so hovering never repaints cells. */
  private drawOverlay(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.overlay');
    if (!canvas) return;
    const { width, height } = this.canvasSize();
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const accent = this.themeColor('accent');
    const text = this.themeColor('text');
    if (this.view === 'model' && this.modelLayout) {
      const outline = (layer: number, head: number, color: string, line: number) => {
        const r = thumbRect(this.modelLayout!, layer, head);
        ctx.strokeStyle = color;
        ctx.lineWidth = line;
        ctx.strokeRect(r.x - line / 2, r.y - line / 2, r.width + line, r.height + line);
      };
      if (typeof this.head === 'number' && !this.rollout) outline(this.layer, this.head, accent, 2);
      if (this.modelHover) outline(this.modelHover.layer, this.modelHover.head, text, 1);
      return;
    }
    if (this.view === 'patches' && this.patchLayout && this.patches) {
      const { image, rows, cols } = this.patchLayout;
      const outlinePatch = (token: number, color: string, line: number) => {
        const index = token - this.patches!.offset;
        if (index < 0 || index >= rows * cols) return;
        const w = image.width / cols;
        const h = image.height / rows;
        ctx.strokeStyle = color;
        ctx.lineWidth = line;
        ctx.strokeRect(image.x + (index % cols) * w, image.y + Math.floor(index / cols) * h, w, h);
      };
      outlinePatch(this.patchQuery(), accent, 2.5);
      if (this.hover?.key !== undefined) outlinePatch(this.hover.key, text, 1.5);
      return;
    }
    const layout = this.matrixLayout;
    if (this.view !== 'matrix' || !layout) return;
    const { plot, window, cellWidth, cellHeight } = layout;
    // A hovered or focused token: its label gutter tinted, its row or column outlined over the cells.
    const tint = `color-mix(in srgb, ${accent} 22%, transparent)`;
    const rowBand = (query: number) => {
      if (query < window.r0 || query >= window.r1) return;
      const y = plot.y + (query - window.r0) * cellHeight;
      ctx.fillStyle = tint;
      ctx.fillRect(0, y, plot.x, Math.max(1, cellHeight));
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1;
      ctx.strokeRect(plot.x + 0.5, y + 0.5, plot.width - 1, Math.max(1, cellHeight) - 1);
    };
    const colBand = (key: number) => {
      if (key < window.c0 || key >= window.c1) return;
      const x = plot.x + (key - window.c0) * cellWidth;
      ctx.fillStyle = tint;
      ctx.fillRect(x, 0, Math.max(1, cellWidth), plot.y);
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, plot.y + 0.5, Math.max(1, cellWidth) - 1, plot.height - 1);
    };
    const hover = this.hover;
    if (hover?.query !== undefined) rowBand(hover.query);
    if (hover?.key !== undefined) colBand(hover.key);
    if (this.focusQuery !== undefined) rowBand(this.focusQuery);
    if (this.focusKey !== undefined) colBand(this.focusKey);
    const outlineCell = (query: number, key: number, color: string, line: number) => {
      if (query < window.r0 || query >= window.r1 || key < window.c0 || key >= window.c1) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = line;
      ctx.strokeRect(
        plot.x + (key - window.c0) * cellWidth - line / 2,
        plot.y + (query - window.r0) * cellHeight - line / 2,
        Math.max(1, cellWidth) + line,
        Math.max(1, cellHeight) + line,
      );
    };
    if (this.focusQuery !== undefined && this.focusKey !== undefined) outlineCell(this.focusQuery, this.focusKey, accent, 2);
    if (this.pinned) outlineCell(this.pinned.query, this.pinned.key, text, 2);
    if (this.brush) {
      const w = windowBetween(this.brush.from, this.brush.to);
      ctx.strokeStyle = accent;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(
        plot.x + (Math.max(w.c0, window.c0) - window.c0) * cellWidth,
        plot.y + (Math.max(w.r0, window.r0) - window.r0) * cellHeight,
        (Math.min(w.c1, window.c1) - Math.max(w.c0, window.c0)) * cellWidth,
        (Math.min(w.r1, window.r1) - Math.max(w.r0, window.r0)) * cellHeight,
      );
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const overlay = (this.constructor as typeof AttentionHeatmap).overlayProperties;
    if (this.ready && [...changed.keys()].some((key) => overlay.includes(String(key)))) this.drawOverlay();
    if (changed.has('window') && changed.get('window') !== undefined) this.requestDraw();
    // The patches view colours the image by the focused query's row: a new focus is a new picture.
    if (this.view === 'patches' && changed.has('focusQuery')) this.requestDraw();
  }

  // ——— interaction ———

  private valueAt(query: number, key: number): number {
    const k = this.source!.shape[3];
    return this.shown![query * k + key];
  }

  private cellDetail(query: number, key: number): AttentionCellDetail {
    return {
      layer: this.layer,
      head: this.head,
      rollout: this.rollout,
      query,
      key,
      value: this.valueAt(query, key),
      queryToken: this.labels.query[query],
      keyToken: this.labels.key[key],
    };
  }

  private pointer(event: PointerEvent | WheelEvent | MouseEvent): { x: number; y: number } {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.ready) return;
    const { x, y } = this.pointer(event);
    if (this.view === 'model' && this.modelLayout) {
      const thumb = thumbAt(this.modelLayout, x, y);
      if (thumb?.layer !== this.modelHover?.layer || thumb?.head !== this.modelHover?.head) {
        this.modelHover = thumb;
        this.dispatchEvent(new NnHoverEvent(thumb ?? null));
      }
      return;
    }
    if (this.view === 'patches') {
      const patch = this.patchLayout && this.patches ? patchAt(this.patchLayout, x, y) : undefined;
      const key = patch ? this.patches!.offset + patch.row * this.patches!.cols + patch.col : undefined;
      if (key === this.hover?.key) return;
      this.hover = key === undefined ? undefined : { query: this.patchQuery(), key };
      this.tooltipAt = key === undefined ? undefined : { x, y };
      this.dispatchEvent(new NnHoverEvent(key === undefined ? null : this.cellDetail(this.patchQuery(), key)));
      return;
    }
    const layout = this.matrixLayout;
    if (!layout) return;
    const cell = cellAt(layout, x, y);
    if (this.dragStart && cell) {
      if (Math.abs(x - this.dragStart.x) + Math.abs(y - this.dragStart.y) > 4) this.brush = { from: this.dragStart.cell, to: cell };
    }
    const target = cell ?? labelAt(layout, x, y);
    const query = target && 'query' in target ? target.query : undefined;
    const key = target && 'key' in target ? target.key : undefined;
    if (query === this.hover?.query && key === this.hover?.key) return;
    this.hover = target ? { query, key } : undefined;
    this.tooltipAt = cell ? { x, y } : undefined;
    this.dispatchEvent(new NnHoverEvent(cell ? this.cellDetail(cell.query, cell.key) : null));
  }

  private tooltipAt?: { x: number; y: number };

  private onPointerLeave(): void {
    if (this.hover || this.modelHover) this.dispatchEvent(new NnHoverEvent(null));
    this.hover = undefined;
    this.modelHover = undefined;
    this.tooltipAt = undefined;
  }

  private onPointerDown(event: PointerEvent): void {
    if (this.view !== 'matrix' || !this.matrixLayout) return;
    const { x, y } = this.pointer(event);
    const cell = cellAt(this.matrixLayout, x, y);
    if (!cell) return;
    this.dragStart = { x, y, cell };
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.ready) return;
    const { x, y } = this.pointer(event);
    if (this.view === 'model' && this.modelLayout) {
      const thumb = thumbAt(this.modelLayout, x, y);
      if (thumb) this.selectHead(thumb.layer, thumb.head);
      return;
    }
    if (this.view === 'patches' && this.patchLayout && this.patches) {
      const patch = patchAt(this.patchLayout, x, y);
      const [, , q, k] = this.source!.shape;
      if (patch && q === k) {
        const token = this.patches.offset + patch.row * this.patches.cols + patch.col;
        this.focusQuery = token;
        this.dispatchEvent(new NnSelectEvent(this.cellDetail(token, token)));
      }
      return;
    }
    const start = this.dragStart;
    this.dragStart = undefined;
    if (!start || !this.source) return;
    if (this.brush) {
      const zoomed = windowBetween(this.brush.from, this.brush.to);
      this.brush = undefined;
      if (zoomed.r1 - zoomed.r0 > 1 || zoomed.c1 - zoomed.c0 > 1) {
        this.window = zoomed;
        // The cell under the pointer is another one now; the next move says which.
        this.hover = undefined;
        this.tooltipAt = undefined;
      }
      return;
    }
    this.pin(start.cell.query, start.cell.key);
  }

  private onWheel(event: WheelEvent): void {
    if (this.view !== 'matrix' || !this.matrixLayout || !this.source || !this.window) return;
    const { x, y } = this.pointer(event);
    const cell = cellAt(this.matrixLayout, x, y);
    if (!cell) return;
    event.preventDefault();
    const [, , q, k] = this.source.shape;
    const next = zoomWindow(this.window, event.deltaY < 0 ? 0.8 : 1.25, cell, q, k);
    if (next.r0 !== this.window.r0 || next.r1 !== this.window.r1 || next.c0 !== this.window.c0 || next.c1 !== this.window.c1) this.window = next;
  }

  /** Shows the whole matrix again. */
  resetZoom(): void {
    if (this.source) this.window = fullWindow(this.source.shape[2], this.source.shape[3]);
  }

  private pin(query: number, key: number): void {
    this.pinned = { query, key };
    const detail = this.cellDetail(query, key);
    this.dispatchEvent(new NnSelectEvent(detail));
    this.announce(this.describeCell(detail, 'Pinned'));
  }

  private selectHead(layer: number, head: number): void {
    this.layer = layer;
    this.head = head;
    this.rollout = false;
    this.dispatchEvent(new NnSelectEvent<AttentionHeadDetail>({ layer, head }));
    this.announce(`Selected layer ${layer}, head ${head}.`);
  }

  private describeCell(detail: AttentionCellDetail, prefix = ''): string {
    const value = Number.isNaN(detail.value) ? 'no value' : formatValue(detail.value);
    return `${prefix ? `${prefix}: ` : ''}query ${detail.query} "${detail.queryToken}" to key ${detail.key} "${detail.keyToken}": ${value}`;
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.ready || !this.source) return;
    const [layers, heads, q, k] = this.source.shape;
    const step = event.shiftKey ? 10 : 1;
    const move: Record<string, [number, number]> = {
      ArrowUp: [-step, 0],
      ArrowDown: [step, 0],
      ArrowLeft: [0, -step],
      ArrowRight: [0, step],
    };
    if (this.view === 'model') {
      const current = { layer: this.layer, head: typeof this.head === 'number' ? this.head : 0 };
      if (event.key in move) {
        const [dl, dh] = move[event.key];
        const layer = Math.max(0, Math.min(layers - 1, current.layer + Math.sign(dl)));
        const head = Math.max(0, Math.min(heads - 1, current.head + Math.sign(dh)));
        this.selectHead(layer, head);
        event.preventDefault();
      }
      return;
    }
    if (this.view === 'text' || this.view === 'lines') {
      const delta = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
      if (delta !== 0) {
        const next = Math.max(0, Math.min(q - 1, (this.focusQuery ?? -delta) + delta));
        this.focusQuery = next;
        if (this.view === 'lines') this.activeToken = { side: 'query', index: next };
        this.announce(`Token ${next} "${this.labels.query[next]}".`);
        event.preventDefault();
      }
      return;
    }
    if (event.key in move) {
      const [dr, dc] = move[event.key];
      const query = Math.max(0, Math.min(q - 1, (this.focusQuery ?? 0) + (this.focusQuery === undefined ? 0 : dr)));
      const key = Math.max(0, Math.min(k - 1, (this.focusKey ?? 0) + (this.focusKey === undefined ? 0 : dc)));
      this.focusQuery = query;
      this.focusKey = key;
      if (this.window) {
        const moved = windowContaining(this.window, query, key);
        if (moved.r0 !== this.window.r0 || moved.c0 !== this.window.c0) this.window = moved;
      }
      const detail = this.cellDetail(query, key);
      this.announce(this.describeCell(detail));
      this.dispatchEvent(new NnHoverEvent(detail));
      event.preventDefault();
    } else if ((event.key === 'Enter' || event.key === ' ') && this.focusQuery !== undefined && this.focusKey !== undefined) {
      this.pin(this.focusQuery, this.focusKey);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      this.pinned = undefined;
      this.resetZoom();
    } else if ((event.key === '+' || event.key === '=' || event.key === '-') && this.window) {
      const at = { query: this.focusQuery ?? Math.floor((this.window.r0 + this.window.r1) / 2), key: this.focusKey ?? Math.floor((this.window.c0 + this.window.c1) / 2) };
      this.window = zoomWindow(this.window, event.key === '-' ? 1.25 : 0.8, at, q, k);
      event.preventDefault();
    }
  }

  // ——— templates ———

  protected override describe(): string {
    if (!this.source) return 'Attention heatmap, no data yet';
    const [layers, heads, q, k] = this.source.shape;
    const what = this.rollout ? `attention rollout through layer ${this.layer}` : `layer ${this.layer}, head ${this.head}`;
    return `Attention heatmap (${this.view} view) of ${layers} layer${layers === 1 ? '' : 's'} x ${heads} head${heads === 1 ? '' : 's'}, ${q} query x ${k} key tokens; showing ${what}. Arrow keys move between cells.`;
  }

  protected override renderView(): TemplateResult | typeof nothing {
    if (!this.ready || !this.source) return html`<canvas class="cells" part="canvas"></canvas>`;
    if (this.view === 'lines') return this.renderLines();
    if (this.view === 'text') return this.renderText();
    return this.renderCanvasView();
  }

  private renderCanvasView(): TemplateResult {
    const [, , q, k] = this.source!.shape;
    const zoomed = this.view === 'matrix' && this.window && !isFull(this.window, q, k);
    return html`
      ${this.view === 'patches' ? this.renderExtras() : nothing}
      <div class="stage">
        <canvas class="cells" part="canvas"></canvas>
        <canvas
          class="overlay"
          @pointermove=${this.onPointerMove}
          @pointerleave=${this.onPointerLeave}
          @pointerdown=${this.onPointerDown}
          @pointerup=${this.onPointerUp}
          @wheel=${this.onWheel}
        ></canvas>
        ${zoomed
          ? html`<div class="toolbar" part="toolbar">
              <span>rows ${this.window!.r0}–${this.window!.r1 - 1}, columns ${this.window!.c0}–${this.window!.c1 - 1}</span>
              <button type="button" @click=${() => this.resetZoom()}>Reset zoom</button>
            </div>`
          : nothing}
        ${this.renderTooltip()}
      </div>
      ${this.renderLegend()}
    `;
  }

  /** The tokens that are not patches ([CLS], distillation, registers): buttons that make each the query, with the focused query's attention to it. */
  private renderExtras(): TemplateResult | typeof nothing {
    if (!this.patches || !this.source) return nothing;
    const { rows, cols, offset } = this.patches;
    const k = this.source.shape[3];
    const query = this.patchQuery();
    const extras = Array.from({ length: k }, (_, i) => i).filter((i) => i < offset || i >= offset + rows * cols);
    const { values } = this.display();
    const queryLabel = this.labels.query[query];
    return html`<div class="extras" part="toolbar">
      <span class="muted">attention from <strong>${queryLabel}</strong> (${query})</span>
      ${extras.map((i) => {
        const value = values[query * k + i];
        return html`<button type="button" aria-pressed=${query === i ? 'true' : 'false'} @click=${() => (this.focusQuery = i)}>
          ${this.labels.key[i]} <span class="muted">${Number.isNaN(value) ? 'no value' : formatValue(value)}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderTooltip(): TemplateResult | typeof nothing {
    if (this.view === 'model') {
      if (!this.modelHover) return nothing;
      const r = thumbRect(this.modelLayout!, this.modelHover.layer, this.modelHover.head);
      return html`<div class="tooltip" part="tooltip" style="left:${r.x + r.width + 4}px;top:${r.y}px">
        layer ${this.modelHover.layer}, head ${this.modelHover.head}
      </div>`;
    }
    const cell = this.hover?.query !== undefined && this.hover?.key !== undefined ? this.hover : undefined;
    if (!cell || !this.tooltipAt || (this.view !== 'matrix' && this.view !== 'patches')) return nothing;
    const detail = this.cellDetail(cell.query!, cell.key!);
    const { x, y } = this.tooltipAt;
    const flip = x > this.size.width / 2;
    return html`<div class="tooltip" part="tooltip" style="${flip ? `right:${this.size.width - x + 12}px` : `left:${x + 12}px`};top:${y + 12}px">
      <div><span class="muted">query</span> ${detail.queryToken} <span class="muted">(${detail.query})</span></div>
      <div><span class="muted">key</span> ${detail.keyToken} <span class="muted">(${detail.key})</span></div>
      <div class="value">${Number.isNaN(detail.value) ? 'no value' : formatValue(detail.value)}</div>
    </div>`;
  }

  /** The legend says what the colours mean, including everything that changes how to read them. */
  private renderLegend(): TemplateResult {
    const notes: string[] = [];
    if (this.view === 'model') {
      const thumbs = this.thumbs;
      notes.push(this.rollout ? 'each head of each layer (rollout off in this view)' : 'every layer × head');
      if (thumbs && (thumbs.blockRows > 1 || thumbs.blockCols > 1)) notes.push(`${this.downsample} of ${thumbs.blockRows}×${thumbs.blockCols} cells`);
    } else if (this.view === 'patches') {
      notes.push(`${this.selectionLabel()} · attention from token ${this.patchQuery()} to each patch`);
    } else {
      notes.push(this.selectionLabel());
      if (this.blocks.blockRows > 1 || this.blocks.blockCols > 1) notes.push(`${this.downsample} of ${this.blocks.blockRows}×${this.blocks.blockCols} cells`);
      if (this.normalization !== 'none') notes.push(`each ${this.normalization} scaled to its max`);
    }
    if (this.causal) notes.push('causal: upper half has no value');
    if (this.mask && typeof this.mask !== 'string' && this.mask.length) notes.push(`${this.mask.length} masked token${this.mask.length === 1 ? '' : 's'}`);
    const sums = this.shownStats?.rowSums;
    if (sums && (Math.abs(sums[0] - 1) > 1e-3 || Math.abs(sums[1] - 1) > 1e-3)) {
      notes.push(`rows sum to ${formatValue(sums[0])}${sums[0] === sums[1] ? '' : `–${formatValue(sums[1])}`}, not 1`);
    }
    const { domain, signed } =
      this.view === 'model' ? this.modelDomain() : this.view === 'patches' && this.patchDomain ? this.patchDomain : this.display();
    return html`<div class="legend-row">${legendTemplate({
      colormap: this.colormapName(signed),
      domain,
      scale: this.scale,
      width: Math.max(160, Math.min(this.size.width, 520)),
      label: notes.join(' · '),
      missingColor: this.causal || this.mask?.length || this.shownStats?.hasMissing ? this.themeColor('missing') : undefined,
    })}</div>`;
  }

  /** What is shown, in the words of the input: no layer or head for a single matrix. */
  private selectionLabel(): string {
    if (this.rollout) return `rollout through layer ${this.layer}`;
    const rank = this.source?.rank ?? 4;
    const head = typeof this.head === 'number' ? `head ${this.head}` : `${this.head} over heads`;
    if (rank === 2) return 'attention';
    return rank === 3 ? head : `layer ${this.layer}, ${head}`;
  }

  /** The model view's colour domain, over every thumbnail; kept until the thumbnails or `domain` change (the legend asks on every hover). */
  private modelDomain(): { domain: [number, number]; signed: boolean } {
    if (this.thumbDomain?.thumbs !== this.thumbs || this.thumbDomain?.attribute !== this.domain) {
      this.thumbDomain = { thumbs: this.thumbs, attribute: this.domain, ...colorDomain(this.thumbs?.data ?? [], parseDomain(this.domain)) };
    }
    return this.thumbDomain;
  }

  private thumbDomain?: { thumbs?: Thumbnails; attribute: string; domain: [number, number]; signed: boolean };

  private renderLines(): TemplateResult {
    const [, heads, q, k] = this.source!.shape;
    const state: LinesState = {
      layerHeads: this.rollout ? undefined : this.layerHeads?.data,
      rollout: this.rollout ? this.shown : undefined,
      heads,
      q,
      k,
      labels: this.labels,
      hiddenHeads: this.hiddenHeads,
      activeToken: this.activeToken,
      width: Math.max(240, this.size.width),
      height: Math.max(120, this.size.height),
      mask: typeof this.mask === 'string' ? undefined : this.mask,
    };
    return linesTemplate(state, {
      onToggleHead: (head) => {
        const next = new Set(this.hiddenHeads);
        if (next.has(head)) next.delete(head);
        else next.add(head);
        this.hiddenHeads = next;
      },
      onToken: (token) => {
        this.activeToken = token;
        if (token?.side === 'query') this.focusQuery = token.index;
        if (token) {
          const label = token.side === 'query' ? this.labels.query[token.index] : this.labels.key[token.index];
          this.dispatchEvent(new NnHoverEvent({ layer: this.layer, head: this.head, side: token.side, index: token.index, token: label }));
        }
      },
    });
  }

  private renderText(): TemplateResult {
    const [, , q, k] = this.source!.shape;
    const { domain, signed } = this.display();
    return html`${textTemplate({
      values: this.shown!,
      q,
      k,
      labels: this.labels,
      focus: this.focusQuery,
      direction: this.textDirection,
      unit: unitScale(this.scale, domain),
      colormap: this.colormapName(signed),
      format: formatValue,
      width: Math.max(200, this.size.width),
      font: getComputedStyle(this).fontFamily || 'sans-serif',
      onFocus: (index) => {
        this.focusQuery = index;
      },
      onDirection: (direction) => {
        this.textDirection = direction;
      },
    })}${this.renderLegend()}`;
  }

  protected override vectorView(): SVGSVGElement | undefined {
    return this.view === 'lines' ? (this.renderRoot.querySelector<SVGSVGElement>('svg.lines') ?? undefined) : undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-attention-heatmap': AttentionHeatmap;
  }
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
