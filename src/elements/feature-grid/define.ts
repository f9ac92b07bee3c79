/**
 * Registers `<nn-feature-grid>` (once, however often imported).
 *
 * @example
 * ```ts
 * import 'nnscope/feature-grid';
 * ```
 */
import { defineElement } from '../base/define.js';
import { FeatureGrid } from './feature-grid.js';

defineElement('nn-feature-grid', FeatureGrid);

export { FeatureGrid };
