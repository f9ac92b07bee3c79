import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NnElement, type Typography } from '../base/nn-element.js';
import { jsonAttribute } from '../base/json-attribute.js';
import { viewOf, type ElementView, type ViewTable } from '../base/view.js';
import { CursorController, type ZoomExtent } from '../interaction/keys.js';
import { PointerController } from '../interaction/pointer.js';
import { tooltipTemplate } from '../interaction/tooltip.js';
import { NnHoverEvent, NnSelectEvent, type LinkState } from '../../events/events.js';
import type { TensorInput } from '../../data/load-tensor.js';
import type { Span } from '../../compute/hidden-states/types.js';
import { fitCanvas } from '../../render/canvas.js';
import { legendTemplate } from '../../render/legend.js';
import { clampWindow, initialWindow, naturalCanvasHeight, windowShowing, GUTTER, type StepWindow } from './timeline-layout.js';
import { DensityImage } from './density-image.js';
import { TrackBitmap } from './draw-heat-track.js';
import type { SelectionResult, StepTarget, TracedStates, TracerFrame, TracerHost, TracerTarget } from './views/host.js';
import { timePlotView } from './views/time-plot.js';
import { heatTrackView, tracerLayout, trackUnits } from './views/heat-track.js';
import { overviewView } from './views/overview.js';
import { textView } from './views/text.js';
import { matchesView } from './views/matches.js';
import { stepTarget } from './views/step-card.js';
import { summarize } from './views/summary.js';
import { timelineGestures } from './views/gestures.js';
import { toolbarTemplate } from './toolbar.js';
import { readDrawStyle } from './draw-style.js';
import { hiddenStateTracerStyles } from './styles.js';
import { innerControlKey } from './inner-keys.js';
import { stepSpan } from './selection-value.js';
import { TracerPipeline } from './pipeline.js';

/** Payload of `nn-select` on the tracer. */
export interface HiddenStateSelectDetail {
  kind: 'tracer-selection';
  /** The brushed range `[start, end)`, or null when the selection was cleared. */
  selection: Span | null;
  /** {@link HiddenStateTracer.selectedUnits} for it. */
  units: number[];
  /** {@link HiddenStateTracer.matchRuns} for it. */
  matches: Span[];
}

/** Payload of `nn-hover` on the tracer (null when the pointer leaves or the cursor is cleared). */
export interface HiddenStateHoverDetail {
  kind: 'tracer-step';
  t: number;
  unit: number;
  value: number;
  token: string;
}

/** What the tracer shows as its states. */
export type StateKind = 'hidden' | 'cell';

/** `layer="2"` is a layer index (of `[L, T, D]` states); `layer="lstm"` a layer name (of a model). */
const layerConverter = {
  fromAttribute: (value: string | null): number | string | undefined =>
    value === null ? undefined : /^\s*\d+\s*$/.test(value) ? Number(value) : value,
  toAttribute: (value: number | string | undefined): string | null => (value === undefined ? null : String(value)),
};

/** A view in the table, whose `Target` the table erases (ViewTable holds `ElementView<Host, never>`). */

/** The text view catches up with the plot this long after scrolling stops. */
export const TEXT_DELAY_MS = 120;

