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
}

/** Label font size in CSS pixels; labels need about this much room plus spacing. */
export const LABEL_FONT_PX = 11;
const MIN_LABEL_SPACING = LABEL_FONT_PX + 2;

/** The full matrix. */
export function fullWindow(q: number, k: number): MatrixWindow {
  return { r0: 0, r1: q, c0: 0, c1: k };
}

/**
 * Lays out a `q x k` window in a canvas of `width x height`: gutters for
 * query labels (left) and key labels (top), square cells as large as fit,
 * and which labels there is room for.
 */
export function layoutMatrix(width: number, height: number, window: MatrixWindow, labelGutters: { left: number; top: number }): MatrixLayout {
  const rows = window.r1 - window.r0;
  const cols = window.c1 - window.c0;
  const availableWidth = Math.max(1, width - labelGutters.left - 4);
  const availableHeight = Math.max(1, height - labelGutters.top - 4);
  const cell = Math.min(availableWidth / cols, availableHeight / rows);
  const plot = { x: labelGutters.left, y: labelGutters.top, width: cell * cols, height: cell * rows };
  const step = (size: number) => Math.max(1, Math.ceil(MIN_LABEL_SPACING / size));
  return { plot, cellWidth: cell, cellHeight: cell, window, rowLabelStep: step(cell), colLabelStep: step(cell) };
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
