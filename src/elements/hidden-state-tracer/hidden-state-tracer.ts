import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { format } from 'd3-format';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NnElement } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { NnHoverEvent, NnSelectEvent } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import { selectUnits } from '../../compute/hidden-states/select-units.js';
import { findMatches } from '../../compute/hidden-states/matches.js';
import { statesFromModel } from '../../compute/hidden-states/states-from-model.js';
import type { Span } from '../../compute/hidden-states/types.js';
import { fitCanvas } from '../../render/canvas.js';
import { legendTemplate } from '../../render/legend.js';
import { colormap as checkColormap, colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, rgba } from '../../scales/colormap.js';
import { unitScale } from '../../scales/value-scale.js';
import { checkCellShape, layerValues, loadStates, stepLabels, valueDomain, type LoadedStates } from './state-source.js';
import {
  bandAt,
  clampWindow,
  initialWindow,
  layoutTimeline,
  overviewStepAt,
  stepAt,
  stepX,
  windowShowing,
  zoomWindow,
  GUTTER,
  type StepWindow,
  type TimelineLayout,
} from './timeline-layout.js';
import { drawTimePlot, visible, type TimePlotDrawn, type TimePlotInput } from './draw-time-plot.js';
import { DensityImage } from './density-image.js';
import { drawHeatTrack, trackBlock, trackMatrix, TrackBitmap, type TrackRows } from './draw-heat-track.js';
import { drawOverview } from './draw-overview.js';
import { textTemplate } from './text-view.js';
import { matchesTemplate } from './match-view.js';
import { joinsWithoutSpace, matchIndex } from './token-text.js';
import { hiddenStateTracerStyles } from './styles.js';

/** Payload of `nn-select` on the tracer. */
export interface HiddenStateSelectDetail {
  /** The brushed range `[start, end)`, or null when the selection was cleared. */
  selection: Span | null;
  /** {@link HiddenStateTracer.selectedUnits} for it. */
  units: number[];
  /** {@link HiddenStateTracer.matchRuns} for it. */
  matches: Span[];
}

/** Payload of `nn-hover` on the tracer (null when the pointer leaves). */
export interface HiddenStateHoverDetail {
  t: number;
  unit: number;
  value: number;
  token: string;
}

/** What the tracer shows as its states. */
export type StateKind = 'hidden' | 'cell';

/** `layer="2"` is a layer index (of `[L, T, D]` states); `layer="lstm"` a layer name (of a model). */
const layerConverter = {
  fromAttribute(value: string | null): number | string | undefined {
    if (value === null) return undefined;
    return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  },
  toAttribute(value: number | string | undefined): string | null {
    return value === undefined ? null : String(value);
  },
};

/** Text view: at most this many tokens of the window are in the DOM. */
const TEXT_TOKENS = 240;
/** The text view catches up with the plot this long after scrolling stops. */
export const TEXT_DELAY_MS = 120;
const TOOLBAR_AND_LEGEND = 62;
const formatValue = format('.4~g');

/** Theme colours, font and colour table, read from computed style once per full draw. */
interface DrawStyle {
  font: string;
  colors: TimePlotInput['colors'];
  colormap: string;
  lut: Uint8ClampedArray;
  missing: [number, number, number, number];
}

interface SelectionResult {
  key: string;
  selection?: Span;
  units: Int32Array;
  matches: Span[];
  total: number;
  matchAt: Int32Array;
}

