/**
 * Saliency-map display maths: channel reduction, resizing onto an image,
 * percentile clipping, top-k masks and the rank correlation between maps.
 * @module nnscope/compute/saliency
 */
export { reduceChannels } from './reduce-channels.js';
export type { ChannelReduction } from './reduce-channels.js';
export { resizeMap, ASPECT_TOLERANCE } from './resize-map.js';
export { percentile, absPercentile } from './percentile.js';
export { topPercentMask } from './top-percent.js';
export { spearman, averageRanks } from './rank-correlation.js';
export { imageBaseline, IMAGE_BASELINES } from './baselines.js';
export type { ImageBaseline } from './baselines.js';
export { randomizedCopy } from './randomize-weights.js';
export { embeddingScore } from './embedding-score.js';
export type { EmbeddingScore } from './embedding-score.js';
