/**
 * Where the tiles of a feature grid go: pure layout maths, no DOM, so the
 * element, its hit testing and its tests share one answer.
 */

/** The grid's geometry in CSS pixels. */
export interface GridLayout {
  /** Tiles shown. */
  count: number;
  columns: number;
  rows: number;
  /** One tile's picture. */
  tileWidth: number;
  tileHeight: number;
  /** Space under each tile for its label. */
  labelHeight: number;
  /** Space between tiles. */
  gap: number;
  /** Distance from one column / row to the next. */
  pitchX: number;
  pitchY: number;
  /** Height of the whole grid (what the scroll area scrolls through). */
  height: number;
  width: number;
}

/** What {@link gridLayout} needs. */
export interface GridLayoutOptions {
  count: number;
  /** Width available, CSS pixels. */
  width: number;
  /** Fixed number of columns; undefined fits as many as the width holds. */
  columns?: number;
  /** Tile width in CSS pixels (the --nn-tile-size custom property). */
  tileSize: number;
  /** The data's tile shape, to keep its aspect ratio. */
  dataHeight: number;
  dataWidth: number;
  labelHeight?: number;
  gap?: number;
  /** Space between rows (default `gap`): a grid that fills a set height spreads its rows. */
  rowGap?: number;
}

/**
 * The grid for `count` tiles: `columns` when given, else as many tiles of
 * `tileSize` as fit in `width`, balanced over the rows that takes. A tile keeps the data's aspect ratio, with a
 * height clamped to [10 px, 2 x width] so that a strip of N values (a dense
 * layer) stays visible and a tall map stays on screen.
 *
 * @example
 * ```ts
 * gridLayout({ count: 512, width: 640, tileSize: 56, dataHeight: 14, dataWidth: 14 }).columns; // 10
 * ```
 */
export function gridLayout(options: GridLayoutOptions): GridLayout {
  const { count, width, tileSize, dataHeight, dataWidth } = options;
  const gap = options.gap ?? 6;
  const labelHeight = options.labelHeight ?? 14;
  const fit = Math.max(1, Math.min(count || 1, Math.floor((width + gap) / (tileSize + gap))));
  // Auto columns are balanced: the fewest columns that keep the row count, so 8 tiles where 7 fit are two rows of 4, not 7 and 1.
  const balanced = Math.ceil((count || 1) / Math.ceil((count || 1) / fit));
  const columns = Math.max(1, Math.min(count || 1, options.columns && options.columns > 0 ? Math.floor(options.columns) : balanced));
  // With fixed columns the tiles share the width; auto columns keep tileSize.
  const tileWidth = options.columns ? Math.max(8, Math.floor((width - gap * (columns - 1)) / columns)) : tileSize;
  const tileHeight = Math.round(Math.min(2 * tileWidth, Math.max(10, (tileWidth * dataHeight) / dataWidth)));
  const rows = Math.ceil(count / columns);
  const rowGap = options.rowGap ?? gap;
  const pitchX = tileWidth + gap;
  const pitchY = tileHeight + labelHeight + rowGap;
  return {
    count,
    columns,
    rows,
    tileWidth,
    tileHeight,
    labelHeight,
    gap,
    pitchX,
    pitchY,
    height: Math.max(0, rows * pitchY - rowGap),
    width: columns * pitchX - gap,
  };
}

/**
 * The grid that fills a box of `width` x `height` (an element whose height
 * the page set), keeping the data's aspect ratio: over every column count,
 * the largest tiles whose rows fill the height (8 tiles in 480 x 330 px are
 * three rows of 89 px ending at the bottom, not two rows of 115 px over a
 * 60 px band). Only where no column count fills it (a wide, short box) the
 * largest tiles that fit, with the spare height between the rows, up to a
 * label's height per gap. With `largest` (a box shorter than the rows,
 * where the tiles shrink), the largest tiles that fit whatever the column
 * count. Undefined when even `minTile`-pixel tiles do not fit: the grid
 * then keeps its CSS tile size and scrolls.
 *
 * @example
 * ```ts
 * fillLayout({ count: 8, width: 480, height: 400, dataHeight: 26, dataWidth: 26 })!.columns; // 3
 * ```
 */
