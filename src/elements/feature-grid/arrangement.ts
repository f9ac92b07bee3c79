/**
 * Which tile goes in which slot, and what a slot or a position holds: pure
 * functions of the tiles' read-back arrays, shared by both views.
 */
import { channelOrder, topChannels, type ChannelSort } from '../../compute/feature-vis/channel-stats.js';
import type { ChannelsSpec } from './channels-spec.js';
import type { Tiles } from './tiles.js';

/** The display order: channel and atlas tile of each slot. */
export interface Arrangement {
  /** Channel index of each slot. */
  order: number[];
  /** Atlas tile of each slot. */
  slots: number[];
}

/** A position in the activation map. */
export interface Cell {
  y: number;
  x: number;
}

/**
 * The channels `spec` keeps for activations of `tiles` (undefined: all),
 * checked against the channel count.
 *
 * @throws Error naming a channel that is out of range.
 */
export function shownChannels(spec: ChannelsSpec, tiles: Tiles): number[] | undefined {
  if (spec.kind === 'all' || tiles.kind !== 'activations' || !tiles.stats) return undefined;
  if (spec.kind === 'top') return topChannels(tiles.stats, spec.count);
  const count = tiles.channels.length;
  for (const channel of spec.channels) {
    if (channel >= count) throw new Error(`channels: ${channel} is out of range; there are ${count} channels (0 to ${count - 1}).`);
  }
  return spec.channels;
}

/**
 * The slots of `tiles` in `sort` order (largest first for mean and max; a
 * list gives the channels in its order), keeping only `shown` channels.
 *
 * @example
 * ```ts
 * arrange(tiles, 'max').order; // [1, 0, 2]
 * ```
 */
export function arrange(tiles: Tiles, sort: ChannelSort, shown?: readonly number[]): Arrangement {
  if (tiles.kind === 'activations') {
    const order = channelOrder(tiles.stats!, sort);
    const keep = shown ? new Set(shown) : undefined;
    const kept = keep && !Array.isArray(sort) ? order.filter((channel) => keep.has(channel)) : order;
    return { order: kept, slots: kept };
  }
  const count = tiles.channels.length;
  const reached = tiles.reached ?? new Float32Array(count).fill(NaN);
  let byTile: ChannelSort = sort;
  if (Array.isArray(sort)) {
    const tileOf = new Map(tiles.channels.map((channel, tile) => [channel, tile]));
    byTile = (sort as readonly number[]).map((channel) => {
      const tile = tileOf.get(channel);
      if (tile === undefined) throw new Error(`sort: channel ${channel} is not shown; the tiles are channels ${tiles.channels.join(', ')}.`);
      return tile;
    });
  } else if (sort !== 'index' && !tiles.reached) byTile = 'index';
  const slots = channelOrder({ mean: reached, max: reached, min: reached }, byTile);
  return { order: slots.map((tile) => tiles.channels[tile]), slots };
}

/** The value of channel `channel` at `cell` of activations [h, w, c]. */
export function valueAt(tiles: Tiles, channel: number, cell: Cell): number {
  return tiles.values ? tiles.values[(cell.y * tiles.width + cell.x) * tiles.channels.length + channel] : NaN;
}

/** The position of channel `channel`'s largest value. */
export function peakOf(tiles: Tiles, channel: number): Cell {
  const { values, height, width } = tiles;
  const c = tiles.channels.length;
  let best = -Infinity;
  let at = 0;
  for (let p = 0; values && p < height * width; p++) {
    const v = values[p * c + channel];
    if (v > best) {
      best = v;
      at = p;
    }
  }
  return { y: Math.floor(at / width), x: at % width };
}

/**
 * The largest single activation of `tiles` (NaN skipped): its position,
 * channel and value. The spatial view opens pinned here, so that its top
 * channels are the ones that fire most in the whole layer, not those of an
 * empty corner.
 */
export function strongestActivation(tiles: Tiles): Cell & { channel: number; value: number } {
  const { values, height, width } = tiles;
  const c = tiles.channels.length;
  let best = -Infinity;
  let at = 0;
  for (let i = 0; values && i < height * width * c; i++) {
    if (values[i] > best) {
      best = values[i];
      at = i;
    }
  }
  const p = Math.floor(at / Math.max(1, c));
  return { y: Math.floor(p / width), x: p % width, channel: at % Math.max(1, c), value: Number.isFinite(best) ? best : NaN };
}
