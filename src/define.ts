/**
 * Registers every nnscope element (each only if its tag is free, so a
 * notebook cell can run twice). Each element's own `define` module is
 * imported here as the elements land: `nn-attention-heatmap`,
 * `nn-saliency-overlay`, `nn-feature-grid`, `nn-hidden-state-tracer`.
 *
 * @example
 * ```ts
 * import 'nnscope/define';
 * ```
 * @module nnscope/define
 */
import './elements/attention-heatmap/define.js';
import './elements/feature-grid/define.js';
import './elements/hidden-state-tracer/define.js';
import './elements/saliency-overlay/define.js';
