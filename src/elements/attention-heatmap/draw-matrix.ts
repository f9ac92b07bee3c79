import { poolMatrixArray } from '../../compute/pool-array.js';
import type { PoolReduction } from '../../compute/pool.js';
import { drawCells, paintCells } from '../../render/heatmap.js';
import type { AxisLabels } from './tokens.js';
import type { LabelGutters, MatrixLayout } from './matrix-layout.js';

/** What the matrix painter needs, all plain data. */
export interface MatrixPaint {
  values: Float32Array;
  q: number;
  k: number;
  layout: MatrixLayout;
  labels: AxisLabels;
  unit: (value: number) => number;
  lut: Uint8ClampedArray;
  missing: readonly [number, number, number, number];
  reduction: PoolReduction;
  pixelRatio: number;
  textColor: string;
  /** Axis titles and the boxes around punctuation. */
  mutedColor: string;
  /** CSS font family of the labels (the element's, so they match the page's prose). */
  font: string;
  /** The axis titles, e.g. `query` / `key`, or `query (target)` / `key (source)` for cross-attention. */
  titles: { query: string; key: string };
}

/** How many original cells each drawn cell covers (1 x 1 when every cell is drawn). */
export interface DrawnBlocks {
  blockRows: number;
  blockCols: number;
}

/** Longest label drawn, in characters; longer tokens end in an ellipsis (the tooltip has them whole). */
const MAX_LABEL_CHARS = 16;

export function shortLabel(token: string): string {
  const oneLine = token.replace(/\s+/g, ' ');
  return oneLine.length > MAX_LABEL_CHARS ? `${oneLine.slice(0, MAX_LABEL_CHARS - 1)}…` : oneLine;
}

/** Every label of an axis shortened, made once per label list (a regex per token was 1-3 ms a draw at 512). */
const shortened = new WeakMap<readonly string[], string[]>();

function shortLabels(list: readonly string[]): string[] {
  let short = shortened.get(list);
  if (!short) shortened.set(list, (short = list.map(shortLabel)));
  return short;
}

/** The widest shortened label of a list, per font: labels only change with the data. */
const widths = new WeakMap<readonly string[], Map<string, number>>();

/**
 * Paints the window of the matrix and its labels. Every cell is drawn while
 * cells are at least one device pixel; past that the window is reduced (max
 * or mean of blocks, in one pass) to the plot's device-pixel size, so the
 * canvas never holds more cells than it has pixels.
 */
export function drawMatrix(ctx: CanvasRenderingContext2D, paint: MatrixPaint): DrawnBlocks {
  const { values, k, layout, pixelRatio } = paint;
  const { r0, r1, c0, c1 } = layout.window;
  const rows = r1 - r0;
  const cols = c1 - c0;
  let cells: Float32Array;
  if (r0 === 0 && c0 === 0 && c1 === k && r1 === paint.q) {
    cells = values;
  } else {
    cells = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) cells.set(values.subarray((r0 + r) * k + c0, (r0 + r) * k + c1), r * cols);
  }
  const maxRows = Math.max(1, Math.floor(layout.plot.height * pixelRatio));
  const maxCols = Math.max(1, Math.floor(layout.plot.width * pixelRatio));
  let blocks: DrawnBlocks = { blockRows: 1, blockCols: 1 };
  let drawnRows = rows;
  let drawnCols = cols;
  if (rows > maxRows || cols > maxCols) {
    const pooled = poolMatrixArray(cells, [rows, cols], maxRows, maxCols, paint.reduction);
    cells = pooled.pooled;
    drawnRows = pooled.shape[0];
    drawnCols = pooled.shape[1];
    blocks = { blockRows: pooled.blockRows, blockCols: pooled.blockCols };
  }
  const pixels = paintCells({ values: cells, rows: drawnRows, cols: drawnCols }, paint.unit, paint.lut, paint.missing);
  // A partial block at the right or bottom edge stands for fewer cells than
  // a whole one: draw whole blocks and clip at the matrix edge, so that cell
  // boundaries stay where the labels say.
  const plot = layout.plot;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  drawCells(ctx, pixels, drawnRows, drawnCols, {
    x: plot.x,
    y: plot.y,
    width: plot.width * ((drawnCols * blocks.blockCols) / cols),
    height: plot.height * ((drawnRows * blocks.blockRows) / rows),
  });
  ctx.restore();
  drawLabels(ctx, paint);
  return blocks;
}

