/**
 * Feature visualisation: a layer's activations as channels, their order and
 * colour atlas, and activation maximisation with Lucid's regularisations.
 * Pure tensor functions: they never dispose their inputs and free their
 * intermediates.
 */
export { toChannelsLast, type ActivationLayout } from './layout.js';
export { channelStats, readChannelStats, channelOrder, topChannels, type ChannelStats, type ChannelSort } from './channel-stats.js';
export { atlasGrid, heatmapAtlas, imageAtlas, MAX_ATLAS_SIDE, type AtlasGrid, type HeatmapAtlasOptions } from './atlas.js';
export { modelLayer, isSpatial, type ModelLayer } from './model-layer.js';
export { layerActivations } from './extract.js';
export { receptiveField, type ReceptiveField } from './receptive-field.js';
export { fftFrequency, spectrumScale, fourierBasis, fourierImage, type FourierBasis } from './fourier.js';
export { defaultTransformRanges, sampleTransform, warp, warpSamples, type Transform, type TransformRanges } from './transforms.js';
export { totalVariation } from './total-variation.js';
export { visualizeChannels, featureObjective, type FeatureVisOptions, type FeatureVisResult } from './optimize.js';
