import { poolMatrixArray } from '../../compute/pool-array.js';
import type { PoolReduction } from '../../compute/pool.js';
import { drawCells, paintCells } from '../../render/heatmap.js';
import type { AxisLabels } from './tokens.js';
import { LABEL_FONT_PX, type MatrixLayout } from './matrix-layout.js';

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
  font: string;
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

function drawLabels(ctx: CanvasRenderingContext2D, paint: MatrixPaint): void {
  const { layout, labels } = paint;
  const { plot, window, rowLabelStep, colLabelStep, cellWidth, cellHeight } = layout;
  ctx.save();
  ctx.fillStyle = paint.textColor;
  ctx.font = `${LABEL_FONT_PX}px ${paint.font}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const query = shortLabels(labels.query);
  const key = shortLabels(labels.key);
  for (let r = window.r0; r < window.r1; r += rowLabelStep) {
    ctx.fillText(query[r], plot.x - 4, plot.y + (r - window.r0 + 0.5) * cellHeight, plot.x - 6);
  }
  ctx.textAlign = 'left';
  for (let c = window.c0; c < window.c1; c += colLabelStep) {
    ctx.save();
    ctx.translate(plot.x + (c - window.c0 + 0.5) * cellWidth, plot.y - 4);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(key[c], 0, 0, plot.y - 6);
    ctx.restore();
  }
  ctx.restore();
}

/** The gutter sizes the labels need: the widest label drawn, capped. */
export function labelGutters(ctx: CanvasRenderingContext2D, labels: AxisLabels, font: string): { left: number; top: number } {
  ctx.save();
  ctx.font = `${LABEL_FONT_PX}px ${font}`;
  // Measuring every label costs ~4 ms at 512 tokens; the widest label is
  // among the longest in characters, so measure only those, once per list.
  const widest = (list: readonly string[]) => {
    const known = widths.get(list)?.get(ctx.font);
    if (known !== undefined) return known;
    const short = shortLabels(list);
    const lengths = short.map((label) => label.length);
    const cut = [...lengths].sort((a, b) => b - a)[Math.min(lengths.length - 1, 15)] ?? 0;
    let max = 0;
    for (let i = 0; i < short.length; i++) {
      if (lengths[i] >= cut) max = Math.max(max, ctx.measureText(short[i]).width);
    }
    if (!widths.has(list)) widths.set(list, new Map());
    widths.get(list)!.set(ctx.font, max);
    return max;
  };
  const left = Math.min(140, Math.ceil(widest(labels.query)) + 10);
  const top = Math.min(140, Math.ceil(widest(labels.key)) + 10);
  ctx.restore();
  return { left, top };
}
