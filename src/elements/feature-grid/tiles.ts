import type { ChannelStats } from '../../compute/feature-vis/channel-stats.js';

/**
 * What a feature grid shows, as plain arrays: tile k of the atlas is channel
 * `channels[k]` (activations: tile k is channel k; optimised or given images:
 * tile k is the k-th image).
 */
export interface Tiles {
  /** Heatmaps of activations, or pictures (optimised or given). */
  kind: 'activations' | 'images';
  /** Channel index of each tile. */
  channels: number[];
  /** The data's size of one tile. */
  height: number;
  width: number;
  /** Activations only: [H, W, C] read back for hover values and the spatial view. */
  values?: Float32Array;
  /** Activations only: per-channel mean, max, min. */
  stats?: ChannelStats;
  /** Activations only: the finite range of all values (the colour scale is built from it at draw time); undefined when none is finite. */
  extent?: [number, number];
  /** Activations only: whether any value is NaN or ±Infinity (the legend then shows the "no value" swatch). */
  hasMissing?: boolean;
  /** Optimised images: each channel's mean activation on its image (for sorting and hover). */
  reached?: Float32Array;
  /** Where the tiles came from, for the header and screen readers ("layer conv2"). */
  origin: string;
  /** True while optimisation is still improving the images. */
  partial?: boolean;
}
