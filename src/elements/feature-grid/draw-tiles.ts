import type { AtlasGrid } from '../../compute/feature-vis/atlas.js';
import { slotOrigin, visibleSlots, type GridLayout } from './grid-layout.js';

/** Colours the grid is drawn with, resolved from the element's theme. */
export interface TileColors {
  text: string;
  muted: string;
  accent: string;
  grid: string;
}

/** What {@link drawTiles} draws. */
export interface TilesFrame {
  atlas: CanvasImageSource;
  atlasGrid: AtlasGrid;
  layout: GridLayout;
  /** Atlas tile shown in each display slot. */
  slots: readonly number[];
  /** Label of each atlas tile. */
  label: (tile: number) => string;
  /** Scroll offset: grid y shown at the canvas's top. */
  top: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /**
   * Display slots to draw, [first, end); default: every row that meets the
   * canvas. A band of the grid (see `grid-bands.ts`) names its own rows, so
   * that the row above, whose label ends just inside the band's top margin,
   * is not drawn twice.
   */
  range?: { first: number; end: number };
  selectedTile?: number;
  focusSlot?: number;
  hoverSlot?: number;
  /** A position in the maps (a linked token or pixel), marked in every tile: `{x, y}` of a `width` x `height` map. */
  position?: { x: number; y: number; width: number; height: number };
  colors: TileColors;
  /** Canvas font of the labels, e.g. `11px Georgia, serif` (the element's type; canvas cannot resolve CSS variables). */
  font: string;
}

/**
 * Draws the visible rows of a feature grid (or one band of them): each tile is one
 * drawImage from the atlas (already on a canvas, uploaded once), scaled with
 * smoothing off, then its label and any selection, focus or hover outline.
 * Only visible rows are drawn, so 2048 channels cost what one screen of them
 * does.
 */
export function drawTiles(ctx: CanvasRenderingContext2D, frame: TilesFrame): void {
  const { layout, atlasGrid, top } = frame;
  ctx.clearRect(0, 0, frame.width, frame.height);
  const { first, end } = frame.range ?? visibleSlots(layout, top, frame.height);
  ctx.imageSmoothingEnabled = false;
  ctx.font = frame.font;
  ctx.textBaseline = 'alphabetic';
  const size = Number.parseFloat(frame.font) || 11;
  for (let slot = first; slot < end; slot++) {
    const tile = frame.slots[slot];
    const { x, y } = slotOrigin(layout, slot);
    const sx = (tile % atlasGrid.columns) * atlasGrid.tileWidth;
    const sy = Math.floor(tile / atlasGrid.columns) * atlasGrid.tileHeight;
    // A hairline frame in the grid colour just outside the tile, so that a tile whose low end is dark (viridis, magma) keeps its edge on a dark page.
    ctx.strokeStyle = frame.colors.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(x - 0.5, y - top - 0.5, layout.tileWidth + 1, layout.tileHeight + 1);
    ctx.drawImage(frame.atlas, sx, sy, atlasGrid.tileWidth, atlasGrid.tileHeight, x, y - top, layout.tileWidth, layout.tileHeight);
    ctx.fillStyle = tile === frame.selectedTile ? frame.colors.accent : frame.colors.muted;
    ctx.fillText(fitText(ctx, frame.label(tile), layout.tileWidth, size), x, y - top + layout.tileHeight + Math.round(size * 1.05) + 1);
  }
  const outline = (slot: number | undefined, color: string, width: number, dash: number[] = []) => {
    if (slot === undefined || slot < first || slot >= end) return;
    const { x, y } = slotOrigin(layout, slot);
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash);
    ctx.strokeRect(x - width / 2, y - top - width / 2, layout.tileWidth + width, layout.tileHeight + width);
    ctx.restore();
  };
  const at = frame.position;
  if (at) {
    // The same position in every channel's map: a box around that pixel (a column of a one-row sequence map).
    const w = layout.tileWidth / at.width;
    const h = layout.tileHeight / at.height;
    ctx.save();
    ctx.strokeStyle = frame.colors.accent;
    ctx.lineWidth = 1.5;
    for (let slot = first; slot < end; slot++) {
      const { x, y } = slotOrigin(layout, slot);
      ctx.strokeRect(x + at.x * w - 0.75, y - top + at.y * h - 0.75, Math.max(2, w) + 1.5, Math.max(2, h) + 1.5);
    }
    ctx.restore();
  }
  outline(frame.hoverSlot, frame.colors.text, 1);
  const selectedSlot = frame.selectedTile === undefined ? undefined : frame.slots.indexOf(frame.selectedTile);
  outline(selectedSlot === -1 ? undefined : selectedSlot, frame.colors.accent, 3);
  outline(frame.focusSlot, frame.colors.accent, 2, [4, 2]);
}

/** `text`, cut with an ellipsis to fit `width`. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number, size: number): string {
  // A glyph is under 0.7 em wide in common text faces: short labels ("#1234")
  // need no measuring, which would otherwise run for every tile every frame.
  if (text.length * 0.7 * size <= width || ctx.measureText(text).width <= width) return text;
  // A channel number reads whole without its "#" rather than cut.
  if (text.startsWith('#') && ctx.measureText(text.slice(1)).width <= width) return text.slice(1);
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
