/**
 * Registers `<nn-attention-heatmap>` (once, however often imported).
 *
 * @example
 * ```ts
 * import 'nnscope/attention-heatmap';
 * ```
 */
import { defineElement } from '../base/define.js';
import { AttentionHeatmap } from './attention-heatmap.js';

defineElement('nn-attention-heatmap', AttentionHeatmap);

export { AttentionHeatmap };
