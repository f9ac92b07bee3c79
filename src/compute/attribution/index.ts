/**
 * Attribution: which parts of an input a model's score depends on. Each
 * method takes a score function (one score per example, see `scoreFor`) and
 * one input, and resolves to `{ attribution, ... }` of the input's shape.
 * @module nnscope/compute/attribution
 */
export { vanillaGradient } from './vanilla-gradient.js';
export type { GradientAttribution } from './vanilla-gradient.js';
export { gradientTimesInput } from './gradient-times-input.js';
export { smoothGrad } from './smooth-grad.js';
export type { SmoothGradOptions, SmoothGradAttribution } from './smooth-grad.js';
export { integratedGradients } from './integrated-gradients.js';
export type { IntegratedGradientsOptions, IntegratedGradientsAttribution } from './integrated-gradients.js';
export { integrationPoints, gaussLegendre } from './quadrature.js';
export type { IntegrationRule, Quadrature } from './quadrature.js';
export { gradCam } from './grad-cam.js';
export type { GradCamOptions, GradCamAttribution } from './grad-cam.js';
export { occlusion } from './occlusion.js';
export type { OcclusionOptions, OcclusionAttribution } from './occlusion.js';
export { scoreFor } from './score-for.js';
export type { GraphModelLike, ScoredModel } from './score-for.js';
export { chooseBatchSize, DEFAULT_MEMORY_BUDGET, ACTIVATIONS_PER_EXAMPLE } from './batches.js';
export type { Attribution, AttributionOptions, AttributionProgress, ScoreFunction } from './types.js';
