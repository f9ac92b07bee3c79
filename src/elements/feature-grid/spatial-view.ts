import type { AtlasGrid } from '../../compute/feature-vis/atlas.js';
import type { TileColors } from './draw-tiles.js';

/** Geometry of the spatial view in CSS pixels: the square image and the side panel. */
export interface SpatialLayout {
  /** Side of the (square) image. */
  size: number;
  /** Activation positions over it. */
  rows: number;
  columns: number;
  sideWidth: number;
}

/**
 * The spatial view's geometry: the image as large as fits beside a panel of
 * four 56-pixel tiles, at least 120 pixels.
 */
export function spatialLayout(width: number, height: number, rows: number, columns: number): SpatialLayout {
  const sideWidth = 4 * 56 + 3 * 6;
  const size = Math.max(120, Math.min(width - sideWidth - 16, height));
  return { size, rows, columns, sideWidth };
}

/** The activation position under image point (x, y); undefined outside. */
export function spatialCellAt(layout: SpatialLayout, x: number, y: number): { y: number; x: number } | undefined {
  if (x < 0 || y < 0 || x >= layout.size || y >= layout.size) return undefined;
  return { y: Math.floor((y / layout.size) * layout.rows), x: Math.floor((x / layout.size) * layout.columns) };
}

/**
 * The `k` channels most active at `cell` of activations `[h, w, c]`,
 * largest first (ties by index): Building Blocks' "what fires here".
 */
export function topAt(values: Float32Array, h: number, w: number, c: number, cell: { y: number; x: number }, k: number): { channel: number; value: number }[] {
  const offset = (cell.y * w + cell.x) * c;
  const entries = Array.from({ length: c }, (_, channel) => ({ channel, value: values[offset + channel] }));
  const rank = (v: number) => (Number.isNaN(v) ? -Infinity : v);
  entries.sort((a, b) => rank(b.value) - rank(a.value) || a.channel - b.channel);
  return entries.slice(0, Math.min(k, c, h * w > 0 ? c : 0));
}

/** What {@link drawSpatialImage} draws. */
export interface SpatialFrame {
  image: ImageData;
  layout: SpatialLayout;
  /** The position whose channels the side panel lists. */
  cell: { y: number; x: number };
  /** The selected channel's map from the atlas, drawn over the image. */
  overlay?: { atlas: CanvasImageSource; grid: AtlasGrid; tile: number };
  colors: TileColors;
}

/**
 * The input image at `layout.size`, the grid of activation positions over
 * it (positions spread evenly over the image: the layer's receptive fields
 * overlap, so a cell marks where a position's field is centred, not its
 * extent), the selected channel's map blended over it (smoothly upsampled),
 * and the current cell outlined.
 */
export function drawSpatialImage(ctx: CanvasRenderingContext2D, frame: SpatialFrame): void {
  const { image, layout, cell, overlay, colors } = frame;
  const { size, rows, columns } = layout;
  const bitmap = new OffscreenCanvas(image.width, image.height);
  bitmap.getContext('2d')?.putImageData(image, 0, 0);
  ctx.clearRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, 0, 0, size, size);
  if (overlay) {
    const { atlas, grid, tile } = overlay;
    ctx.save();
    ctx.globalAlpha = 0.6;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(atlas, (tile % grid.columns) * grid.tileWidth, Math.floor(tile / grid.columns) * grid.tileHeight, grid.tileWidth, grid.tileHeight, 0, 0, size, size);
    ctx.restore();
  }
  ctx.save();
  ctx.strokeStyle = colors.grid;
  ctx.globalAlpha = 0.5;
  ctx.lineWidth = 0.5;
  ctx.beginPath();
  for (let r = 1; r < rows; r++) {
    ctx.moveTo(0, (r * size) / rows);
    ctx.lineTo(size, (r * size) / rows);
  }
  for (let c = 1; c < columns; c++) {
    ctx.moveTo((c * size) / columns, 0);
    ctx.lineTo((c * size) / columns, size);
  }
  ctx.stroke();
  ctx.restore();
  ctx.strokeStyle = colors.accent;
  ctx.lineWidth = 2;
  ctx.strokeRect((cell.x * size) / columns, (cell.y * size) / rows, size / columns, size / rows);
}