export function fillLayout(
  options: Omit<GridLayoutOptions, 'tileSize' | 'rowGap'> & { height: number; minTile?: number; largest?: boolean },
): GridLayout | undefined {
  const { count, width, height, dataHeight, dataWidth } = options;
  if (count <= 0 || width <= 0 || height <= 0) return undefined;
  const gap = options.gap ?? 6;
  const labelHeight = options.labelHeight ?? 14;
  const layoutOf = (columns: number, tileSize: number, rowGap = gap) =>
    gridLayout({ count, columns, width: columns * tileSize + (columns - 1) * gap, tileSize, dataHeight, dataWidth, labelHeight, gap, rowGap });
  // Per column count: the largest tile that fits, and whether the height is what stops it growing (then it fills the box).
  const fits: { layout: GridLayout; fills: boolean }[] = [];
  const fixed = options.columns && options.columns > 0 ? [Math.min(count, Math.floor(options.columns))] : undefined;
  const minTile = options.minTile ?? 8;
  for (const columns of fixed ?? Array.from({ length: count }, (_, i) => i + 1)) {
    const rows = Math.ceil(count / columns);
    const widest = Math.floor((width - (columns - 1) * gap) / columns);
    const perRow = (height + gap) / rows - labelHeight - gap;
    let tile = Math.min(widest, Math.floor((perRow * dataWidth) / Math.max(1, dataHeight)) + 1);
    while (tile >= minTile && layoutOf(columns, tile).height > height) tile--;
    if (tile >= minTile) fits.push({ layout: layoutOf(columns, tile), fills: tile < widest });
  }
  if (fits.length === 0) return undefined;
  // The largest tiles that fill the height; only where no column count fills it (a wide, short box), the largest tiles.
  // `largest`: the largest tiles whatever the column count (shrinking to fit a short box, where more, larger columns beat fewer that fill).
  const filling = options.largest ? [] : fits.filter((fit) => fit.fills);
  const best = (filling.length > 0 ? filling : fits).map((fit) => fit.layout).reduce((a, b) => (b.tileWidth > a.tileWidth ? b : a));
  // Spread between the rows, up to a label's height more per gap: wider gaps would read as bands of their own.
  const spare = Math.min(height - best.height, (best.rows - 1) * labelHeight);
  return best.rows > 1 && spare >= 1 ? layoutOf(best.columns, best.tileWidth, gap + Math.floor(spare / (best.rows - 1))) : best;
}

/** The top-left corner of display slot `slot`. */
export function slotOrigin(layout: GridLayout, slot: number): { x: number; y: number } {
  return { x: (slot % layout.columns) * layout.pitchX, y: Math.floor(slot / layout.columns) * layout.pitchY };
}

/**
 * The display slot at grid point (x, y) and the fraction of the tile's
 * picture it falls on ([0, 1) each way), or undefined between tiles, on a
 * label or past the last tile.
 */
export function slotAt(layout: GridLayout, x: number, y: number): { slot: number; u: number; v: number } | undefined {
  if (x < 0 || y < 0) return undefined;
  const column = Math.floor(x / layout.pitchX);
  const row = Math.floor(y / layout.pitchY);
  if (column >= layout.columns) return undefined;
  const slot = row * layout.columns + column;
  if (slot >= layout.count) return undefined;
  const u = (x - column * layout.pitchX) / layout.tileWidth;
  const v = (y - row * layout.pitchY) / layout.tileHeight;
  if (u >= 1 || v >= 1) return undefined;
  return { slot, u, v };
}

/** The slots whose rows intersect [top, top + height): what a scrolled viewport shows. */
export function visibleSlots(layout: GridLayout, top: number, height: number): { first: number; end: number } {
  const firstRow = Math.max(0, Math.floor(top / layout.pitchY));
  const endRow = Math.min(layout.rows, Math.ceil((top + height) / layout.pitchY));
  return { first: firstRow * layout.columns, end: Math.min(layout.count, endRow * layout.columns) };
}
