/**
 * Pure tensor functions on tfjs-core: no DOM, no Lit. Each returns new
 * tensors the caller disposes and never disposes its inputs.
 * @module nnscope/compute
 */
export { poolMatrix } from './pool.js';
export type { PoolReduction, PooledMatrix } from './pool.js';
export { finiteRange } from './range.js';
