/**
 * The single-file build, `dist/nnscope.js`: every element registered, and the
 * whole public API (`nnscope` and `nnscope/compute`) exported, with lit, d3
 * and tfjs inside, so a plain page needs one `<script type="module">`.
 */
import './define.js';
export * from './index.js';
export * from './compute/index.js';
// A plain page that hands an element a model it loaded itself (the feature
// grid's and the tracer's `model` property) needs tfjs-layers' loader from
// this same file: a second copy of tfjs would be a second engine whose
// tensors the elements cannot read. The bundle already carries tfjs-layers
// (the saliency overlay loads `model="…/model.json"` with it), so this adds
// no bytes.
export { loadLayersModel } from '@tensorflow/tfjs-layers';
