/**
 * The grid view: every shown channel as one tile, drawn from the atlas into
 * band canvases that the compositor scrolls (see `band-canvases.ts`).
 */
import { html } from 'lit';
import type { ElementView } from '../../base/view.js';
import { moveInGrid } from '../../interaction/keys.js';
import { fillLayout, gridLayout, slotAt, slotOrigin, type GridLayout } from '../grid-layout.js';
import { peakOf, valueAt } from '../arrangement.js';
import type { FeatureGridHost, SurfacePoint, TileTarget } from './host.js';
import { labelOf, scaleNotes, tileCard, tileSentence } from './words.js';

/** The tile in display slot `slot`, with the value at fraction (u, v) of its picture, or at the channel's peak. */
export function tileAt(host: FeatureGridHost, slot: number, u?: number, v?: number): TileTarget {
  const tiles = host.shown!.tiles;
  const tile = host.arrangement.slots[slot];
  const channel = tiles.channels[tile];
  if (tiles.kind !== 'activations' || !tiles.values) return { kind: 'tile', surface: 'grid', slot, channel, value: tiles.reached?.[tile] ?? NaN };
  const cell =
    u === undefined || v === undefined
      ? peakOf(tiles, channel)
      : { y: Math.min(tiles.height - 1, Math.floor(v * tiles.height)), x: Math.min(tiles.width - 1, Math.floor(u * tiles.width)) };
  return { kind: 'tile', surface: 'grid', slot, channel, value: valueAt(tiles, channel, cell), ...cell };
}

/**
 * Lays the grid out for the scroll area and sizes the area from it (on
 * draw and resize, not on hover): with no height set, the area is as tall
 * as the rows, up to `--nn-max-height`, then scrolls; when the page set the
 * element's height and the tiles leave room, and neither `--nn-tile-size`
 * nor `columns` fixes their size, the tiles grow to fill it (`fillLayout`);
 * when that height leaves less room than the rows need (a header wrapping
 * in a narrow column), they shrink to fit, down to half their size.
 * One layout read (the area's height after its basis is set); no second
 * draw.
 */
function measure(host: FeatureGridHost, scroll: HTMLElement, spacer: HTMLElement): GridLayout | undefined {
  const tiles = host.shown?.tiles;
  if (!tiles) return undefined;
  const { look } = host;
  const options = {
    count: host.arrangement.slots.length,
    width: 0,
    columns: host.columns,
    tileSize: look.tileSize,
    dataHeight: tiles.height,
    dataWidth: tiles.width,
    labelHeight: look.labelHeight,
  };
  // Measured without the spacer's old height: the scroll bar shows only if these rows need it (the scroll position is kept).
  const scrollTop = scroll.scrollTop;
  spacer.style.height = '0px';
  options.width = Math.max(40, scroll.clientWidth || host.viewSize.width);
  let layout = gridLayout(options);
  const natural = Math.min(layout.height, look.maxHeight);
  scroll.style.flexBasis = `${natural}px`;
  spacer.style.height = `${layout.height}px`;
  if (scroll.clientWidth > 0 && scroll.clientWidth < options.width) {
    // The rows now scroll and the scroll bar took width from the last column: lay out again in what is left.
    options.width = scroll.clientWidth;
    layout = gridLayout(options);
    spacer.style.height = `${layout.height}px`;
  }
  if (!look.tileSizeSet && host.columns === undefined) {
    const room = scroll.clientHeight;
    // A set height with room to spare: the tiles grow to fill it. One with less room than the rows (the header wraps
    // to more lines in a narrow column and takes more of it): the tiles shrink, down to half their size, so that every
    // row shows instead of the last ones scrolling out of sight; smaller than that, the rows scroll.
    const filled =
      room > natural + 1
        ? fillLayout({ ...options, height: room, minTile: look.tileSize })
        : room > 0 && room < natural - 1
          ? fillLayout({ ...options, height: room, minTile: Math.max(16, Math.round(look.tileSize / 2)), largest: true })
          : undefined;
    if (filled) layout = filled;
  }
  spacer.style.height = `${layout.height}px`;
  if (scroll.scrollTop !== scrollTop) scroll.scrollTop = scrollTop;
  return layout;
}

