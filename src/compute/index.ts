/**
 * Pure tensor and typed-array functions: no DOM, no Lit. Functions on
 * tensors return new tensors the caller disposes and never dispose their
 * inputs; functions on arrays return new arrays.
 * @module nnscope/compute
 */
export { poolMatrix } from './pool.js';
export type { PoolReduction, PooledMatrix } from './pool.js';
export { poolMatrixArray } from './pool-array.js';
export type { PooledArray } from './pool-array.js';
export { finiteRange } from './range.js';
export { reduceHeads, reduceHeadsArray } from './attention/reduce-heads.js';
export type { HeadSelection } from './attention/reduce-heads.js';
export { attentionRollout, rolloutStep, rolloutStepFromMean } from './attention/rollout.js';
export { isCausal, hideUpperTriangle, maskTokens, normalizeMatrix, rowSumRange } from './attention/matrix.js';
export * from './attribution/index.js';
export * from './feature-vis/index.js';
export { mulberry32, normals } from './random.js';
export * from './saliency/index.js';
export { selectUnits, findMatches, activeSteps, runsOf, activeStepsTensor, statesFromModel, RECURRENT_LAYERS } from './hidden-states/index.js';
export type {
  StateMatrix,
  Span,
  ThresholdOptions,
  SelectUnitsOptions,
  FindMatchesOptions,
  Matches,
  ModelStates,
  StatesFromModelOptions,
} from './hidden-states/index.js';
