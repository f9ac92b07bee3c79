import type { Rect } from '../../render/heatmap.js';

/** The part of the matrix in view: rows [r0, r1) and columns [c0, c1), in cells. */
export interface MatrixWindow {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** Where things go on the matrix canvas, in CSS pixels. */
export interface MatrixLayout {
  /** The cells. */
  plot: Rect;
  /** Width of one cell and height of one cell. */
  cellWidth: number;
  cellHeight: number;
  window: MatrixWindow;
  /** Show every `labelStep`-th label (1: all), or 0 for none. */
  rowLabelStep: number;
  colLabelStep: number;
  /** The canvas the plot, its labels and its axis titles fill. */
  canvas: { width: number; height: number };
  /** Label type size in px (the element's `typography().label`). */
  labelPx: number;
  /** Height of the band the axis titles sit in (above the key labels, left of the query labels). */
  titleBand: number;
}

/** Room the labels need beside the plot, from their measured widths (see `labelGutters`). */
export interface LabelGutters {
  /** Left: the widest query label plus spacing. */
  left: number;
  /** Top: the tallest key label as drawn (horizontal or rotated) plus spacing. */
  top: number;
}

/** Space between the plot and the canvas edge (right and bottom). */
const PAD = 4;

/**
 * Cells no larger than this when the height comes from the content: five
 * tokens in a 704 px article column make a 400 px matrix, not a 640 px one.
 */
export const MAX_CELL_PX = 80;

/** The full matrix. */
export function fullWindow(q: number, k: number): MatrixWindow {
  return { r0: 0, r1: q, c0: 0, c1: k };
}

/**
 * Lays out a `q x k` window in a canvas `width` wide: the axis titles, the
 * query labels (left) and key labels (top), and square cells as large as
 * fit. With `height` (the page set the element's height) the cells fit both
 * ways and the canvas is as tall as what is drawn; without it the matrix is
 * as wide as the column allows (cells at most {@link MAX_CELL_PX}, the plot
 * at most `maxHeight` tall) and the canvas as tall as the matrix.
 */
export function layoutMatrix(options: {
  width: number;
  height?: number;
  maxHeight?: number;
  window: MatrixWindow;
  gutters: LabelGutters;
  labelPx: number;
}): MatrixLayout {
  const { width, height, window, gutters, labelPx } = options;
  const rows = window.r1 - window.r0;
  const cols = window.c1 - window.c0;
  const titleBand = Math.ceil(labelPx * 1.6);
  const left = titleBand + gutters.left;
  const top = titleBand + gutters.top;
  const availableWidth = Math.max(1, width - left - PAD);
  let cell: number;
  if (height !== undefined) {
    cell = Math.min(availableWidth / cols, Math.max(1, height - top - PAD) / rows);
  } else {
    const maxHeight = options.maxHeight ?? Infinity;
    cell = Math.min(availableWidth / cols, MAX_CELL_PX, Math.max(1, maxHeight) / rows);
  }
  const plot = { x: left, y: top, width: cell * cols, height: cell * rows };
  // Labels need their type size plus 4 px of air. Past that every n-th is
  // drawn, with half a line more: the first row's and column's labels are
  // moved that far off the corner, and must not meet the next ones.
  const step = (size: number) => {
    const every = Math.ceil((labelPx + 4) / size);
    return every <= 1 ? 1 : Math.ceil((labelPx * 1.5 + 6) / size);
  };
  return {
    plot,
    cellWidth: cell,
    cellHeight: cell,
    window,
    rowLabelStep: step(cell),
    colLabelStep: step(cell),
    // Within a set height, rounded down so that the legend under it stays inside the element.
    canvas: { width, height: height === undefined ? Math.ceil(top + plot.height + PAD) : Math.floor(top + plot.height + PAD) },
    labelPx,
    titleBand,
  };
}

/** The cell under a point, or undefined outside the cells. */
export function cellAt(layout: MatrixLayout, x: number, y: number): { query: number; key: number } | undefined {
  const { plot, window } = layout;
  if (x < plot.x || y < plot.y || x >= plot.x + plot.width || y >= plot.y + plot.height) return undefined;
  return {
    query: Math.min(window.r1 - 1, window.r0 + Math.floor((y - plot.y) / layout.cellHeight)),
    key: Math.min(window.c1 - 1, window.c0 + Math.floor((x - plot.x) / layout.cellWidth)),
  };
}

/** The query label row beside a point (left gutter), or the key label column above it (top gutter). */
export function labelAt(layout: MatrixLayout, x: number, y: number): { query: number } | { key: number } | undefined {
  const { plot, window } = layout;
  if (x < plot.x && y >= plot.y && y < plot.y + plot.height) {
    return { query: Math.min(window.r1 - 1, window.r0 + Math.floor((y - plot.y) / layout.cellHeight)) };
  }
  if (y < plot.y && x >= plot.x && x < plot.x + plot.width) {
    return { key: Math.min(window.c1 - 1, window.c0 + Math.floor((x - plot.x) / layout.cellWidth)) };
  }
  return undefined;
}

/** The rectangle of cells from `a` to `b` (inclusive), as a window. */
export function windowBetween(a: { query: number; key: number }, b: { query: number; key: number }): MatrixWindow {
  return {
    r0: Math.min(a.query, b.query),
    r1: Math.max(a.query, b.query) + 1,
    c0: Math.min(a.key, b.key),
    c1: Math.max(a.key, b.key) + 1,
  };
}

/**
 * Zooms `window` by `factor` (< 1 zooms in) around cell (`query`, `key`),
 * keeping that cell under the pointer, clamped to the matrix and to at
 * least `minCells` cells each way.
 */
export function zoomWindow(
  window: MatrixWindow,
  factor: number,
  at: { query: number; key: number },
  q: number,
  k: number,
  minCells = 4,
): MatrixWindow {
  const axis = (lo: number, hi: number, centre: number, size: number) => {
    const span = Math.min(size, Math.max(Math.min(minCells, size), Math.round((hi - lo) * factor)));
    const fraction = (centre + 0.5 - lo) / (hi - lo);
    let start = Math.round(centre + 0.5 - fraction * span);
    start = Math.max(0, Math.min(size - span, start));
    return [start, start + span] as const;
  };
  const [r0, r1] = axis(window.r0, window.r1, at.query, q);
  const [c0, c1] = axis(window.c0, window.c1, at.key, k);
  return { r0, r1, c0, c1 };
}

/** Moves `window` (same size) so it contains cell (`query`, `key`). */
export function windowContaining(window: MatrixWindow, query: number, key: number): MatrixWindow {
  const shift = (lo: number, hi: number, i: number) => (i < lo ? i - lo : i >= hi ? i - hi + 1 : 0);
  const dr = shift(window.r0, window.r1, query);
  const dc = shift(window.c0, window.c1, key);
  return { r0: window.r0 + dr, r1: window.r1 + dr, c0: window.c0 + dc, c1: window.c1 + dc };
}

/** Whether the window is the whole matrix. */
export function isFull(window: MatrixWindow, q: number, k: number): boolean {
  return window.r0 === 0 && window.c0 === 0 && window.r1 === q && window.c1 === k;
}
