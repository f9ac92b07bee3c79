/**
 * What both views say about tiles and positions: the tooltip card, the
 * sentence for screen readers, the header summary and the legend's notes.
 */
import { html } from 'lit';
import { format } from 'd3-format';
import type { Point } from '../../interaction/pointer.js';
import type { Tooltip, TooltipLine } from '../../interaction/tooltip.js';
import type { FeatureGridHost, FeatureTarget, TileTarget } from './host.js';
import { topAt } from '../spatial-view.js';
import { fitCanvas } from '../../../render/canvas.js';

export const formatValue = format('.3~g');

/** The label of channel `channel` (one per channel, or one per image). */
export function labelOf(host: Pick<FeatureGridHost, 'labelList'>, channel: number): string | undefined {
  return host.labelList?.[channel];
}

/** The card for a tile: its enlarged picture (painted by `paintZoom`), channel, label, value and range. */
export function tileCard(host: FeatureGridHost, target: TileTarget, at: Point): Tooltip {
  const tiles = host.shown!.tiles;
  const { channel, value, y, x } = target;
  const label = labelOf(host, channel);
  const lines: TooltipLine[] = [{ label: 'Channel', text: `${channel}${label ? ` · ${label}` : ''}` }];
  const stats = tiles.stats;
  if (stats)
    lines.push({ text: `range ${formatValue(stats.min[channel])} to ${formatValue(stats.max[channel])} · mean ${formatValue(stats.mean[channel])}` });
  // The value under the pointer (or at the channel's peak for the keyboard cursor), emphasised last.
  const place = y !== undefined && x !== undefined ? `at (${y}, ${x}): ` : Number.isFinite(value) ? 'mean activation reached: ' : undefined;
  return { at, lines, value: place === undefined ? undefined : `${place}${formatValue(value)}`, extra: html`<canvas class="zoom"></canvas>` };
}

/** The card for a position of the spatial view: where it is and the channels most active there. */
export function cellCard(host: FeatureGridHost, target: FeatureTarget & { kind: 'cell' }, at: Point): Tooltip {
  const tiles = host.shown!.tiles;
  const top = topAt(tiles.values!, tiles.height, tiles.width, tiles.channels.length, target, 3);
  return {
    at,
    lines: [
      { label: 'row', text: `${target.y}, column ${target.x}` },
      ...top.map((entry) => ({ label: `channel ${entry.channel}`, text: formatValue(entry.value) })),
    ],
  };
}

/** The sentence said when the keyboard cursor lands on a tile. */
export function tileSentence(host: FeatureGridHost, target: TileTarget, position: string): string {
  const tiles = host.shown!.tiles;
  if (tiles.kind === 'activations' && tiles.stats) {
    const { mean, max, min } = tiles.stats;
    const c = target.channel;
    return `Channel ${c} (${position}): mean ${formatValue(mean[c])}, max ${formatValue(max[c])}, min ${formatValue(min[c])}`;
  }
  return `Channel ${target.channel} (${position})${Number.isFinite(target.value) ? `: mean activation ${formatValue(target.value)}` : ''}`;
}

/** The sentence said when the keyboard cursor lands on a position. */
export function cellSentence(host: FeatureGridHost, target: FeatureTarget & { kind: 'cell' }): string {
  const tiles = host.shown!.tiles;
  const top = topAt(tiles.values!, tiles.height, tiles.width, tiles.channels.length, target, 3);
  return `Row ${target.y}, column ${target.x}: most active ${top.map((entry) => `channel ${entry.channel} (${formatValue(entry.value)})`).join(', ')}`;
}

/** The header's one line: where the tiles come from, how many, and their order. */
export function summaryOf(host: FeatureGridHost, sort: unknown): string {
  const tiles = host.shown?.tiles;
  if (!tiles) return '';
  const shown = host.arrangement.slots.length;
  const order = Array.isArray(sort) ? 'in the order given' : sort === 'index' ? 'by index' : `by ${String(sort)}, largest first`;
  if (tiles.kind === 'images') {
    return `${tiles.origin}: ${shown} image${shown === 1 ? '' : 's'} of ${tiles.height} × ${tiles.width}${tiles.partial ? ' (optimising…)' : ''}${tiles.reached ? `, ${order}` : ''}`;
  }
  const total = tiles.channels.length;
  return `${tiles.origin}: ${shown === total ? shown : `${shown} of ${total}`} channels of ${tiles.height} × ${tiles.width}, ${order}`;
}

/** Under the legend: what the colour is (the layer's activation) and whether the tiles share its scale. */
export function scaleNotes(host: FeatureGridHost): string[] {
  if (host.shown?.tiles.kind !== 'activations') return [];
  const of = host.layer ? ` of ${host.layer}` : '';
  return host.normalization === 'tile'
    ? [`activation${of}, each tile scaled to its own ${host.scale?.signed ? 'largest |value|' : 'maximum'} (normalize="tile")`]
    : [`activation${of}, one scale for all tiles`];
}

/** Paints the card's enlarged tile from the atlas, with the hovered pixel outlined. */
export function paintZoom(canvas: HTMLCanvasElement, host: FeatureGridHost, target: TileTarget, accent: string): void {
  const atlas = host.atlas;
  const tiles = host.shown?.tiles;
  if (!atlas || !tiles) return;
  const { grid } = atlas;
  const scale = Math.max(1, Math.floor(140 / Math.max(grid.tileHeight, grid.tileWidth)));
  const width = grid.tileWidth * scale;
  const height = Math.max(8, grid.tileHeight * scale);
  const ctx = fitCanvas(canvas, width, height);
  ctx.imageSmoothingEnabled = false;
  const index = tiles.kind === 'activations' ? target.channel : tiles.channels.indexOf(target.channel);
  ctx.drawImage(
    atlas.canvas,
    (index % grid.columns) * grid.tileWidth,
    Math.floor(index / grid.columns) * grid.tileHeight,
    grid.tileWidth,
    grid.tileHeight,
    0,
    0,
    width,
    height,
  );
  if (target.y !== undefined && target.x !== undefined && tiles.kind === 'activations') {
    ctx.strokeStyle = accent;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(target.x * scale, (target.y * height) / grid.tileHeight, scale, height / grid.tileHeight);
  }
}
