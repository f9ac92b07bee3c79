/**
 * Pure layout maths of the tracer's canvas: which steps are visible, where
 * each band sits, and pixel <-> step conversions. No Lit, no DOM.
 */

/** The visible steps `[start, start + span)`. */
export interface StepWindow {
  start: number;
  span: number;
}

/** A rectangle in CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where every band of the canvas is. */
export interface TimelineLayout {
  width: number;
  height: number;
  /** The time plot (lines or density). */
  plot: Box;
  /** Token labels under the time axis; brushing here selects. */
  axis: Box;
  /** The units x time heat track. */
  track: Box;
  /** The whole sequence, with the visible window and the matches; drag to scroll. */
  overview: Box;
  window: StepWindow;
}

export const GUTTER = 46;
const RIGHT = 10;
const OVERVIEW_HEIGHT = 16;
const GAP = 6;
/** Heat-track rows up to this many are each tall enough for their unit's label; more share the height. */
export const LABELLED_ROWS = 12;
/** The tallest the heat track grows by itself (rows beyond it are averaged in blocks, see trackBlock). */
const TRACK_MAX = 200;
/** Smallest height the time plot is drawn at: below it the lines are a smear. */
export const MIN_PLOT = 90;

/** A heat-track row tall enough for a unit label of `label` px. */
export function labelledRow(label: number): number {
  return Math.max(12, Math.ceil(label) + 4);
}

/** The token axis's height for labels of `label` px. */
function axisHeight(label: number): number {
  return Math.max(22, Math.round(label * 2));
}

/** The heat track's own height for `rows` rows: a labelled row each up to LABELLED_ROWS, then up to TRACK_MAX. */
export function naturalTrackHeight(rows: number, label: number): number {
  if (rows === 0) return 0;
  const row = labelledRow(label);
  return rows <= LABELLED_ROWS ? rows * row : Math.min(TRACK_MAX, Math.max(LABELLED_ROWS * row, rows * 2));
}

/**
 * The canvas height the tracer needs at `width` when nothing constrains it:
 * a time plot proportioned to the width (a quarter of it, 150-260 px), the
 * token axis at the label size, the heat track at one labelled row per unit,
 * and the overview. The element is as tall as this plus its toolbar and the
 * views below; a set height gives the spare to the plot.
 *
 * @example
 * ```ts
 * naturalCanvasHeight(700, 2, 13); // plot 175 + axis 26 + track 34 + overview 16 + gaps
 * ```
 */
export function naturalCanvasHeight(width: number, trackRows: number, label: number): number {
  const plot = Math.round(Math.max(150, Math.min(260, width * 0.25)));
  const track = naturalTrackHeight(trackRows, label);
  return GAP + plot + axisHeight(label) + (track ? GAP + track : 0) + GAP + OVERVIEW_HEIGHT + GAP;
}

/** Fewest steps shown however far one zooms in. */
export const MIN_SPAN = 4;
/**
 * Most steps shown: two per pixel column. Every drawn frame reads `span x
 * units` values; at 2 steps per pixel a 1,000-pixel plot reads 1 M values
 * of 512 units, a few milliseconds, whatever the sequence length. The
 * overview bar reaches the rest.
 */
export const STEPS_PER_PIXEL = 2;

/**
 * The default window: about 12 pixels per step (tokens readable), from step
 * 0, or centred on `around` (the selection) when one is given, so a figure
 * opens on what it was asked to show.
 *
 * @example
 * ```ts
 * initialWindow(100_000, 1100, { start: 1000, end: 1012 }); // {start: 960, span: 91}
 * ```
 */
export function initialWindow(steps: number, plotWidth: number, around?: { start: number; end: number }): StepWindow {
  const span = Math.floor(plotWidth / 12);
  if (!around || around.end <= around.start) return clampWindow({ start: 0, span }, steps, plotWidth);
  const shown = Math.max(span, around.end - around.start + 2);
  return clampWindow({ start: (around.start + around.end) / 2 - shown / 2, span: shown }, steps, plotWidth);
}

/** The most steps a plot this wide shows. */
export function maxSpan(steps: number, plotWidth: number): number {
  return Math.max(1, Math.min(steps, Math.max(MIN_SPAN, Math.floor(plotWidth * STEPS_PER_PIXEL))));
}

/** Keeps a window inside `[0, steps)` with a span between MIN_SPAN and maxSpan. */
export function clampWindow(window: StepWindow, steps: number, plotWidth: number): StepWindow {
  const span = Math.max(Math.min(MIN_SPAN, steps), Math.min(maxSpan(steps, plotWidth), Math.round(window.span)));
  const start = Math.max(0, Math.min(steps - span, Math.round(window.start)));
  return { start, span };
}

