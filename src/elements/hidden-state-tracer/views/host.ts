import type { Span } from '../../../compute/hidden-states/types.js';
import type { Point } from '../../interaction/pointer.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import type { DensityImage } from '../density-image.js';
import type { TrackBitmap, TrackLabel, TrackRows } from '../draw-heat-track.js';
import type { TimePlotInput } from '../draw-time-plot.js';
import type { StepWindow, TimelineLayout } from '../timeline-layout.js';

/** One layer of states as the views read them: `[steps, units]` row-major, with its labels. */
export interface TracedStates {
  values: Float32Array;
  steps: number;
  units: number;
  /** The y-axis domain: the finite range widened to include 0. */
  domain: readonly [number, number];
  /** One label per step (the tokens, or the step numbers). */
  labels: readonly string[];
  /** Characters run together (a character model's tokens), words get spaces. */
  joined: boolean;
}

/** Selected units and matches for the current selection, threshold and rule. */
export interface SelectionResult {
  selection?: Span;
  units: Int32Array;
  matches: Span[];
  total: number;
  /** step -> match index, -1 for none. */
  matchAt: Int32Array;
}

/**
 * What a point or the keyboard cursor lands on: a step (and the unit nearest
 * the pointer there) in the time plot, its axis or the heat track, or a step
 * of the overview bar. `view` names the view that made it, so the tooltip and
 * the sentence come from that view.
 */
export type TracerTarget =
  | { view: 'plot' | 'track'; band: 'plot' | 'axis' | 'track'; t: number; unit: number; value: number; at?: Point }
  | { view: 'overview'; band: 'overview'; t: number };

/** A step target: what nn-hover and the tooltip describe. */
export type StepTarget = Extract<TracerTarget, { view: 'plot' | 'track' }>;

/** Theme colours and font, read from computed style on full draws (scroll frames reuse them). */
export interface DrawStyle {
  font: string;
  /** Size in px of axis labels, ticks and unit labels (the element's typography().label). */
  label: number;
  colors: TimePlotInput['colors'];
  missing: [number, number, number, number];
}

/** One draw's geometry and paint: built by the element per draw, read by every canvas view. */
export interface TracerFrame {
  ctx: CanvasRenderingContext2D;
  layout: TimelineLayout;
  scale: ColourScale;
  style: DrawStyle;
  trackRows: TrackRows;
  /** The unit labels the heat track drew, top to bottom (set by its draw). */
  trackLabels?: TrackLabel[];
  /** The overlay canvas's context while overlays are drawn. */
  overlay?: CanvasRenderingContext2D;
}

/**
 * The narrow face of `<nn-hidden-state-tracer>` its views see: the data
 * stages' values, the attributes they read, the cursor and brush, the
 * current frame, and a few actions. A plain object with these members
 * drives a view in a test.
 */
export interface TracerHost {
  readonly traced: TracedStates | undefined;
  readonly result: SelectionResult | undefined;
  readonly threshold: number;
  readonly strict: boolean;
  readonly heatmap: 'selected' | 'all';
  readonly maxMatches: number;
  readonly context: number;
  /** The steps on the plot. */
  readonly stepWindow: StepWindow | undefined;
  /** The steps the text view shows: follows `stepWindow` once scrolling pauses. */
  readonly textWindow: StepWindow | undefined;
  /** The step under the pointer, the keyboard cursor, or a linked step. */
  readonly cursor: StepTarget | undefined;
  /** The brush being dragged. */
  readonly brush: Span | undefined;
  readonly frame: TracerFrame | undefined;
  /** The plot's width in CSS pixels (for window clamping). */
  readonly plotWidth: number;
  readonly density: DensityImage;
  readonly trackBitmap: TrackBitmap;
  /** Sets the selection from a gesture: fires nn-select and nn-link, brings it into view; `cursor` also moves the cursor there. */
  select(span: Span | undefined, cursor?: number): void;
  /** Shows these steps (clamped to the sequence and the zoom limits). */
  showWindow(window: StepWindow): void;
  /** Moves the keyboard cursor to step `t` (announced, nn-hover, nn-link); undefined clears it. */
  moveCursor(t: number | undefined): void;
  /** Scrolls the plot to match `index` of the match list. */
  goToMatch(index: number): void;
  /** A click on token `t` in the text view (Shift extends the selection). */
  pickToken(t: number, extend: boolean): void;
  announce(text: string): void;
}
