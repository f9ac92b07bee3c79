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
  colors: TileColors;
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
  ctx.font = '10px var(--nn-font, system-ui, sans-serif)';
  ctx.textBaseline = 'alphabetic';
  for (let slot = first; slot < end; slot++) {
    const tile = frame.slots[slot];
    const { x, y } = slotOrigin(layout, slot);
    const sx = (tile % atlasGrid.columns) * atlasGrid.tileWidth;
    const sy = Math.floor(tile / atlasGrid.columns) * atlasGrid.tileHeight;
    ctx.drawImage(frame.atlas, sx, sy, atlasGrid.tileWidth, atlasGrid.tileHeight, x, y - top, layout.tileWidth, layout.tileHeight);
    ctx.fillStyle = tile === frame.selectedTile ? frame.colors.accent : frame.colors.muted;
    ctx.fillText(fitText(ctx, frame.label(tile), layout.tileWidth), x, y - top + layout.tileHeight + layout.labelHeight - 3);
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
  outline(frame.hoverSlot, frame.colors.text, 1);
  const selectedSlot = frame.selectedTile === undefined ? undefined : frame.slots.indexOf(frame.selectedTile);
  outline(selectedSlot === -1 ? undefined : selectedSlot, frame.colors.accent, 3);
  outline(frame.focusSlot, frame.colors.accent, 2, [4, 2]);
}

/** `text`, cut with an ellipsis to fit `width`. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  // A 10 px sans-serif glyph is under 7 px wide: short labels ("#1234") need
  // no measuring, which would otherwise run for every tile every frame.
  if (text.length * 7 <= width || ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
