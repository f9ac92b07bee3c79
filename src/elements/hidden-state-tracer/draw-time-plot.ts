import type { Span } from '../../compute/hidden-states/types.js';
import { DensityImage } from './density-image.js';
import { stepX, valueBox, valueY, type TimelineLayout } from './timeline-layout.js';

/** Everything the time plot needs, in columnar form. */
export interface TimePlotInput {
  /** One layer's states, `[steps, units]` row-major. */
  values: Float32Array;
  steps: number;
  units: number;
  /** The y-axis domain [low, high]. */
  domain: readonly [number, number];
  /** Units drawn emphasised (ascending); at most `SELECTED_LINE_CAP` are drawn. */
  selected: ArrayLike<number>;
  threshold: number;
  selection?: Span;
  /** Matches in the order listed, for the bands. */
  matches: readonly Span[];
  labels?: readonly string[];
  colors: { text: string; muted: string; mutedRgba: readonly number[]; accent: string; grid: string; match: string };
  font: string;
  /** Size in px of ticks, the threshold's label and the tokens under the axis (the element's typography().label). */
  label: number;
  /**
   * The density image, kept by the caller between frames so that a scroll
   * step counts only the steps it exposes; a fresh one when absent.
   */
  density?: DensityImage;
}

/** What the plot drew, for the legend and the tests. */
export interface TimePlotDrawn {
  /** `lines`: one line per unit; `density`: per pixel, how many units pass through it. */
  mode: 'lines' | 'density';
  selectedDrawn: number;
}

/**
 * Above this many segments (units x visible steps) the background units are
 * drawn as a density image instead of lines: stroking hundreds of thousands
 * of antialiased segments is what a frame cannot afford on a software
 * rasteriser, while counting units per pixel is one pass over the window (on
 * a scroll step, over the steps it exposes: see DensityImage) and one
 * `putImageData` (frame times in bench/scenarios/hidden-state-tracer.bench.ts).
 */
export const LINE_BUDGET = 16_000;
/** Selected units beyond this are listed but not drawn as lines, so one frame stays bounded. */
export const SELECTED_LINE_CAP = 48;

const formatTick = (value: number) => (Math.abs(value) >= 100 || value === 0 ? value.toFixed(0) : value.toPrecision(2));

/**
 * Draws the LSTMVis hidden-state plot for the visible window only: every
 * unit as a faint line (or, past LINE_BUDGET, as a density image), the
 * selected units as thick accent lines, the threshold as a dashed rule, the
 * brushed selection and the matches as bands, and tokens under the axis.
 * Reads `span x units` values per frame, whatever the sequence length.
 */
export function drawTimePlot(ctx: CanvasRenderingContext2D, layout: TimelineLayout, input: TimePlotInput): TimePlotDrawn {
  const { plot, axis, window } = layout;
  const { values, units, domain, colors } = input;
  const [lo, hi] = domain;
  const end = window.start + window.span;
  const y = (v: number) => valueY(plot, domain, v);
  const stepWidth = plot.width / window.span;
  const centre = (t: number) => stepX(layout, t) + stepWidth / 2;

  ctx.save();
  // Matches, then the selection, as bands behind the lines.
  for (const match of input.matches) {
    if (match.end <= window.start || match.start >= end) continue;
    const x0 = stepX(layout, Math.max(match.start, window.start));
    const x1 = stepX(layout, Math.min(match.end, end));
    ctx.fillStyle = colors.match;
    ctx.fillRect(x0, plot.y, x1 - x0, plot.height + axis.height);
  }
  const selection = input.selection;
  if (selection && selection.end > selection.start && selection.end > window.start && selection.start < end) {
    const x0 = stepX(layout, Math.max(selection.start, window.start));
    const x1 = stepX(layout, Math.min(selection.end, end));
    ctx.fillStyle = `color-mix(in srgb, ${colors.accent} 16%, transparent)`;
    ctx.fillRect(x0, plot.y, x1 - x0, plot.height + axis.height);
    ctx.strokeStyle = colors.accent;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, plot.y + 0.5, x1 - x0 - 1, plot.height + axis.height - 1);
  }

  // Zero line and y ticks.
  ctx.font = `${input.label}px ${input.font}`;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of [lo, 0, hi]) {
    ctx.fillText(formatTick(tick), plot.x - 6, Math.max(plot.y + input.label / 2, Math.min(plot.y + plot.height - input.label / 2, y(tick))));
  }
  ctx.strokeStyle = colors.grid;
  ctx.beginPath();
  ctx.moveTo(plot.x, y(0));
  ctx.lineTo(plot.x + plot.width, y(0));
  ctx.stroke();

  const mode = units * window.span <= LINE_BUDGET ? 'lines' : 'density';
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  if (mode === 'lines') {
    ctx.strokeStyle = colors.muted;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let u = 0; u < units; u++) {
      for (let t = window.start; t < end; t++) {
        const py = y(values[t * units + u]);
        if (t === window.start) ctx.moveTo(centre(t), py);
        else ctx.lineTo(centre(t), py);
      }
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  } else {
    (input.density ?? new DensityImage()).draw(ctx, { ...layout, plot: valueBox(plot) }, { values, units, domain, rgba: colors.mutedRgba });
  }

  // Selected units: thick accent lines, drawn over the rest.
  const drawn = Math.min(input.selected.length, SELECTED_LINE_CAP);
  ctx.strokeStyle = colors.accent;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (let i = 0; i < drawn; i++) {
    const u = input.selected[i];
    for (let t = window.start; t < end; t++) {
      const v = values[t * units + u];
      if (v !== v) continue;
      if (t === window.start || values[(t - 1) * units + u] !== values[(t - 1) * units + u]) ctx.moveTo(centre(t), y(v));
      else ctx.lineTo(centre(t), y(v));
    }
  }
  ctx.stroke();
  ctx.restore();

  // The threshold: a dashed rule, labelled, so it does not rely on colour.
  if (input.threshold >= lo && input.threshold <= hi) {
    const ty = Math.round(y(input.threshold)) + 0.5;
    ctx.strokeStyle = colors.text;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(plot.x, ty);
    ctx.lineTo(plot.x + plot.width, ty);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.text;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`threshold ${input.threshold}`, plot.x + plot.width - 2, ty - 2);
  }

  drawTokenAxis(ctx, layout, input);
  ctx.restore();
  return { mode, selectedDrawn: drawn };
}

