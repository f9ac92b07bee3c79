/**
 * The spatial view (Building Blocks, Olah et al., 2018): the input image
 * with a grid over the layer's positions, and the channels most active at
 * the pinned position; the selected (or linked) channel's map is drawn over
 * the image.
 */
import { html } from 'lit';
import { format } from 'd3-format';
import type { ElementView } from '../../base/view.js';
import { fitCanvas } from '../../../render/canvas.js';
import { drawTiles } from '../draw-tiles.js';
import { gridLayout, slotAt } from '../grid-layout.js';
import { strongestActivation, valueAt, type Cell } from '../arrangement.js';
import { examplePicture, positionsOf } from '../feature-data.js';
import { cellRect, drawSpatialImage, spatialCellAt, spatialLayout, topAt } from '../spatial-view.js';
import type { CellTarget, FeatureGridHost, FeatureTarget, SurfacePoint } from './host.js';
import { cellCard, cellSentence, formatValue, scaleNotes } from './words.js';

/** Two significant digits: what fits under a tile. */
const shortValue = format('.2~g');

/** Channels listed beside the image. */
const TOP_CHANNELS = 8;

/** Position `cell` with the channel most active there. */
export function cellAt(host: FeatureGridHost, cell: Cell): CellTarget {
  const tiles = host.shown!.tiles;
  const [best] = topAt(tiles.values!, tiles.height, tiles.width, tiles.channels.length, cell, 1);
  return { kind: 'cell', y: cell.y, x: cell.x, channel: best?.channel ?? 0, value: best?.value ?? NaN };
}

/** The pinned position, or the position of the layer's strongest activation. */
function currentCell(host: FeatureGridHost): Cell {
  return host.cell ?? strongestActivation(host.shown!.tiles);
}

/** The channel drawn over the image: the selected one, else one a linked view focused. */
function highlighted(host: FeatureGridHost): number | undefined {
  const tiles = host.shown!.tiles;
  const channel = host.selected ?? (host.cursor?.kind === 'tile' ? host.cursor.channel : undefined);
  return channel !== undefined && channel < tiles.channels.length ? channel : undefined;
}

/** The sentence over the top channels: where they are, and why there when the reader has not moved the pin. */
function captionOf(host: FeatureGridHost, cell: Cell, channel: number | undefined): string {
  const tiles = host.shown!.tiles;
  const where = `Top channels at row ${cell.y}, column ${cell.x} of ${tiles.height} × ${tiles.width}`;
  const strongest = host.cell === undefined ? strongestActivation(tiles) : undefined;
  const why = strongest ? ` (the strongest activation: channel ${strongest.channel}, ${formatValue(strongest.value)})` : '';
  return `${where}${why}${channel !== undefined ? ` · over the image: channel ${channel}` : ''}`;
}

function paint(host: FeatureGridHost, remeasure: boolean): void {
  const tiles = host.shown?.tiles;
  const { atlas, picture, positions } = host;
  const spatial = host.renderRoot.querySelector<HTMLElement>('.spatial');
  const imageCanvas = host.renderRoot.querySelector<HTMLCanvasElement>('canvas.input');
  const topCanvas = host.renderRoot.querySelector<HTMLCanvasElement>('canvas.top');
  if (!tiles?.values || !atlas || !picture || !positions || !spatial || !imageCanvas || !topCanvas) return;
  let layout = remeasure ? undefined : host.layouts.spatial;
  if (!layout) {
    const options = { width: host.viewSize.width, rows: tiles.height, columns: tiles.width, tileSize: host.look.tileSize };
    layout = spatialLayout(options, picture, positions);
    spatial.classList.toggle('stacked', layout.stacked);
    // The page set a height other than the image's: the image fills it (one layout read, on draw only).
    fitCanvas(imageCanvas, layout.size, layout.size);
    const room = spatial.clientHeight;
    if (Math.abs(room - layout.size) > 1) layout = spatialLayout({ ...options, room }, picture, positions);
  }
  host.layouts.spatial = layout;
  const cell = currentCell(host);
  const channel = highlighted(host);
  drawSpatialImage(fitCanvas(imageCanvas, layout.size, layout.size), {
    image: picture,
    layout,
    cell,
    overlay: channel === undefined ? undefined : { atlas: atlas.canvas, grid: atlas.grid, tile: channel },
    colors: host.look.colors,
  });
  // The most active channels there; where some fire, those that do not (zero after a ReLU) are not listed as "top".
  const ranked = topAt(tiles.values, tiles.height, tiles.width, tiles.channels.length, cell, TOP_CHANNELS);
  const top = ranked.some((entry) => entry.value > 0) ? ranked.filter((entry) => entry.value > 0) : ranked;
  const grid = gridLayout({
    count: top.length,
    width: layout.sideWidth,
    columns: 4,
    tileSize: host.look.tileSize,
    dataHeight: tiles.height,
    dataWidth: tiles.width,
    labelHeight: host.look.labelHeight,
  });
  host.layouts.top = { grid, top };
  host.legendFor(grid.width);
  const hover = host.hovered?.kind === 'tile' ? host.hovered : undefined;
  drawTiles(fitCanvas(topCanvas, layout.sideWidth, grid.height + 1), {
    atlas: atlas.canvas,
    atlasGrid: atlas.grid,
    layout: grid,
    slots: top.map((entry) => entry.channel),
    label: (tile) => `#${tile} ${shortValue(top.find((entry) => entry.channel === tile)?.value ?? NaN)}`,
    top: 0,
    width: layout.sideWidth,
    height: grid.height + 1,
    selectedTile: channel,
    hoverSlot: hover ? top.findIndex((entry) => entry.channel === hover.channel) : undefined,
    colors: host.look.colors,
    font: host.look.font,
  });
  const caption = host.renderRoot.querySelector('.caption');
  if (caption) caption.textContent = captionOf(host, cell, channel);
}