/** Paints the bands from the atlas, synchronously (no GPU work): on draw, hover, focus and selection. */
function paint(host: FeatureGridHost, remeasure: boolean): void {
  const tiles = host.shown?.tiles;
  const atlas = host.atlas;
  const scroll = host.renderRoot.querySelector<HTMLElement>('.scroll');
  const spacer = host.renderRoot.querySelector<HTMLElement>('.spacer');
  if (!tiles || !atlas || !scroll || !spacer) return;
  const { slots } = host.arrangement;
  const layout = (!remeasure && host.layouts.grid?.count === slots.length ? host.layouts.grid : undefined) ?? measure(host, scroll, spacer);
  if (!layout) return;
  host.layouts.grid = layout;
  host.legendFor(layout.width);
  const focus = host.cursor?.kind === 'tile' ? host.cursor : undefined;
  const hover = host.hovered?.kind === 'tile' ? host.hovered : undefined;
  host.bands.paint(scroll, spacer, {
    atlas: atlas.canvas,
    atlasGrid: atlas.grid,
    layout,
    slots,
    label: (tile) => labelOf(host, tiles.kind === 'images' && !tiles.reached ? tile : tiles.channels[tile]) ?? `#${tiles.channels[tile]}`,
    width: Math.max(layout.width, scroll.clientWidth),
    selectedTile: host.selected === undefined ? undefined : tiles.channels.indexOf(host.selected),
    focusSlot: focus && slots[focus.slot] !== undefined ? focus.slot : undefined,
    hoverSlot: hover?.slot,
    position: host.cell && tiles.kind === 'activations' ? { ...host.cell, width: tiles.width, height: tiles.height } : undefined,
    colors: host.look.colors,
    font: host.look.font,
  });
}

export const gridView: ElementView<FeatureGridHost, TileTarget> & { startAt(host: FeatureGridHost): TileTarget | undefined } = {
  startAt(host) {
    const { order } = host.arrangement;
    if (order.length === 0) return undefined;
    const selected = host.selected === undefined ? -1 : order.indexOf(host.selected);
    return tileAt(host, Math.max(0, selected));
  },

  template(host) {
    // The band canvases (canvas.tiles) are added to the spacer by BandCanvases.
    // tabindex -1: Chromium makes a scroller with no focusable content a tab stop of its own; the element is the one stop.
    return html`<div class="scroll" tabindex="-1" @scroll=${host.bands.onScroll}><div class="spacer" ${host.surface('grid')}></div></div>`;
  },

  draw: (host) => paint(host, true),
  drawOverlay: (host) => paint(host, false),

  hitTest(host, point) {
    const layout = host.layouts.grid;
    if (!layout || !host.shown || (point as SurfacePoint).surface !== 'grid') return undefined;
    const hit = slotAt(layout, point.x, point.y);
    return hit ? tileAt(host, hit.slot, hit.u, hit.v) : undefined;
  },

  command(host, command) {
    const layout = host.layouts.grid;
    const count = host.arrangement.slots.length;
    if (!layout || !host.shown || count === 0) return false;
    const current = host.cursor?.kind === 'tile' ? host.cursor.slot : undefined;
    switch (command.kind) {
      case 'select':
        if (current === undefined) return false;
        host.select(host.cursor!.channel, host.cursor);
        return true;
      case 'escape':
        host.escape();
        return true;
      case 'zoom':
      case 'reset':
        return false; // the grid does not zoom
      default: {
        const slot = moveInGrid(current, command, { count, columns: layout.columns, pageRows: host.bands.pageRows });
        if (slot === undefined) return false;
        host.bands.reveal(slot);
        host.focusOn(tileAt(host, slot));
        return true;
      }
    }
  },

  tooltip(host, target) {
    const layout = host.layouts.grid;
    const scroll = host.renderRoot.querySelector<HTMLElement>('.scroll');
    if (!layout || !scroll || !host.shown || target.kind !== 'tile') return undefined;
    const origin = slotOrigin(layout, target.slot);
    // Beside the tile, where the card's offset puts it 8 px right of the tile's edge.
    return tileCard(host, target, { x: origin.x + layout.tileWidth - 4, y: origin.y - scroll.scrollTop + scroll.offsetTop - 12 });
  },

  describe(host, target) {
    return tileSentence(host, target, `${target.slot + 1} of ${host.arrangement.slots.length}`);
  },

  legendNotes: scaleNotes,
};