/**
 * Token labels under the axis, skipping those that would overlap; selected
 * tokens in bold, placed first. A label is measured only once it could fit: measuring
 * (and switching `ctx.font`, which parses the font string) for each of
 * 1,000 visible steps cost more than the rest of a scroll frame.
 */
function drawTokenAxis(ctx: CanvasRenderingContext2D, layout: TimelineLayout, input: TimePlotInput): void {
  const { axis, window } = layout;
  const end = window.start + window.span;
  const stepWidth = axis.width / window.span;
  ctx.strokeStyle = input.colors.grid;
  ctx.beginPath();
  ctx.moveTo(axis.x, axis.y + 0.5);
  ctx.lineTo(axis.x + axis.width, axis.y + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const normal = `${input.label}px ${input.font}`;
  const bold = `bold ${input.label}px ${input.font}`;
  let font = '';
  const y = axis.y + axis.height / 2 + 1;
  const labelAt = (t: number) => (input.labels ? visible(input.labels[t]) : String(t));
  // The selection's labels first, in bold, skipping those that would overlap
  // each other (twelve long tokens in a narrow selection printed over one
  // another); then the rest, around them.
  const selection = input.selection;
  let taken: [number, number] | undefined;
  if (selection && selection.end > selection.start) {
    ctx.font = font = bold;
    ctx.fillStyle = input.colors.text;
    let freeFrom = -Infinity;
    for (let t = Math.max(window.start, selection.start); t < Math.min(end, selection.end); t++) {
      const x = axis.x + (t - window.start + 0.5) * stepWidth;
      if (x < freeFrom) continue;
      const label = labelAt(t);
      const width = labelWidth(ctx, bold, label);
      if (x - width / 2 < freeFrom) continue;
      // No maxWidth argument: it was never below the label's width (so never
      // squeezed a label), and with it fillText measures every label again.
      ctx.fillText(label, x, y);
      taken = [taken ? taken[0] : x - width / 2 - 4, x + width / 2 + 4];
      freeFrom = x + width / 2 + 4;
    }
  }
  let freeFrom = -Infinity;
  ctx.fillStyle = input.colors.muted;
  for (let t = window.start; t < end; t++) {
    if (selection && t >= selection.start && t < selection.end) continue;
    const x = axis.x + (t - window.start + 0.5) * stepWidth;
    if (x < freeFrom) continue;
    const label = labelAt(t);
    if (font !== normal) ctx.font = font = normal;
    const width = labelWidth(ctx, normal, label);
    if (x - width / 2 < freeFrom) continue;
    if (taken && x + width / 2 > taken[0] && x - width / 2 < taken[1]) continue;
    ctx.fillText(label, x, y);
    freeFrom = x + width / 2 + 4;
  }
}

/**
 * Label widths by font and text, kept between frames: a scroll step shows
 * mostly the labels of the frame before, and measuring them again was the
 * largest script cost left in a scroll frame (about 1 ms of 600 labels,
 * profiled). Emptied when it grows past LABEL_WIDTHS_KEPT.
 */
const labelWidths = new Map<string, number>();
const LABEL_WIDTHS_KEPT = 20_000;

/** `ctx.measureText(label).width` in `font` (which `ctx.font` is set to), remembered. */
function labelWidth(ctx: CanvasRenderingContext2D, font: string, label: string): number {
  const key = `${font}\n${label}`;
  let width = labelWidths.get(key);
  if (width === undefined) {
    if (labelWidths.size >= LABEL_WIDTHS_KEPT) labelWidths.clear();
    width = ctx.measureText(label).width;
    labelWidths.set(key, width);
  }
  return width;
}

/** Whitespace made visible on the axis: a space token would otherwise be blank. */
export function visible(token: string): string {
  if (token === ' ') return '␣';
  if (token === '\n') return '↵';
  return token.length > 14 ? `${token.slice(0, 13)}…` : token;
}