/** A token as a label: whitespace shown as a visible mark, so an empty or blank token is not a blank label. */
function visibleToken(token: string): string {
  if (token === '') return '∅';
  return /^\s+$/.test(token) ? '␣' : token;
}

/**
 * The text of label `index`: the token, and its position when labels are
 * sampled ("37 · the"), so every-nth tokens do not read as a sentence.
 */
export function labelText(short: readonly string[], index: number, sampled: boolean): string {
  const token = visibleToken(short[index]);
  return sampled && token !== String(index) ? `${index} · ${token}` : token;
}

/** Punctuation and symbols alone ("." "," "'s" is not): drawn in a box so one pixel of ink is still seen. */
const PUNCTUATION = /^[\p{P}\p{S}]{1,3}$/u;

export function isPunctuation(token: string): boolean {
  return PUNCTUATION.test(token);
}

/**
 * A label, horizontal or rotated. `box`: the colour of a box drawn around
 * its token (punctuation), which starts `prefix` characters in (after the
 * position of a sampled label, "12 · ").
 */
function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  at: { x: number; y: number; align: CanvasTextAlign; rotate: boolean; maxWidth: number },
  box: { color: string; prefix: number } | undefined,
): void {
  ctx.save();
  ctx.translate(at.x, at.y);
  if (at.rotate) ctx.rotate(-Math.PI / 2);
  ctx.textAlign = at.align;
  if (box) {
    const total = ctx.measureText(text).width;
    const before = ctx.measureText(text.slice(0, box.prefix)).width;
    const start = at.align === 'right' ? -total : at.align === 'center' ? -total / 2 : 0;
    const width = total - before + 6;
    const height = Number.parseFloat(ctx.font) + 2;
    ctx.strokeStyle = box.color;
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(start + before - 3) + 0.5, Math.round(-height / 2) + 0.5, Math.round(width), Math.round(height));
  }
  ctx.fillText(text, 0, 0, Math.max(1, at.maxWidth));
  ctx.restore();
}

/** Whether key label `text` fits across a column band `room` px wide, drawn horizontally. */
function fitsAcross(ctx: CanvasRenderingContext2D, text: string, room: number): boolean {
  return ctx.measureText(text).width <= room - 6;
}

