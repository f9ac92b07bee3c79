import type { AtlasGrid } from '../../compute/feature-vis/atlas.js';
import type { TileColors } from './draw-tiles.js';
import { transientBitmap } from '../../render/bitmap.js';

/** Geometry of the spatial view in CSS pixels: the square image and the side panel. */
export interface SpatialLayout {
  /** Side of the (square) image. */
  size: number;
  /** The panel of top channels under the image (a narrow view) rather than beside it. */
  stacked: boolean;
  /** Activation positions over it. */
  rows: number;
  columns: number;
  sideWidth: number;
  /** Where position (i, j) sits: its centre in image pixels is start + i * jump, each axis. */
  start: [number, number];
  jump: [number, number];
  /** The image's size in pixels. */
  imageHeight: number;
  imageWidth: number;
}

/** Positions spread evenly over an image, when the layer's receptive fields are not known. */
export function evenPositions(
  rows: number,
  columns: number,
  imageHeight: number,
  imageWidth: number,
): { start: [number, number]; jump: [number, number] } {
  const jump: [number, number] = [imageHeight / rows, imageWidth / columns];
  return { start: [jump[0] / 2 - 0.5, jump[1] / 2 - 0.5], jump };
}

/** Side of the input image when nothing else decides it: MNIST's 28 pixels x 12. */
export const NATURAL_IMAGE_SIZE = 336;

/**
 * The spatial view's geometry: the image beside a panel of four tiles
 * (under it where the width leaves the image less than 200 pixels). With no
 * height set, the image is the largest whole multiple of its pixels up to
 * {@link NATURAL_IMAGE_SIZE} that fits, so small inputs such as MNIST are
 * upscaled with every pixel the same size; with `room`, the height the page
 * gave the view, it fills that height, or shrinks to it (as far as the width
 * allows).
 *
 * @example
 * ```ts
 * spatialLayout({ width: 704, rows: 11, columns: 11, tileSize: 56 }, { height: 28, width: 28 }, evenPositions(11, 11, 28, 28)).size; // 336
 * ```
 */
export function spatialLayout(
  options: { width: number; room?: number; rows: number; columns: number; tileSize: number },
  image: { height: number; width: number },
  positions: { start: [number, number]; jump: [number, number] },
): SpatialLayout {
  const { width, room, rows, columns } = options;
  const sideWidth = 4 * options.tileSize + 3 * 6;
  const besideWidth = width - sideWidth - 16;
  const stacked = besideWidth < 200;
  const available = Math.max(60, stacked ? width : besideWidth);
  const pixels = Math.max(image.height, image.width);
  const whole = Math.floor(Math.min(available, NATURAL_IMAGE_SIZE) / pixels);
  let size = whole >= 1 ? whole * pixels : Math.min(available, NATURAL_IMAGE_SIZE);
  if (room !== undefined && !stacked) size = Math.max(60, Math.floor(Math.min(available, room)));
  return {
    size,
    stacked,
    rows,
    columns,
    sideWidth,
    start: positions.start,
    jump: positions.jump,
    imageHeight: image.height,
    imageWidth: image.width,
  };
}

/** The CSS rectangle of position (y, x): one jump wide, centred on its receptive field's centre. */
export function cellRect(layout: SpatialLayout, y: number, x: number): { x: number; y: number; width: number; height: number } {
  const sy = layout.size / layout.imageHeight;
  const sx = layout.size / layout.imageWidth;
  return {
    x: (layout.start[1] + 0.5 + (x - 0.5) * layout.jump[1]) * sx,
    y: (layout.start[0] + 0.5 + (y - 0.5) * layout.jump[0]) * sy,
    width: layout.jump[1] * sx,
    height: layout.jump[0] * sy,
  };
}

/** The activation position under image point (x, y); undefined outside. */
export function spatialCellAt(layout: SpatialLayout, x: number, y: number): { y: number; x: number } | undefined {
  if (x < 0 || y < 0 || x >= layout.size || y >= layout.size) return undefined;
  // The nearest receptive-field centre, clamped to the layer's positions.
  const py = (y / layout.size) * layout.imageHeight - 0.5;
  const px = (x / layout.size) * layout.imageWidth - 0.5;
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  return {
    y: clamp(Math.round((py - layout.start[0]) / layout.jump[0]), layout.rows),
    x: clamp(Math.round((px - layout.start[1]) / layout.jump[1]), layout.columns),
  };
}

/**
 * The `k` channels most active at `cell` of activations `[h, w, c]`,
 * largest first (ties by index): Building Blocks' "what fires here".
 */
export function topAt(
  values: Float32Array,
  h: number,
  w: number,
  c: number,
  cell: { y: number; x: number },
  k: number,
): { channel: number; value: number }[] {
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
 * it (each cell one stride wide, centred where the position's receptive
 * field is centred: fields overlap, so a cell marks a field's centre, not
 * its extent), the selected channel's map blended over the cells (smoothly
 * upsampled), and the current cell outlined.
 */
export function drawSpatialImage(ctx: CanvasRenderingContext2D, frame: SpatialFrame): void {
  const { image, layout, cell, overlay, colors } = frame;
  const { size, rows, columns } = layout;
  const bitmap = transientBitmap(image);
  ctx.clearRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, 0, 0, size, size);
  const first = cellRect(layout, 0, 0);
  const last = cellRect(layout, rows - 1, columns - 1);
  const right = last.x + last.width;
  const bottom = last.y + last.height;
  if (overlay) {
    const { atlas, grid, tile } = overlay;
    ctx.save();
    ctx.globalAlpha = 0.6;
    ctx.imageSmoothingEnabled = true;
    // The map covers the positions' cells, not the whole image: a valid
    // convolution's positions stop short of the border.
    ctx.drawImage(
      atlas,
      (tile % grid.columns) * grid.tileWidth,
      Math.floor(tile / grid.columns) * grid.tileHeight,
      grid.tileWidth,
      grid.tileHeight,
      first.x,
      first.y,
      right - first.x,
      bottom - first.y,
    );
    ctx.restore();
  }
  ctx.save();
  // The positions' grid lies over the picture, whatever the page's theme: drawn as a difference with white, it shows
  // as grey on black and on white pixels alike (in the grid colour it vanished on MNIST's black on a dark page).
  ctx.globalCompositeOperation = 'difference';
  ctx.strokeStyle = '#ffffff';
  ctx.globalAlpha = 0.3;
  ctx.lineWidth = 0.5;
  ctx.beginPath();
  for (let r = 0; r <= rows; r++) {
    const y = first.y + r * first.height;
    ctx.moveTo(first.x, y);
    ctx.lineTo(right, y);
  }
  for (let c = 0; c <= columns; c++) {
    const x = first.x + c * first.width;
    ctx.moveTo(x, first.y);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
  ctx.restore();
  const current = cellRect(layout, cell.y, cell.x);
  ctx.strokeStyle = colors.accent;
  ctx.lineWidth = 2;
  ctx.strokeRect(current.x, current.y, current.width, current.height);
}