export const spatialView: ElementView<FeatureGridHost, FeatureTarget> & {
  placesLegend: boolean;
  startAt(host: FeatureGridHost): FeatureTarget | undefined;
} = {
  async prepare(host, signal) {
    const { parts, layer, shown } = host;
    if (parts && parts.outputShape.length !== 3) {
      throw new Error(`view="spatial" needs a layer with height and width; layer "${layer}" outputs [batch, ${parts.outputShape.join(', ')}].`);
    }
    const example = host.stages.example.value;
    if (!example) throw new Error('view="spatial" needs input: the image the activations are of.');
    if (shown?.strip) {
      const [, w, c] = shown.tensor.shape;
      throw new Error(`view="spatial" needs activations with height and width; these are [N, C] = [${w}, ${c}], a dense layer.`);
    }
    const picture = await host.stages.picture.run([example], () => (host.stages.computed.picture++, examplePicture(example)), signal);
    if (shown) {
      const { height, width } = shown.tiles;
      const args = [host.model, layer, height, width, picture.height, picture.width] as const;
      if (!host.stages.positions.has([...args])) host.stages.positions.set([...args], positionsOf(...args));
    }
  },

  template(host) {
    return html`<div class="spatial">
      <canvas class="input" part="input" ${host.surface('image')}></canvas>
      <div class="side">
        <p class="caption"></p>
        ${host.legend()}
        <canvas class="top" part="canvas" ${host.surface('top')}></canvas>
      </div>
    </div>`;
  },

  startAt: (host) => (host.shown?.tiles.values ? cellAt(host, currentCell(host)) : undefined),

  // The legend explains the top channels' tiles and the map over the image: it goes beside them, at their width.
  placesLegend: true,

  draw: (host) => paint(host, true),
  drawOverlay: (host) => paint(host, false),

  hitTest(host, point) {
    const tiles = host.shown?.tiles;
    if (!tiles?.values) return undefined;
    const surface = (point as SurfacePoint).surface;
    if (surface === 'image') {
      const cell = host.layouts.spatial && spatialCellAt(host.layouts.spatial, point.x, point.y);
      return cell ? cellAt(host, cell) : undefined;
    }
    const top = host.layouts.top;
    const hit = surface === 'top' && top ? slotAt(top.grid, point.x, point.y) : undefined;
    const entry = hit ? top!.top[hit.slot] : undefined;
    if (!entry) return undefined;
    const cell = currentCell(host);
    return { kind: 'tile', surface: 'top', slot: hit!.slot, channel: entry.channel, value: valueAt(tiles, entry.channel, cell), ...cell };
  },

  command(host, command) {
    const tiles = host.shown?.tiles;
    if (!tiles?.values) return false;
    const cell = currentCell(host);
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
    let next: Cell;
    switch (command.kind) {
      case 'move':
        next = { y: clamp(cell.y + command.dy, tiles.height), x: clamp(cell.x + command.dx, tiles.width) };
        break;
      case 'page':
        // A screenful of the map is all of it: the first or last row.
        next = { y: command.direction < 0 ? 0 : tiles.height - 1, x: cell.x };
        break;
      case 'edge':
        next = command.to === 'start' ? { y: 0, x: 0 } : { y: tiles.height - 1, x: tiles.width - 1 };
        break;
      case 'select': {
        const target = cellAt(host, cell);
        host.select(target.channel);
        return true;
      }
      case 'escape':
        host.escape();
        return true;
      default:
        return false; // no zoom, no range
    }
    host.focusOn(cellAt(host, next));
    return true;
  },

  tooltip(host, target) {
    const layout = host.layouts.spatial;
    const spatial = host.renderRoot.querySelector<HTMLElement>('.spatial');
    if (target.kind !== 'cell' || !layout || !spatial || !host.shown?.tiles.values) return undefined;
    const rect = cellRect(layout, target.y, target.x);
    return cellCard(host, target, { x: rect.x + rect.width, y: spatial.offsetTop + rect.y + rect.height });
  },

  describe(host, target) {
    return target.kind === 'cell'
      ? cellSentence(host, target)
      : `Channel ${target.channel} at row ${target.y}, column ${target.x}: ${formatValue(target.value)}`;
  },

  legendNotes: scaleNotes,
};
