/**
 * Registers `<nn-hidden-state-tracer>` (once, however often imported).
 *
 * @example
 * ```ts
 * import 'nnscope/hidden-state-tracer';
 * ```
 */
import { defineElement } from '../base/define.js';
import { HiddenStateTracer } from './hidden-state-tracer.js';

defineElement('nn-hidden-state-tracer', HiddenStateTracer);

export { HiddenStateTracer };
