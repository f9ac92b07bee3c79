/**
 * The data layer: turns what a user has (tensors, arrays, npy / npz /
 * safetensors / JSON bytes, files, URLs) into float32 tensors, with errors
 * that say which input failed and why.
 *
 * @example
 * ```ts
 * import { loadTensor, NnDataError } from 'nnscope';
 * const attention = await loadTensor('/bert.npz#attention', { source: 'attention' });
 * ```
 */
export { loadTensor, loadArray } from './load-tensor.js';
export type { TensorInput, LoadTensorOptions } from './load-tensor.js';
export { parseNpy } from './npy.js';
export { parseNpz, listNpz } from './npz.js';
export { parseSafetensors, listSafetensors } from './safetensors.js';
export { parseJsonTensor } from './json.js';
export { fromJs } from './from-js.js';
export type { DataAndShape } from './from-js.js';
export type { NestedArray } from './nested-array.js';
export type { DecodedArray } from './decoded-array.js';
export { NnDataError } from './errors.js';
export { imageToTensor, imagePixels, loadImage } from './image-tensor.js';
export type { ImageInput } from './image-tensor.js';