/**
 * LSTMVis (Strobelt et al., 2018) in one element: brush a range of tokens,
 * set a threshold, and see the units that are on throughout it and every
 * other place where all of them are on. Five views, each a module in
 * `views/` behind one interface, shown together: the time plot of every unit
 * over the visible window, the units x time heat track and the overview bar
 * (bands of one canvas), the text with matches highlighted, and LSTMVis's
 * match view. Scrolls and zooms over sequences of any length: only the
 * visible window is ever drawn, from one Float32Array.
 *
 * Input: `states` (`[T, D]`, or `[L, T, D]` with `layer`), optionally
 * `cellStates` beside them (`state="cell"` shows those); or a `model` (a
 * tf.LayersModel with an LSTM, GRU or SimpleRNN layer) with `input` token
 * ids, in which case the states are recorded by stepping that layer's cell.
 *
 * Selection, exactly: `selectedUnits` are the units u with
 * `states[t][u] >= threshold` for every t in `selection` = [start, end); with
 * `strict`, u must also be below the threshold at start - 1 and at end where
 * those exist. `matches` are the maximal runs of steps where all selected
 * units are >= threshold, except runs overlapping the selection, longest
 * first, then earliest, at most `max-matches` (read them as `matchRuns`).
 * A selection reaching past the sequence is clipped to it.
 *
 * Keyboard (the one key table; the steps are a range): ←/→ move the
 * selection one step, Shift+←/→ extend or shrink it, PageUp/PageDown pan a
 * screenful, Home/End go to either end, Enter/Space select the step under
 * the cursor, +/- zoom around the cursor, 0 resets the zoom, Escape clears
 * the selection and the cursor and resets the zoom. The element is one tab
 * stop (focus shows the value card at the selection); its inner controls
 * are reached by keys inside it: T the toolbar (←/→ between threshold,
 * strict and state), M the match list (↑/↓, Home/End, Enter goes to the
 * match); Escape comes back to the plot.
 *
 * Size: with no height set the element is as tall as its content (a plot
 * proportioned to its width, a labelled row per selected unit, the text
 * and up to about twelve match rows, then the list scrolls); a set height
 * gives the spare to the plot.
 *
 * Linking: hovering or moving the cursor publishes `{token}`; brushing,
 * clicking tokens or the keys publish `{tokenRange, units}` (the units the
 * selection gives). `applyLink` shows a
 * `token` as the cursor (scrolling to it) and a `tokenRange` as the
 * selection; `units` is ignored (the tracer's units follow from the selection).
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
 * @csspart tooltip - The step, unit and value under the pointer or the keyboard cursor.
 * @csspart text - The tokens of the visible window.
 * @csspart token - One token in the text view.
 * @csspart matches - The match view.
 * @csspart matches-heading - How many matches, and the cap.
 * @csspart match - One match row (a button: scrolls the plot to it).
 * @cssproperty [--nn-match-color=accent at 12%] - Background of matches (text, plot bands, match rows).
 * @cssproperty [--nn-selected-token-color=var(--nn-accent-color)] - Underline of selected tokens.
 * @fires nn-select - {@link NnSelectEvent} when the user brushes, moves the selection or changes the threshold: `detail: {kind: 'tracer-selection', selection, units, matches}`.
 * @fires nn-hover - {@link NnHoverEvent}: `detail: {kind: 'tracer-step', t, unit, value, token}` under the pointer or the keyboard cursor, or `null` when it leaves.
 */
export class HiddenStateTracer extends NnElement implements TracerHost {
  static override styles = [...NnElement.styles, hiddenStateTracerStyles];

  /** The views, drawn and hit-tested in this order (a new view is one module and one entry). */
  static views: ViewTable<TracerHost, TracerTarget> = {
    plot: timePlotView,
    track: heatTrackView,
    overview: overviewView,
    text: textView,
    matches: matchesView,
  };

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

  /** A scroll or zoom redraws in the same frame as its input (in `updated`), not in the base's next-frame redraw. */
  protected static override overlayProperties = ['hovered', 'brushed', 'window', 'shownText'];

