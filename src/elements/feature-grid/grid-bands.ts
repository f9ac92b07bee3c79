/**
 * The grid cut into bands of whole rows, one canvas each: pure maths, no DOM.
 *
 * Why bands: with one viewport-sized canvas that redraws its rows on every
 * scroll, each frame re-rasterises and re-uploads a screenful of tiles, and
 * on a software GPU (SwiftShader, the test and bench machines) that kept the
 * GPU process's swap at about 30 ms a frame. Bands are drawn once and moved
 * by the compositor with the scroll; a frame only draws the band(s) that
 * scrolling brings near the viewport (one row when scrolling a row a frame).
 */
import type { GridLayout } from './grid-layout.js';

/** How the grid is cut into bands. */
export interface GridBands {
  /** Rows per band. */
  rows: number;
  /** Distance from one band to the next (rows x pitchY). */
  span: number;
  /**
   * Space each band (but the first) starts above its first row, half the gap,
   * so that outlines drawn just outside a tile (selection, focus) are not cut
   * at the band's edge.
   */
  margin: number;
  /** Height of every band canvas: `span`. */
  height: number;
  /** Bands in the grid. */
  count: number;
}

/**
 * Bands of at least `minHeight` CSS pixels (whole rows, at least one) for
 * `layout`.
 *
 * @example
 * ```ts
 * gridBands(gridLayout({ count: 2048, width: 600, tileSize: 36, dataHeight: 7, dataWidth: 7 })); // { rows: 1, span: 56, ... }
 * ```
 */
export function gridBands(layout: GridLayout, minHeight = 96): GridBands {
  const rows = Math.max(1, Math.floor(minHeight / layout.pitchY));
  const span = rows * layout.pitchY;
  return { rows, span, margin: Math.floor(layout.gap / 2), height: span, count: Math.ceil(layout.rows / rows) };
}

/** The grid y of band `band`'s top edge: 0 for the first, else its first row less the margin. */
export function bandTop(bands: GridBands, band: number): number {
  return band === 0 ? 0 : band * bands.span - bands.margin;
}

/** The display slots band `band` draws, [first, end). */
export function bandSlots(layout: GridLayout, bands: GridBands, band: number): { first: number; end: number } {
  const first = Math.min(layout.count, band * bands.rows * layout.columns);
  return { first, end: Math.min(layout.count, first + bands.rows * layout.columns) };
}

/** The bands that meet grid rows [top, top + height), [first, end). */
export function bandsIn(bands: GridBands, top: number, height: number): { first: number; end: number } {
  const first = Math.max(0, Math.floor((top + bands.margin) / bands.span));
  const end = Math.max(0, Math.min(bands.count, Math.ceil((top + height + bands.margin) / bands.span)));
  return { first: Math.min(first, end), end };
}