/** Zooms by `factor` (<1 in, >1 out) keeping step `anchor` under the same pixel. */
export function zoomWindow(window: StepWindow, factor: number, anchor: number, steps: number, plotWidth: number): StepWindow {
  const span = window.span * factor;
  const share = (anchor - window.start) / window.span;
  return clampWindow({ start: anchor - share * span, span }, steps, plotWidth);
}

/** The window of the same span that shows `[start, end)`, moved as little as possible (centred when it does not fit). */
export function windowShowing(window: StepWindow, start: number, end: number, steps: number, plotWidth: number): StepWindow {
  if (start >= window.start && end <= window.start + window.span) return window;
  if (end - start >= window.span) return clampWindow({ start: (start + end) / 2 - window.span / 2, span: window.span }, steps, plotWidth);
  const moved = start < window.start ? start - 1 : end - window.span + 1;
  return clampWindow({ start: moved, span: window.span }, steps, plotWidth);
}

/**
 * Lays the bands out top to bottom: plot, token axis, heat track, overview.
 * The track keeps its natural height (naturalTrackHeight) while the plot has
 * MIN_PLOT px, and at most 40 % of what is left when it is squeezed; the
 * plot takes the rest, so a tall canvas has no blank band.
 */
export function layoutTimeline(width: number, height: number, window: StepWindow, trackRows: number, label = 11): TimelineLayout {
  const innerWidth = Math.max(20, width - GUTTER - RIGHT);
  const axis = axisHeight(label);
  const free = Math.max(60, height - axis - OVERVIEW_HEIGHT - 3 * GAP - (trackRows ? GAP : 0));
  const natural = naturalTrackHeight(trackRows, label);
  const trackHeight = trackRows === 0 ? 0 : free - natural >= MIN_PLOT ? natural : Math.max(Math.min(natural, 12), Math.round(free * 0.4));
  const plot = { x: GUTTER, y: GAP, width: innerWidth, height: free - trackHeight };
  const axisBox = { x: GUTTER, y: plot.y + plot.height, width: innerWidth, height: axis };
  const track = { x: GUTTER, y: axisBox.y + axisBox.height + GAP, width: innerWidth, height: trackHeight };
  const overview = { x: GUTTER, y: track.y + track.height + (trackHeight ? GAP : 0), width: innerWidth, height: OVERVIEW_HEIGHT };
  return { width, height, plot, axis: axisBox, track, overview, window };
}

/** The x of the left edge of step `t` in the plot. */
export function stepX(layout: TimelineLayout, t: number): number {
  return layout.plot.x + ((t - layout.window.start) / layout.window.span) * layout.plot.width;
}

/** The step under x in the plot, clamped to the window. */
export function stepAt(layout: TimelineLayout, x: number): number {
  const { start, span } = layout.window;
  const t = start + Math.floor(((x - layout.plot.x) / layout.plot.width) * span);
  return Math.max(start, Math.min(start + span - 1, t));
}

/** The step under x in the overview bar (the whole sequence). */
export function overviewStepAt(layout: TimelineLayout, x: number, steps: number): number {
  const t = Math.floor(((x - layout.overview.x) / layout.overview.width) * steps);
  return Math.max(0, Math.min(steps - 1, t));
}

/** Which band y falls in. */
export function bandAt(layout: TimelineLayout, x: number, y: number): 'plot' | 'axis' | 'track' | 'overview' | undefined {
  if (x < layout.plot.x || x > layout.plot.x + layout.plot.width) return undefined;
  for (const band of ['plot', 'axis', 'track', 'overview'] as const) {
    const box = layout[band];
    if (y >= box.y && y < box.y + box.height) return band;
  }
  return undefined;
}

/**
 * Pixels the values keep from the time plot's top and bottom edges: the
 * selected units' lines are 2 px thick, so a value at the domain's end
 * drawn on the edge itself had half its line cut by the plot's clip (a
 * unit at 1.0 ran along the top edge, thinner, above the "1.0" tick).
 */
export const VALUE_INSET = 2;

/** The y of `value` in the time plot: the domain spans the plot less VALUE_INSET at each end. */
export function valueY(plot: Box, domain: readonly [number, number], value: number): number {
  const [lo, hi] = domain;
  return plot.y + VALUE_INSET + ((hi - value) / (hi - lo)) * (plot.height - 2 * VALUE_INSET);
}

/** The value at height `y` of the time plot (valueY's inverse). */
export function yValue(plot: Box, domain: readonly [number, number], y: number): number {
  const [lo, hi] = domain;
  return hi - ((y - plot.y - VALUE_INSET) / (plot.height - 2 * VALUE_INSET)) * (hi - lo);
}

/** The time plot's box less VALUE_INSET at the top and bottom: where the values' range is drawn (the density image). */
export function valueBox(plot: Box): Box {
  return { x: plot.x, y: plot.y + VALUE_INSET, width: plot.width, height: Math.max(1, plot.height - 2 * VALUE_INSET) };
}