  /** Hidden states `[T, D]` (time x units) or `[L, T, D]` (layers): a tensor, nested arrays, `{data, shape}`, bytes or a File. Tensors stay yours. */
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
  /** The brushed range `[start, end)` of steps, e.g. `{start: 4, end: 9}` or attribute `selection="[4, 9]"`. Set by brushing the plot or the tokens. */
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
    return Array.from(this.result?.units ?? []);
  }

  /** The matches listed, longest first (`matchRuns`, not `matches`, which every element has as a DOM method). */
  get matchRuns(): Span[] {
    return this.result?.matches.map((m) => ({ ...m })) ?? [];
  }

  /** How many matches there are before the `max-matches` cap. */
  get matchCount(): number {
    return this.result?.total ?? 0;
  }

  /** The steps on screen, `[start, end)`. */
  get visibleSteps(): Span | undefined {
    return this.window ? { start: this.window.start, end: this.window.start + this.window.span } : undefined;
  }

  /** Shows steps `[start, end)` (as nearly as the zoom limits allow), e.g. `tracer.showSteps(5000, 5200)`. */
  showSteps(start: number, end: number): void {
    this.showWindow({ start, span: end - start });
  }

  @state() private window?: StepWindow;
  /** The text view's window: follows `window` once scrolling pauses (re-laying out 240 tokens cost a third of a scroll frame). */
  @state() private shownText?: StepWindow;
  @state() private hovered?: StepTarget;
  @state() private brushed?: Span;
  private textTimer?: ReturnType<typeof setTimeout>;
  /** The plot box's height as laid out (a set height gives it the spare); read on full draws, kept for scroll frames. */
  @state() private plotBoxHeight = 0;
  private plotObserver?: ResizeObserver;
  private observedPlot?: Element;
  /** The element's type, read on full draws (the natural height depends on the label size). */
  private type?: Typography;
  private pipelineDraw = false;
  private current?: TracerFrame;
  private overlayBlank?: { canvas: HTMLCanvasElement; width: number; height: number };
  private readonly data = new TracerPipeline();
  /** @internal */ readonly density = new DensityImage();
  /** @internal */ readonly trackBitmap = new TrackBitmap();

  private readonly pointer = new PointerController(
    this,
    timelineGestures(this, {
      hitTest: (point) => this.views().reduce<TracerTarget | undefined>((found, view) => found ?? view.hitTest?.(this, point), undefined),
      hover: (target) => this.setCursor(target, true) && this.linker.publish({ token: target?.t ?? null }),
      brush: (span) => (this.brushed = span),
    }),
  );

  /** The one key table, handed to the views' `command`. */
  protected readonly keys = new CursorController(this, {
    range: true,
    command: (command) => this.ready && this.views().some((view) => view.command?.(this, command) === true),
  });

  constructor() {
    super();
    // Before the CursorController's listener (added on connect): `t` and `m` reach the inner controls, whose keys are theirs.
    this.addEventListener('keydown', (event) => {
      if (innerControlKey(this, this.renderRoot, event)) event.preventDefault();
    });
    this.addEventListener('focus', (event) => this.focusCard(event));
    this.addEventListener('focusout', () => queueMicrotask(() => this.blurCard()));
  }

  /** Keyboard focus on the element shows the value card (and says the value): at the selection's first step, else the window's. */
  private focusCard(event: FocusEvent): void {
    if (event.composedPath()[0] !== this || !this.ready || this.hovered || !this.window || !this.matches(':focus-visible')) return;
    const { start, span } = this.window;
    const selection = this.result?.selection;
    const t = selection && selection.end > selection.start && selection.start >= start && selection.start < start + span ? selection.start : start;
    this.moveCursor(t);
  }

  /** Leaving the element takes the keyboard's card with it (a pointer's card goes when the pointer leaves). */
  private blurCard(): void {
    if (this.matches(':focus-within') || !this.hovered || this.hovered.at) return;
    this.moveCursor(undefined);
  }

  // ------------------------------------------------------------ host (for the views)

  /** @internal */ get traced(): TracedStates | undefined {
    return this.ready ? this.data.traced : undefined;
  }
  /** @internal The selection's units and matches; undefined while an input is invalid (the error says why). */
  get result(): SelectionResult | undefined {
    try {
      return this.traced && this.data.result(this);
    } catch {
      return undefined;
    }
  }
  /** @internal */ get stepWindow(): StepWindow | undefined {
    return this.window;
  }
  /** @internal */ get textWindow(): StepWindow | undefined {
    return this.shownText;
  }
  /** @internal */ get cursor(): StepTarget | undefined {
    return this.hovered;
  }
  /** @internal */ get brush(): Span | undefined {
    return this.brushed;
  }
  /** @internal */ get frame(): TracerFrame | undefined {
    return this.current;
  }
  /** @internal */ get plotWidth(): number {
    return Math.max(20, (this.size.width || this.clientWidth || 600) - GUTTER - 10);
  }
  /** The steps the plot shows, for the words said after +, -, 0 and Escape. */
  protected override zoomExtent(): readonly ZoomExtent[] | undefined {
    if (!this.window || !this.traced) return undefined;
    const steps = this.traced.steps;
    return [{ axis: 'steps', start: this.window.start, end: Math.min(steps, this.window.start + this.window.span), total: steps }];
  }
  /** @internal */ override announce(text: string): void {
    super.announce(text);
  }

  /** @internal Sets the selection from a gesture: brings it into view, fires nn-select and nn-link; `cursor` moves the cursor too. */
  select(span: Span | undefined, cursor?: number): void {
    this.selection = span ? { ...span } : undefined;
    if (span && this.window && this.traced) this.window = windowShowing(this.window, span.start, span.end, this.traced.steps, this.plotWidth);
    const result = this.fireSelect();
    const tokenRange = span ? ([span.start, span.end] as const) : null;
    // The units the selection gives travel with it, for linked views (and pages) that show units.
    const units = result ? Array.from(result.units) : null;
    if (cursor === undefined) return this.linker.publish({ tokenRange, units });
    this.setCursor(stepTarget(this, cursor), true);
    this.linker.publish({ tokenRange, units, token: cursor });
    if (result) this.announce(`${this.sentence(this.hovered)} ${summarize(this, result)}`.trim());
  }
  /** @internal */ showWindow(window: StepWindow): void {
    if (this.traced) this.window = clampWindow(window, this.traced.steps, this.plotWidth);
  }
  /** @internal */ moveCursor(t: number | undefined): void {
    const target = t === undefined ? undefined : stepTarget(this, t);
    if (!this.setCursor(target, true)) return;
    this.linker.publish({ token: target?.t ?? null });
    if (target) this.announce(this.sentence(target));
  }
  /** @internal */ goToMatch(index: number): void {
    const match = this.result?.matches[index];
    if (!match || !this.window) return;
    this.showWindow({ start: match.start - Math.max(1, Math.floor((this.window.span - (match.end - match.start)) / 2)), span: this.window.span });
    this.announce(`Match ${index + 1}: steps ${match.start} to ${match.end - 1} shown.`);
  }
  /** @internal */ pickToken(t: number, extend: boolean): void {
    const current = this.result?.selection;
    if (extend && current && current.end > current.start) this.select({ start: Math.min(current.start, t), end: Math.max(current.end, t + 1) });
    else this.select({ start: t, end: t + 1 });
  }

  /** What the view that made `target` says about it, for screen-reader users. */
  private sentence(target: StepTarget | undefined): string {
    return (target && viewOf(HiddenStateTracer.views, target.view).describe?.(this, target as never)) ?? '';
  }

  // ------------------------------------------------------------ link

  /** Shows a linked state: `token` as the cursor (scrolled into view), `tokenRange` as the selection; `units` is ignored. */
  override showLinked(state: LinkState): void {
    if (!this.traced) {
      // Before the states are there (a late member of a link group, or back on the page): shown with the first draw.
      this.pendingLink = { ...this.pendingLink, ...state };
      return;
    }
    if (state.tokenRange !== undefined) this.selection = state.tokenRange ? { start: state.tokenRange[0], end: state.tokenRange[1] } : undefined;
    if (state.token === undefined) return;
    const target = state.token === null ? undefined : stepTarget(this, state.token);
    this.setCursor(target, false);
    if (target && this.window && this.traced) this.window = windowShowing(this.window, target.t, target.t + 1, this.traced.steps, this.plotWidth);
  }

  // ------------------------------------------------------------ data

  protected override async computeData(signal: AbortSignal): Promise<void> {
    const inputs = {
      states: this.states ?? this.src,
      cellStates: this.cellStates ?? this.cellSrc,
      model: this.model,
      input: this.input,
      layer: this.model ? this.layer : undefined,
    };
    if (await this.data.run(inputs, this.stateKind, this.layer, this.tokens, signal)) this.window = undefined;
    // Open on the selection: the window centred on it, not at step 0 (a bad selection opens at 0; the draw reports it).
    let around: Span | undefined;
    try {
      around = stepSpan('selection', this.selection, this.data.traced!.steps);
    } catch {
      around = undefined;
    }
    this.window ??= initialWindow(this.data.traced!.steps, this.plotWidth, around);
    this.shownText = this.window;
    this.pipelineDraw = true;
  }

  protected override releaseData(): void {
    clearTimeout(this.textTimer);
    this.data.clear();
    this.window = this.shownText = this.hovered = this.current = undefined;
  }

  private views(): ElementView<TracerHost, TracerTarget>[] {
    return Object.values(HiddenStateTracer.views) as ElementView<TracerHost, TracerTarget>[];
  }

  // ------------------------------------------------------------ drawing

  /** A linked state given before there were states to show it on. */
  private pendingLink?: LinkState;

  protected override drawData(): void {
    const inPipeline = this.pipelineDraw;
    this.pipelineDraw = false;
    const linked = this.pendingLink;
    this.pendingLink = undefined;
    if (linked) this.showLinked(linked);
    try {
      this.drawCanvas(false);
    } catch (error) {
      // A bad display attribute must not fail the pipeline: the data stays, and fixing the attribute redraws.
      if (!inPipeline) throw error;
      this.showError(error, 'draw');
    }
  }

  /** Draws every canvas view; a scroll (`scrolling`) reuses the style read by the last full draw. */
  private drawCanvas(scrolling: boolean): void {
    const traced = this.traced;
    if (!traced || !this.window) return;
    this.data.result(this);
    const scale = this.data.colourScale(this.colormap);
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cells');
    if (!canvas) return;
    const width = Math.max(120, this.size.width || this.clientWidth);
    if (!scrolling || !this.current) this.type = this.typography();
    const style = scrolling && this.current ? this.current.style : readDrawStyle(this, this.type!);
    // Full draws read the plot box as laid out (a scroll frame reuses it: reading it would force a layout).
    const box = canvas.parentElement as HTMLElement;
    const height = Math.max(60, (scrolling && this.plotBoxHeight) || box.clientHeight || this.naturalHeight(width));
    const { layout, trackRows } = tracerLayout(
      width,
      height,
      clampWindow(this.window, traced.steps, width - GUTTER - 10),
      trackUnits(this),
      style.label,
    );
    const ctx = fitCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    this.current = { ctx, layout, scale, style, trackRows };
    for (const view of this.views()) view.draw?.(this);
    this.drawOverlay();
  }

  /** The cursor and the brush, on their own canvas: hovering never redraws the plot. */
  private drawOverlay(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.overlay');
    const frame = this.current;
    if (!canvas || !frame) return;
    const { width, height } = frame.layout;
    // Nothing to show and nothing shown: leave the canvas alone, so a scroll frame hands the compositor one changed canvas, not two.
    const empty = !this.hovered && !(this.brushed && this.brushed.end > this.brushed.start);
    const blank = this.overlayBlank;
    if (empty && blank?.canvas === canvas && blank.width === width && blank.height === height) return;
    this.overlayBlank = empty ? { canvas, width, height } : undefined;
    frame.overlay = fitCanvas(canvas, width, height);
    frame.overlay.clearRect(0, 0, width, height);
    for (const view of this.views()) view.drawOverlay?.(this);
  }

  /** The canvas height the content needs at `width` (the plot box's flex basis: a set height adds the spare to it). */
  private naturalHeight(width: number): number {
    return naturalCanvasHeight(width, trackUnits(this).length, (this.type ??= this.typography()).label);
  }

  /** Watches the plot box: a set height, a flex change or a wrap of the toolbar resizes the canvas. */
  private observePlot(): void {
    const box = this.renderRoot.querySelector('.plot');
    if (box === this.observedPlot) return;
    this.plotObserver?.disconnect();
    this.observedPlot = box ?? undefined;
    if (!box) return;
    this.plotObserver ??= new ResizeObserver(([entry]) => {
      const height = Math.round(entry.contentRect.height);
      if (height !== this.plotBoxHeight) this.plotBoxHeight = height;
    });
    this.plotObserver.observe(box);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plotObserver?.disconnect();
    this.observedPlot = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A new selection that is off screen brings the window to it (a bad one is reported by the draw).
    const span = changed.has('selection') && this.traced && this.window ? this.result?.selection : undefined;
    if (span && span.end > span.start) this.window = windowShowing(this.window!, span.start, span.end, this.traced!.steps, this.plotWidth);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.observePlot();
    if (!this.ready) return;
    if (changed.has('window') && changed.get('window') !== undefined && this.window) {
      clearTimeout(this.textTimer);
      this.textTimer = setTimeout(() => (this.shownText = this.window), TEXT_DELAY_MS);
      try {
        this.drawCanvas(true);
      } catch (error) {
        this.showError(error, 'draw');
      }
    } else if (changed.has('hovered') || changed.has('brushed')) {
      this.drawOverlay();
    }
  }

  // ------------------------------------------------------------ gestures

  /** Moves the cursor (undefined clears it); `fire` sends nn-hover. Returns whether it moved. */
  private setCursor(target: StepTarget | undefined, fire: boolean): boolean {
    if (target?.t === this.hovered?.t && target?.unit === this.hovered?.unit && !target === !this.hovered) return false;
    this.hovered = target;
    if (fire) {
      const detail: HiddenStateHoverDetail | null = target
        ? { kind: 'tracer-step', t: target.t, unit: target.unit, value: target.value, token: this.traced!.labels[target.t] }
        : null;
      this.dispatchEvent(new NnHoverEvent<HiddenStateHoverDetail>(detail));
    }
    return true;
  }

  private fireSelect(): SelectionResult | undefined {
    let result: SelectionResult;
    try {
      result = this.data.result(this);
    } catch (error) {
      this.showError(error, 'draw');
      return undefined;
    }
    const selection = result.selection ? { ...result.selection } : null;
    this.dispatchEvent(
      new NnSelectEvent<HiddenStateSelectDetail>({
        kind: 'tracer-selection',
        selection,
        units: Array.from(result.units),
        matches: result.matches.map((m) => ({ ...m })),
      }),
    );
    this.announce(summarize(this, result));
    return result;
  }

  // ------------------------------------------------------------ template

  /** The heat track's colour legend, from the scale the track is painted with; rebuilt only when that scale changes. */
  private legend(): unknown {
    const scale = this.data.colourScale(this.colormap);
    const label = `${this.stateKind === 'cell' ? 'cell' : 'hidden'} state value (heat track)`;
    const fontSize = this.typography().label;
    return guard([scale, label, fontSize], () =>
      legendTemplate({ colormap: scale.colormap, domain: scale.domain, scale: scale.type, width: 200, label, fontSize }),
    );
  }

  protected override renderView(): TemplateResult | typeof nothing {
    const traced = this.traced;
    const result = this.result;
    if (!traced || !result || !this.window) return nothing;
    const text = this.shownText ?? this.window;
    const cursor = this.hovered;
    const card = cursor && this.current && viewOf(HiddenStateTracer.views, cursor.view).tooltip?.(this, cursor as never);
    const notes = this.views().flatMap((view) => view.legendNotes?.(this) ?? []);
    return html`
      ${toolbarTemplate({
        status: summarize(this, result),
        threshold: this.threshold,
        strict: this.strict,
        stateKind: this.data.loaded?.cell ? this.stateKind : undefined,
        onThreshold: (value) => ((this.threshold = value), this.fireSelect()),
        onStrict: (strict) => ((this.strict = strict), this.fireSelect()),
        onState: (kind) => (this.stateKind = kind),
      })}
      <div class="plot" style=${`flex-basis: ${this.naturalHeight(Math.max(120, this.size.width || this.clientWidth))}px`}>
        <canvas class="cells" part="canvas" role="img"
          aria-label=${`Time plot of steps ${text.start} to ${text.start + text.span - 1} of ${traced.steps}: ${traced.units} units, ${result.units.length} selected, threshold ${this.threshold}. Heat track and overview below it.`}></canvas>
        <canvas class="overlay" aria-hidden="true" ${this.pointer.attach()}></canvas>
        ${tooltipTemplate(card, this.current?.layout.width ?? this.size.width)}
      </div>
      <div class="legend-row">
        ${trackUnits(this).length ? this.legend() : nothing}
        <span data-export-text>${notes.join(' · ')}</span>
      </div>
      <div class="below" tabindex="-1">${this.views().map((view) => view.template(this))}</div>
    `;
  }

  protected override describe(): string {
    const source = this.data.loaded;
    if (!source) return 'Hidden-state tracer';
    const from = source.fromModel ? `${source.fromModel} layer ${this.layer ?? ''}`.trim() + ', ' : '';
    return `Hidden-state tracer: ${source.steps} steps × ${source.units} units (${from}${this.stateKind} states). Drag over the plot to select steps; arrow keys move the selection.`;
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