/**
 * LSTMVis (Strobelt et al., 2018) in one element: brush a range of tokens,
 * set a threshold, and see the units that are on throughout it and every
 * other place where all of them are on. A time plot of every unit over the
 * visible window (selected units emphasised, the threshold as a rule, tokens
 * under the axis), a units x time heat track, the text with matches
 * highlighted, and LSTMVis's match view. Scrolls and zooms over sequences of
 * any length: only the visible window is ever drawn, from one Float32Array.
 *
 * Input: `states` (`[T, D]`, or `[L, T, D]` with `layer`), optionally
 * `cellStates` beside them (`state="cell"` shows those); or a `model` (a
 * tf.LayersModel with an LSTM, GRU or SimpleRNN layer) with `input` token
 * ids, in which case the states are recorded by stepping that layer's cell
 * (see `statesFromModel`).
 *
 * Selection, exactly: `selectedUnits` are the units u with
 * `states[t][u] >= threshold` for every t in `selection` = [start, end); with
 * `strict`, u must also be below the threshold at start - 1 and at end where
 * those exist. `matches` are the maximal runs of steps where all selected
 * units are >= threshold, except runs overlapping the selection, longest
 * first, then earliest, at most `max-matches` (read them as `matchRuns`). An empty or absent selection,
 * or a threshold no unit passes, gives no units and no matches, and the view
 * says why. A selection reaching past the sequence is clipped to it.
 *
 * Keyboard: ←/→ move the selection one step, Shift+←/→ shrink or extend it,
 * +/- zoom, PageUp/PageDown scroll a window, Home/End go to either end,
 * Escape clears the selection.
 *
 * @tagname nn-hidden-state-tracer
 * @summary Find the hidden units that track a pattern, and where else it occurs (LSTMVis).
 *
 * @example
 * ```html
 * <nn-hidden-state-tracer src="states.npy" tokens='["(", "a", ")"]' threshold="0.3" selection="[0, 2]"></nn-hidden-state-tracer>
 * ```
 *
 * @csspart toolbar - The status line and the threshold, strict and state controls.
 * @csspart status - What is selected and how many units and matches it gives.
 * @csspart threshold - The threshold input.
 * @csspart canvas - The time plot, token axis, heat track and overview.
 * @csspart tooltip - The step, unit and value under the pointer.
 * @csspart text - The tokens of the visible window.
 * @csspart token - One token in the text view.
 * @csspart matches - The match view.
 * @csspart matches-heading - How many matches, and the cap.
 * @csspart match - One match row (a button: scrolls the plot to it).
 * @cssproperty [--nn-match-color=accent at 12%] - Background of matches (text, plot bands, match rows).
 * @cssproperty [--nn-selected-token-color=var(--nn-accent-color)] - Underline of selected tokens.
 * @fires nn-select - {@link NnSelectEvent} when the user brushes, moves the selection or changes the threshold: `detail: {selection, units, matches}`.
 * @fires nn-hover - {@link NnHoverEvent}: `detail: {t, unit, value, token}` under the pointer, or `null` when it leaves.
 */
export class HiddenStateTracer extends NnElement {
  static override styles = [...NnElement.styles, hiddenStateTracerStyles];

  protected static override dataProperties = [
    ...NnElement.dataProperties,
    'states',
    'cellStates',
    'cellSrc',
    'model',
    'input',
    'layer',
    'tokens',
    'stateKind',
  ];

  /**
   * `window` is here too: a scroll or zoom redraws in the same frame as the
   * wheel or key event (in `updated`), not in the base's next-frame redraw,
   * so scrolling lags no frame behind the input.
   */
  protected static override overlayProperties = ['hover', 'brush', 'window', 'textWindow'];

  /**
   * Hidden states `[T, D]` (time x units) or `[L, T, D]` (layers): a tensor,
   * nested arrays, `{data, shape}`, bytes or a File. Tensors stay yours.
   */
  @property({ attribute: false }) states?: TensorInput;

  /** Cell states of the same shape as `states` (an LSTM's c_t); shown with `state="cell"`. */
  @property({ attribute: false }) cellStates?: TensorInput;

  /** URL of the cell states (as `src` is of the hidden states). */
  @property({ attribute: 'cell-src' }) cellSrc?: string;

  /** `hidden` (default) or `cell`: which states are traced. */
  @property({ attribute: 'state', reflect: true }) stateKind: StateKind = 'hidden';

  /** Layer index into `[L, T, D]` states (default 0); with a `model`, the recurrent layer's name (default: its first). */
  @property({ converter: layerConverter }) layer?: number | string;

  /** One string per step (words or characters). Attribute: a JSON array. Shown as text, never as HTML. */
  @property({ converter: jsonAttribute }) tokens?: string[] | string;

  /** A tf.LayersModel with an LSTM, GRU or SimpleRNN layer; the states are recorded from it on `input`. */
  @property({ attribute: false }) model?: LayersModel;

  /** Token ids `[T]` for `model` (or a `[T, features]` tensor, which stays yours). */
  @property({ attribute: false }) input?: ArrayLike<number> | Tensor;

  /** A unit is on at step t when its state is >= threshold. */
  @property({ type: Number }) threshold = 0.3;

  /**
   * The brushed range `[start, end)` of steps, e.g. `{start: 4, end: 9}` or
   * attribute `selection="[4, 9]"`. Set by brushing the plot or the tokens.
   */
  @property({ converter: jsonAttribute }) selection?: Span | [number, number] | string | null;

  /** LSTMVis's "on only here": selected units must also be off just before and just after the selection. */
  @property({ type: Boolean, reflect: true }) strict = false;

  /** At most this many matches are listed (the longest); the view says when there are more. */
  @property({ type: Number, attribute: 'max-matches' }) maxMatches = 50;

  /** Tokens of context shown either side of each match. */
  @property({ type: Number }) context = 4;

  /** The heat track shows the `selected` units (default) or `all` units (averaged into rows when there are more than pixels). */
  @property() heatmap: 'selected' | 'all' = 'selected';

  /** The units on throughout the selection (ascending); [] when there is no selection or none is. */
  get selectedUnits(): number[] {
    const result = this.tryResult();
    return result ? Array.from(result.units) : [];
  }

  /**
   * The matches listed, longest first: `{start, end}` each. (Named
   * `matchRuns`, not `matches`, because `matches()` is a DOM method every
   * element has; `nn-select`'s detail calls them `matches`.)
   */
  get matchRuns(): Span[] {
    return this.tryResult()?.matches.map((m) => ({ ...m })) ?? [];
  }

