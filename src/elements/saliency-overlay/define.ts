/**
 * Registers `<nn-saliency-overlay>` (once, however often imported).
 *
 * @example
 * ```ts
 * import 'nnscope/saliency-overlay';
 * ```
 */
import { defineElement } from '../base/define.js';
import { SaliencyOverlay } from './saliency-overlay.js';

defineElement('nn-saliency-overlay', SaliencyOverlay);

export { SaliencyOverlay };