function drawLabels(ctx: CanvasRenderingContext2D, paint: MatrixPaint): void {
  const { layout, labels } = paint;
  const { plot, window, rowLabelStep, colLabelStep, cellWidth, cellHeight, labelPx, titleBand } = layout;
  ctx.save();
  ctx.font = `${labelPx}px ${paint.font}`;
  ctx.textBaseline = 'middle';
  const query = shortLabels(labels.query);
  const key = shortLabels(labels.key);
  const sampledRows = rowLabelStep > 1;
  const sampledCols = colLabelStep > 1;
  const half = labelPx / 2 + 1;
  ctx.fillStyle = paint.textColor;
  for (let r = window.r0; r < window.r1; r += rowLabelStep) {
    const centre = plot.y + (r - window.r0 + 0.5) * cellHeight;
    // Kept below the plot's top edge, so the first row's label never meets the first column's in the corner.
    const y = Math.max(plot.y + half, centre);
    const text = labelText(query, r, sampledRows);
    drawLabel(
      ctx,
      text,
      { x: plot.x - (sampledRows ? 6 : 4), y, align: 'right', rotate: false, maxWidth: plot.x - titleBand - 6 },
      isPunctuation(query[r]) ? { color: paint.mutedColor, prefix: text.length - query[r].length } : undefined,
    );
    if (sampledRows) ctx.fillRect(plot.x - 3, Math.round(centre), 3, 1);
  }
  const room = cellWidth * colLabelStep;
  for (let c = window.c0; c < window.c1; c += colLabelStep) {
    const text = labelText(key, c, sampledCols);
    const centre = plot.x + (c - window.c0 + 0.5) * cellWidth;
    const box = isPunctuation(key[c]) ? { color: paint.mutedColor, prefix: text.length - key[c].length } : undefined;
    if (fitsAcross(ctx, text, room)) {
      // Short tokens ("a", ".", "cat") read across, as in running text.
      drawLabel(ctx, text, { x: centre, y: plot.y - 4 - half, align: 'center', rotate: false, maxWidth: room }, box);
    } else {
      // Long ones turn: rotated labels need no more room across than one line of type.
      drawLabel(
        ctx,
        text,
        // The first column's label is kept right of the plot's left edge, clear of the first row's.
        { x: Math.max(plot.x + half, centre), y: plot.y - (sampledCols ? 6 : 4), align: 'left', rotate: true, maxWidth: plot.y - titleBand - 6 },
        box,
      );
    }
    if (sampledCols) ctx.fillRect(Math.round(centre), plot.y - 3, 1, 3);
  }
  // Axis titles: the key axis across the top, the query axis up the left side.
  ctx.fillStyle = paint.mutedColor;
  ctx.textAlign = 'center';
  ctx.fillText(paint.titles.key, plot.x + plot.width / 2, titleBand / 2, Math.max(40, plot.width));
  ctx.save();
  ctx.translate(titleBand / 2, plot.y + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(paint.titles.query, 0, 0, Math.max(40, plot.height));
  ctx.restore();
  ctx.restore();
}

let measureContext: CanvasRenderingContext2D | null | undefined;

/** A 2D context for measuring text only. */
export function measuringContext(): CanvasRenderingContext2D | undefined {
  measureContext ??= document.createElement('canvas').getContext('2d');
  return measureContext ?? undefined;
}

/**
 * The gutters the labels need: the widest query label, and above the plot
 * one line of type, or the longest key label that will be drawn rotated
 * because it does not fit across its column (`cellWidth`, with every
 * `colStep`-th label shown). Capped at 140 px each.
 */
export function labelGutters(
  labels: AxisLabels,
  font: string,
  labelPx: number,
  columns?: { cellWidth: number; colStep: number; rowStep: number },
): LabelGutters {
  const ctx = measuringContext();
  const line = labelPx + 8;
  if (!ctx) return { left: Math.min(140, labelPx * 8), top: Math.min(140, labelPx * 8) };
  ctx.save();
  ctx.font = `${labelPx}px ${font}`;
  // Measuring every label costs ~4 ms at 512 tokens; the widest label is
  // among the longest in characters, so measure only those, once per list.
  const widest = (list: readonly string[], extra: number) => {
    const known = widths.get(list)?.get(ctx.font);
    if (known !== undefined) return known + extra;
    const short = shortLabels(list);
    const lengths = short.map((label) => label.length);
    const cut = [...lengths].sort((a, b) => b - a)[Math.min(lengths.length - 1, 15)] ?? 0;
    let max = 0;
    for (let i = 0; i < short.length; i++) {
      if (lengths[i] >= cut) max = Math.max(max, ctx.measureText(short[i]).width);
    }
    if (!widths.has(list)) widths.set(list, new Map());
    widths.get(list)!.set(ctx.font, max);
    return max + extra;
  };
  // Sampled labels carry their position ("511 · "): room for it.
  const positionWidth = (n: number, step: number) => (step > 1 ? ctx.measureText(`${n} · `).width : 0);
  const left = Math.min(140, Math.ceil(widest(labels.query, positionWidth(labels.query.length, columns?.rowStep ?? 1))) + 12);
  let top = line;
  if (columns) {
    const key = shortLabels(labels.key);
    const sampled = columns.colStep > 1;
    const room = columns.cellWidth * columns.colStep;
    for (let c = 0; c < key.length; c += columns.colStep) {
      const text = labelText(key, c, sampled);
      const width = ctx.measureText(text).width;
      if (width > room - 6) top = Math.max(top, Math.ceil(width) + 12);
      if (top >= 140) break;
    }
  } else {
    top = Math.ceil(widest(labels.key, 0)) + 12;
  }
  ctx.restore();
  return { left, top: Math.min(140, top) };
}