  /** How many matches there are before the `max-matches` cap. */
  get matchCount(): number {
    return this.tryResult()?.total ?? 0;
  }

  /** The steps on screen, `[start, end)`. */
  get visibleSteps(): Span | undefined {
    return this.window ? { start: this.window.start, end: this.window.start + this.window.span } : undefined;
  }

  /**
   * Shows steps `[start, end)` (as nearly as the zoom limits allow).
   *
   * @example
   * ```ts
   * tracer.showSteps(5000, 5200);
   * await tracer.updateComplete;
   * ```
   */
  showSteps(start: number, end: number): void {
    if (!this.loaded) return;
    this.window = clampWindow({ start, span: end - start }, this.loaded.steps, this.plotWidth());
  }

  @state() private window?: StepWindow;
  /**
   * The window the text view and the plot's label show: it follows
   * `window` once scrolling pauses (TEXT_DELAY_MS), not every frame.
   * Re-laying out 240 tokens cost about a third of a scroll frame, and
   * nobody reads text while it moves.
   */
  @state() private textWindow?: StepWindow;
  private textTimer?: ReturnType<typeof setTimeout>;
  @state() private hover?: { t: number; unit: number; value: number; x: number; y: number };
  @state() private brush?: Span;

  private loaded?: { hidden: LoadedStates; cell?: LoadedStates; steps: number; units: number; fromModel?: string };
  private loadedKey?: { states: unknown; cellStates: unknown; model: unknown; input: unknown; layer: unknown };
  private values?: Float32Array;
  private domain: [number, number] = [-1, 1];
  private domainOf?: Float32Array;
  private labels: readonly string[] = [];
  private joined = false;
  private result?: SelectionResult;
  private layout?: TimelineLayout;
  private drawn?: TimePlotDrawn;
  private dragging?: { band: 'brush' | 'overview'; from: number };
  private trackRows: TrackRows = { units: [], block: 1 };
  private readonly density = new DensityImage();
  private readonly trackBitmap = new TrackBitmap();
  /** The overlay canvas that was last cleared to show nothing, at this size. */
  private overlayBlank?: { canvas: HTMLCanvasElement; width: number; height: number };
  /**
   * Reused by scroll frames: reading computed style after Lit's commit forces
   * a style recalculation, and the colour table costs 256 colour parses. Any
   * draw other than a scroll (theme, colormap, size, data) reads it afresh.
   */
  private drawStyle?: DrawStyle;

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onKey(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.textTimer);
    this.textWindow = undefined;
    this.loaded = undefined;
    this.loadedKey = undefined;
    this.values = undefined;
    this.domainOf = undefined;
    this.result = undefined;
  }

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const key = { states: this.states ?? this.src, cellStates: this.cellStates ?? this.cellSrc, model: this.model, input: this.input, layer: this.model ? this.layer : undefined };
    const same = this.loadedKey && Object.entries(key).every(([name, value]) => this.loadedKey![name as keyof typeof key] === value);
    if (!same || !this.loaded) {
      this.loaded = undefined;
      const loaded = this.model ? await this.loadFromModel(signal) : await this.loadFromArrays(signal);
      if (signal.aborted) return;
      this.loaded = loaded;
      this.loadedKey = key;
      this.window = undefined;
    }
    const loaded = this.loaded;
    const source = this.stateKind === 'cell' ? loaded.cell : loaded.hidden;
    if (this.stateKind !== 'hidden' && this.stateKind !== 'cell') throw new Error(`state must be "hidden" or "cell", got "${this.stateKind}".`);
    if (!source) {
      throw new Error('state="cell" needs cell states: set cellStates or cell-src, or trace an LSTM model (GRU and SimpleRNN have none). Only hidden states were given.');
    }
    const layerIndex = this.model ? 0 : this.layer === undefined ? 0 : Number(this.layer);
    if (!this.model && typeof this.layer === 'string' && !/^\s*\d+\s*$/.test(this.layer)) {
      throw new Error(`layer "${this.layer}" is a name, which only a model has; for states, layer is an index (0 to ${source.layers - 1}).`);
    }
    this.values = layerValues(source, layerIndex);
    if (this.domainOf !== this.values) {
      this.domain = valueDomain(this.values);
      this.domainOf = this.values;
    }
    this.labels = stepLabels(this.tokens, loaded.steps, source.shape) ?? Array.from({ length: loaded.steps }, (_, t) => String(t));
    this.joined = this.tokens !== undefined && joinsWithoutSpace(this.labels);
    this.result = undefined;
    if (!this.window) this.window = initialWindow(loaded.steps, this.plotWidth());
    this.textWindow = this.window;
  }

  private async loadFromArrays(signal: AbortSignal): Promise<NonNullable<HiddenStateTracer['loaded']>> {
    const input = this.states ?? this.src;
    if (input === undefined) throw new Error('No states to show yet: set the states property, the src attribute, or model and input.');
    const [hidden, cell] = await Promise.all([
      loadStates(input, 'states', signal),
      this.cellStates !== undefined || this.cellSrc !== undefined ? loadStates((this.cellStates ?? this.cellSrc) as TensorInput, 'cellStates', signal) : undefined,
    ]);
    if (cell) checkCellShape(hidden, cell);
    return { hidden, cell, steps: hidden.steps, units: hidden.units };
  }

  private async loadFromModel(signal: AbortSignal): Promise<NonNullable<HiddenStateTracer['loaded']>> {
    if (this.input === undefined) throw new Error('A model needs input: the token ids of the sequence to trace.');
    if (typeof this.layer === 'number') throw new Error(`With a model, layer is the recurrent layer's name (like "lstm"), not an index (got ${this.layer}).`);
    const states = await statesFromModel(this.model!, this.input, { layer: this.layer, signal });
    const asLoaded = (data: Float32Array): LoadedStates => ({ data, layers: 1, steps: states.steps, units: states.units, shape: [states.steps, states.units] });
    return {
      hidden: asLoaded(states.hidden),
      cell: states.cell ? asLoaded(states.cell) : undefined,
      steps: states.steps,
      units: states.units,
      fromModel: states.kind,
    };
  }

  /** The selection as a clipped span; undefined when there is none. */
  private span(): Span | undefined {
    const value = this.selection;
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') throw new Error(`selection must be [start, end] (a JSON array of two step indices), got ${JSON.stringify(value.slice(0, 40))}.`);
    const [start, end] = Array.isArray(value) ? value : [value.start, value.end];
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new Error(`selection must be two whole step indices [start, end), got [${start}, ${end}).`);
    if (start > end) throw new Error(`selection [${start}, ${end}) ends before it starts.`);
    const steps = this.loaded?.steps ?? 0;
    const clip = (t: number) => Math.max(0, Math.min(steps, t));
    return { start: clip(start), end: clip(end) };
  }

  /** Selected units and matches for the current properties, computed once per change. */
  private ensureResult(): SelectionResult {
    const loaded = this.loaded!;
    const selection = this.span();
    const key = `${selection?.start}|${selection?.end}|${this.threshold}|${this.strict}|${this.maxMatches}`;
    if (this.result?.key === key) return this.result;
    if (typeof this.threshold !== 'number' || Number.isNaN(this.threshold)) throw new Error(`threshold must be a number, got ${String(this.threshold)}.`);
    if (!(this.maxMatches >= 0)) throw new Error(`max-matches must be a number >= 0, got ${this.maxMatches}.`);
    const states = { values: this.values!, steps: loaded.steps, units: loaded.units };
    const units = selection ? selectUnits(states, selection, { threshold: this.threshold, strict: this.strict }) : new Int32Array(0);
    const { matches, total } = selection
      ? findMatches(states, units, selection, { threshold: this.threshold, maxMatches: this.maxMatches })
      : { matches: [], total: 0 };
    this.result = { key, selection, units, matches, total, matchAt: matchIndex(loaded.steps, matches) };
    return this.result;
  }

  private tryResult(): SelectionResult | undefined {
    if (!this.ready || !this.loaded || !this.values) return undefined;
    try {
      return this.ensureResult();
    } catch {
      return undefined;
    }
  }

  private plotWidth(): number {
    return Math.max(20, (this.size.width || this.clientWidth || 600) - GUTTER - 10);
  }

  private plotHeight(): number {
    const height = this.size.height || this.clientHeight || 560;
    return Math.max(170, Math.round((height - TOOLBAR_AND_LEGEND) * 0.6));
  }

  private colormapName(): string {
    const name = this.colormap ?? (this.domain[0] < 0 ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL);
    checkColormap(name);
    return name;
  }

  /** The heat track's colour domain: symmetric around 0 for signed states. */
  private trackDomain(): [number, number] {
    const [lo, hi] = this.domain;
    if (lo < 0) {
      const m = Math.max(-lo, hi);
      return [-m, m];
    }
    return [lo, hi];
  }

  protected override drawData(): void {
    this.drawPlot(false);
  }

  /** Draws the canvas; a scroll (`scrolling`) reuses the style read by the last full draw. */
  private drawPlot(scrolling: boolean): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cells');
    if (!canvas || !this.loaded || !this.values || !this.window) return;
    const result = this.ensureResult();
    const { steps, units } = this.loaded;
    const width = Math.max(120, this.size.width || this.clientWidth);
    const height = this.plotHeight();
    const window = clampWindow(this.window, steps, width - GUTTER - 10);
    const shownUnits = this.heatmap === 'all' ? Int32Array.from({ length: units }, (_, u) => u) : result.units;
    // A first layout finds the track height; the block size follows from it.
    const rowsWanted = shownUnits.length;
    let layout = layoutTimeline(width, height, window, rowsWanted);
    this.trackRows = { units: shownUnits, block: trackBlock(shownUnits.length, layout.track.height) };
    layout = layoutTimeline(width, height, window, rowsWanted);
    this.layout = layout;
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    const style = scrolling && this.drawStyle?.colormap === this.colormapName() ? this.drawStyle : this.readStyle();
    const { font, colors } = style;
    this.drawn = drawTimePlot(ctx, layout, {
      values: this.values,
      steps,
      units,
      domain: this.domain,
      selected: result.units,
      threshold: this.threshold,
      selection: result.selection,
      matches: result.matches,
      labels: this.labels,
      colors,
      font,
      density: this.density,
    });
    if (this.trackRows.units.length) {
      const matrix = trackMatrix(this.values, units, window, this.trackRows);
      drawHeatTrack(ctx, layout, matrix, this.trackRows, {
        unit: unitScale('linear', this.trackDomain()),
        lut: style.lut,
        missing: style.missing,
        text: colors.text,
        font,
      }, this.trackBitmap);
    }
    drawOverview(ctx, layout, steps, result.selection, result.matches, colors);
    this.drawOverlay();
  }

  private readStyle(): DrawStyle {
    const computed = getComputedStyle(this);
    const muted = this.themeColor('muted');
    const colormap = this.colormapName();
    this.drawStyle = {
      font: computed.fontFamily || 'sans-serif',
      colors: {
        text: this.themeColor('text'),
        muted,
        mutedRgba: rgba(muted, [128, 128, 128, 255]),
        accent: this.themeColor('accent'),
        grid: this.themeColor('grid'),
        match: computed.getPropertyValue('--_match').trim() || 'rgba(9, 105, 218, 0.12)',
      },
      colormap,
      lut: colormapLut(colormap),
      missing: rgba(this.themeColor('missing')),
    };
    return this.drawStyle;
  }

  /** Hover rule and point, and the brush in progress: a separate canvas, so hovering never redraws the plot. */
  private drawOverlay(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.overlay');
    const layout = this.layout;
    if (!canvas || !layout) return;
    // Nothing to show and nothing shown: leave the canvas alone, so a scroll
    // frame does not hand the compositor a second changed canvas.
    const empty = !this.hover && !(this.brush && this.brush.end > this.brush.start);
    const blank = this.overlayBlank;
    if (empty && blank?.canvas === canvas && blank.width === layout.width && blank.height === layout.height) return;
    this.overlayBlank = empty ? { canvas, width: layout.width, height: layout.height } : undefined;
    const ctx = fitCanvas(canvas, layout.width, layout.height);
    ctx.clearRect(0, 0, layout.width, layout.height);
    const accent = this.drawStyle?.colors.accent ?? this.themeColor('accent');
    const text = this.drawStyle?.colors.text ?? this.themeColor('text');
    const { plot, axis, window } = layout;
    const stepWidth = plot.width / window.span;
    if (this.brush && this.brush.end > this.brush.start) {
      const x0 = stepX(layout, Math.max(this.brush.start, window.start));
      const x1 = stepX(layout, Math.min(this.brush.end, window.start + window.span));
      ctx.strokeStyle = accent;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x0, plot.y, x1 - x0, plot.height + axis.height);
      ctx.setLineDash([]);
    }
    const hover = this.hover;
    if (hover && hover.t >= window.start && hover.t < window.start + window.span) {
      const x = stepX(layout, hover.t) + stepWidth / 2;
      ctx.strokeStyle = text;
      ctx.globalAlpha = 0.5;
      ctx.beginPath();
      ctx.moveTo(x, plot.y);
      ctx.lineTo(x, plot.y + plot.height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      const [lo, hi] = this.domain;
      if (hover.value === hover.value) {
        const y = plot.y + ((hi - hover.value) / (hi - lo)) * plot.height;
        ctx.beginPath();
        ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
        ctx.fillStyle = text;
        ctx.fill();
      }
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A new selection that is off screen brings the window to it.
    if (changed.has('selection') && this.loaded && this.window) {
      try {
        const span = this.span();
        if (span && span.end > span.start) this.window = windowShowing(this.window, span.start, span.end, this.loaded.steps, this.plotWidth());
      } catch {
        // Reported by the draw that follows.
      }
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.ready) return;
    if (changed.has('window') && changed.get('window') !== undefined && this.window) {
      clearTimeout(this.textTimer);
      this.textTimer = setTimeout(() => (this.textWindow = this.window), TEXT_DELAY_MS);
      try {
        this.drawPlot(true);
      } catch (error) {
        this.showError(error, 'draw');
      }
    } else if (changed.has('hover') || changed.has('brush')) {
      this.drawOverlay();
    }
  }

  // ------------------------------------------------------------------ input

  private point(event: MouseEvent): { x: number; y: number } {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private onPointerDown(event: PointerEvent): void {
    const layout = this.layout;
    if (!layout || !this.loaded) return;
    const { x, y } = this.point(event);
    const band = bandAt(layout, x, y);
    if (band === 'plot' || band === 'axis') {
      const t = stepAt(layout, x);
      this.dragging = { band: 'brush', from: t };
      this.brush = { start: t, end: t + 1 };
    } else if (band === 'overview') {
      this.dragging = { band: 'overview', from: 0 };
      this.centreOn(overviewStepAt(layout, x, this.loaded.steps));
    } else {
      return;
    }
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    event.preventDefault();
  }

  private onPointerMove(event: PointerEvent): void {
    const layout = this.layout;
    if (!layout || !this.loaded || !this.values) return;
    const { x, y } = this.point(event);
    if (this.dragging?.band === 'brush') {
      const t = stepAt(layout, x);
      const from = this.dragging.from;
      this.brush = { start: Math.min(from, t), end: Math.max(from, t) + 1 };
      return;
    }
    if (this.dragging?.band === 'overview') {
      this.centreOn(overviewStepAt(layout, x, this.loaded.steps));
      return;
    }
    const band = bandAt(layout, x, y);
    if (band !== 'plot' && band !== 'track' && band !== 'axis') {
      this.leave();
      return;
    }
    const t = stepAt(layout, x);
    const units = this.loaded.units;
    let unit: number;
    if (band === 'track' && this.trackRows.units.length) {
      const rows = Math.ceil(this.trackRows.units.length / this.trackRows.block);
      const row = Math.max(0, Math.min(rows - 1, Math.floor(((y - layout.track.y) / layout.track.height) * rows)));
      unit = this.trackRows.units[row * this.trackRows.block];
    } else {
      // The unit whose value at t is nearest the pointer, preferring selected units within 6 px.
      const [lo, hi] = this.domain;
      const wanted = hi - ((y - layout.plot.y) / layout.plot.height) * (hi - lo);
      const tolerance = (6 / layout.plot.height) * (hi - lo);
      unit = 0;
      let best = Infinity;
      for (let u = 0; u < units; u++) {
        const d = Math.abs(this.values[t * units + u] - wanted);
        if (d < best) {
          best = d;
          unit = u;
        }
      }
      for (const u of this.result?.units ?? []) {
        if (Math.abs(this.values[t * units + u] - wanted) <= tolerance) {
          unit = u;
          break;
        }
      }
    }
    const value = this.values[t * units + unit];
    if (this.hover?.t === t && this.hover.unit === unit) return;
    this.hover = { t, unit, value, x, y };
    this.dispatchEvent(new NnHoverEvent<HiddenStateHoverDetail>({ t, unit, value, token: this.labels[t] }));
  }

  private onPointerUp(): void {
    const dragging = this.dragging;
    this.dragging = undefined;
    if (dragging?.band === 'brush' && this.brush) {
      const brush = this.brush;
      this.brush = undefined;
      this.select(brush);
    }
  }

  private leave(): void {
    if (this.dragging) return;
    if (this.hover) {
      this.hover = undefined;
      this.dispatchEvent(new NnHoverEvent<HiddenStateHoverDetail>(null));
    }
  }

  private onWheel(event: WheelEvent): void {
    const layout = this.layout;
    if (!layout || !this.loaded || !this.window) return;
    event.preventDefault();
    const { x } = this.point(event);
    const steps = this.loaded.steps;
    const horizontal = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
    if (horizontal) {
      const delta = (event.shiftKey ? event.deltaY : event.deltaX) || event.deltaY;
      const shift = (delta / layout.plot.width) * this.window.span;
      this.window = clampWindow({ start: this.window.start + Math.sign(shift) * Math.max(1, Math.abs(shift)), span: this.window.span }, steps, layout.plot.width);
    } else {
      const anchor = stepAt(layout, x);
      this.window = zoomWindow(this.window, Math.exp(event.deltaY * 0.002), anchor, steps, layout.plot.width);
    }
  }

  private centreOn(t: number): void {
    if (!this.window || !this.loaded) return;
    this.window = clampWindow({ start: t - this.window.span / 2, span: this.window.span }, this.loaded.steps, this.plotWidth());
  }

  /** Sets the selection from the user, brings it into view, and fires `nn-select`. */
  private select(span: Span | undefined): void {
    this.selection = span ? { ...span } : undefined;
    if (span && this.window && this.loaded) this.window = windowShowing(this.window, span.start, span.end, this.loaded.steps, this.plotWidth());
    this.fireSelect();
  }

  private fireSelect(): void {
    let result: SelectionResult;
    try {
      result = this.ensureResult();
    } catch (error) {
      this.showError(error, 'draw');
      return;
    }
    const detail: HiddenStateSelectDetail = {
      selection: result.selection ? { ...result.selection } : null,
      units: Array.from(result.units),
      matches: result.matches.map((m) => ({ ...m })),
    };
    this.dispatchEvent(new NnSelectEvent<HiddenStateSelectDetail>(detail));
    this.announce(this.summary(result));
  }

  private onKey(event: KeyboardEvent): void {
    // Keys typed into the toolbar's inputs, or pressed on a match button, are theirs.
    if (event.composedPath()[0] !== this || !this.ready || !this.loaded || !this.window) return;
    const steps = this.loaded.steps;
    const current = this.span();
    const width = this.plotWidth();
    let handled = true;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        const delta = event.key === 'ArrowRight' ? 1 : -1;
        if (!current || current.end <= current.start) {
          const t = Math.max(0, Math.min(steps - 1, this.window.start));
          this.select({ start: t, end: t + 1 });
        } else if (event.shiftKey) {
          const end = Math.max(current.start + 1, Math.min(steps, current.end + delta));
          this.select({ start: current.start, end });
        } else {
          const length = current.end - current.start;
          const start = Math.max(0, Math.min(steps - length, current.start + delta));
          this.select({ start, end: start + length });
        }
        break;
      }
      case 'Escape':
        this.select(undefined);
        break;
      case '+':
      case '=':
        this.window = zoomWindow(this.window, 0.5, this.window.start + this.window.span / 2, steps, width);
        break;
      case '-':
      case '_':
        this.window = zoomWindow(this.window, 2, this.window.start + this.window.span / 2, steps, width);
        break;
      case 'PageDown':
      case 'PageUp':
        this.window = clampWindow({ start: this.window.start + (event.key === 'PageDown' ? 1 : -1) * this.window.span, span: this.window.span }, steps, width);
        break;
      case 'Home':
        this.window = clampWindow({ start: 0, span: this.window.span }, steps, width);
        break;
      case 'End':
        this.window = clampWindow({ start: steps, span: this.window.span }, steps, width);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  private onThreshold(event: Event): void {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    if (Number.isNaN(value)) return;
    this.threshold = value;
    this.fireSelect();
  }

  private onStrict(event: Event): void {
    this.strict = (event.target as HTMLInputElement).checked;
    this.fireSelect();
  }

  /** One stable handler, so the text view's listener is not rebound every frame. */
  private readonly tokenHandler = (t: number, event: MouseEvent) => this.onToken(t, event);

  private onToken(t: number, event: MouseEvent): void {
    const current = this.span();
    if (event.shiftKey && current && current.end > current.start) this.select({ start: Math.min(current.start, t), end: Math.max(current.end, t + 1) });
    else this.select({ start: t, end: t + 1 });
  }

  private onMatch(index: number): void {
    const match = this.result?.matches[index];
    if (!match || !this.window || !this.loaded) return;
    this.window = clampWindow({ start: match.start - Math.max(1, Math.floor((this.window.span - (match.end - match.start)) / 2)), span: this.window.span }, this.loaded.steps, this.plotWidth());
    this.announce(`Match ${index + 1}: steps ${match.start} to ${match.end - 1} shown.`);
  }

  // ------------------------------------------------------------------ view

  /** "Steps 4-8 "( ( a": 3 units on (u1, u7, u19) at threshold 0.3; 12 matches." */
  private summary(result: SelectionResult): string {
    const selection = result.selection;
    if (!selection || selection.end <= selection.start) return 'No selection: drag over the plot or the tokens (or use ←/→) to select steps.';
    const phrase = this.labels.slice(selection.start, Math.min(selection.end, selection.start + 12)).join(this.joined ? '' : ' ');
    const more = selection.end - selection.start > 12 ? '…' : '';
    const what = `Steps ${selection.start}–${selection.end - 1} "${phrase}${more}"`;
    const rule = `threshold ${this.threshold}${this.strict ? ', strict' : ''}`;
    const n = result.units.length;
    if (n === 0) return `${what}: no unit is on throughout it (${rule}), so no matches.`;
    const list = Array.from(result.units.slice(0, 8), (u) => `u${u}`).join(', ') + (n > 8 ? ', …' : '');
    const all = n === this.loaded!.units ? ' (every unit)' : '';
    const matches = result.total === 0 ? 'no other place where all are on' : `${result.total} match${result.total === 1 ? '' : 'es'}`;
    return `${what}: ${n} unit${n === 1 ? '' : 's'} on${all} (${list}) at ${rule}; ${matches}.`;
  }

  private emptyReason(result: SelectionResult): string {
    if (!result.selection || result.selection.end <= result.selection.start) return 'No selection yet, so no matches.';
    if (result.units.length === 0) return `No unit is on throughout the selection at threshold ${this.threshold}${this.strict ? ' (strict)' : ''}, so there is nothing to match.`;
    return 'The selected units are all on nowhere else.';
  }

  /** The heat track's colour legend, rebuilt only when its colormap or domain changes. */
  private legend(): unknown {
    const colormap = this.colormapName();
    const domain = this.trackDomain();
    return guard([colormap, domain[0], domain[1]], () => legendTemplate({ colormap, domain, scale: 'linear', width: 200, missingColor: undefined }));
  }

  /**
   * Scrolling changes only `window`: the text view, the match view and the
   * legend are behind `guard`, so a scroll frame's update skips their
   * hundreds of bindings (Lit's update of a scroll frame: 1.0 ms median
   * before, 0.6 ms after, profiled on the loaded bench machine).
   */
  protected override renderView(): TemplateResult | typeof nothing {
    if (!this.ready || !this.loaded || !this.window) return nothing;
    const result = this.ensureResult();
    const { steps, units } = this.loaded;
    const window = this.window;
    const text = this.textWindow ?? window;
    const shown = { start: text.start, span: Math.min(text.span, TEXT_TOKENS) };
    const hover = this.hover;
    const drawnNote = this.drawn
      ? this.drawn.mode === 'density'
        ? `${units} units as a density (darker: more units)`
        : `${units} units as thin lines`
      : '';
    const selectedNote = result.units.length
      ? `thick lines: ${this.drawn && this.drawn.selectedDrawn < result.units.length ? `the first ${this.drawn.selectedDrawn} of ` : ''}${result.units.length} selected`
      : '';
    const trackNote =
      this.trackRows.units.length === 0
        ? 'heat track: select steps to see the units on there'
        : `heat track: ${this.heatmap === 'all' ? 'all units' : 'selected units'}${this.trackRows.block > 1 ? `, mean of ${this.trackRows.block} units a row` : ''}`;
    return html`
      <div class="toolbar" part="toolbar">
        <span class="status" part="status">${this.summary(result)}</span>
        <label>threshold <input part="threshold" type="number" step="0.05" .value=${String(this.threshold)} @change=${this.onThreshold}
          aria-label="Threshold: a unit is on at or above it"></label>
        <label><input type="checkbox" .checked=${this.strict} @change=${this.onStrict}> strict</label>
        ${this.loaded.cell
          ? html`<label>state <select aria-label="Which states" @change=${(e: Event) => (this.stateKind = (e.target as HTMLSelectElement).value as StateKind)}>
              <option value="hidden" ?selected=${this.stateKind === 'hidden'}>hidden h</option>
              <option value="cell" ?selected=${this.stateKind === 'cell'}>cell c</option>
            </select></label>`
          : nothing}
      </div>
      <div class="plot" style=${`height: ${this.plotHeight()}px`}>
        <canvas class="cells" part="canvas" role="img"
          aria-label=${`Time plot of steps ${text.start} to ${text.start + text.span - 1} of ${steps}: ${units} units, ${result.units.length} selected, threshold ${this.threshold}. Heat track and overview below it.`}></canvas>
        <canvas class="overlay" aria-hidden="true"
          @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp} @pointerleave=${this.leave} @wheel=${this.onWheel}></canvas>
        ${hover
          ? html`<div part="tooltip" style=${`left: ${Math.min(hover.x + 12, (this.layout?.width ?? 300) - 160)}px; top: ${Math.max(0, hover.y - 28)}px`}>
              step ${hover.t} “${visible(this.labels[hover.t])}” · u${hover.unit} = ${formatValue(hover.value)}
            </div>`
          : nothing}
      </div>
      <div class="legend-row">
        ${this.trackRows.units.length ? this.legend() : nothing}
        <span data-export-text>${[drawnNote, selectedNote, 'dashed: threshold', trackNote].filter(Boolean).join(' · ')}</span>
      </div>
      <div class="below">
        ${guard([this.labels, shown.start, shown.span, result, this.joined], () =>
          textTemplate({ labels: this.labels, window: shown, selection: result.selection, matchAt: result.matchAt, joined: this.joined, onToken: this.tokenHandler }),
        )}
        ${guard([this.labels, result, this.maxMatches, this.context, this.joined], () =>
          matchesTemplate({
            labels: this.labels,
            matches: result.matches,
            total: result.total,
            maxMatches: this.maxMatches,
            context: Math.max(0, Math.floor(this.context)),
            joined: this.joined,
            empty: this.emptyReason(result),
            onMatch: (i) => this.onMatch(i),
          }),
        )}
      </div>
    `;
  }

  protected override describe(): string {
    if (!this.loaded) return 'Hidden-state tracer';
    const { steps, units, fromModel } = this.loaded;
    const source = fromModel ? `${fromModel} layer ${this.layer ?? ''}`.trim() + ', ' : '';
    return `Hidden-state tracer: ${steps} steps × ${units} units (${source}${this.stateKind} states). Drag over the plot to select steps; arrow keys move the selection.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nn-hidden-state-tracer': HiddenStateTracer;
  }
}

declare module '../../events/events.js' {
  interface NnHoverDetails {
    'nn-hidden-state-tracer': HiddenStateHoverDetail;
  }
  interface NnSelectDetails {
    'nn-hidden-state-tracer': HiddenStateSelectDetail;
  }
}
