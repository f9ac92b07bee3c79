/**
 * Hidden-state selection in the manner of LSTMVis (Strobelt et al., 2018):
 * the units on throughout a brushed range, the other places they are all on,
 * and states recorded from a recurrent layer of a tf.LayersModel. Pure
 * functions over typed arrays; nothing here touches the DOM.
 * @module nnscope/compute/hidden-states
 */
export type { StateMatrix, Span, ThresholdOptions } from './types.js';
export { selectUnits } from './select-units.js';
export type { SelectUnitsOptions } from './select-units.js';
export { activeSteps, runsOf, findMatches } from './matches.js';
export type { FindMatchesOptions, Matches } from './matches.js';
export { activeStepsTensor } from './active-steps-tensor.js';
export { statesFromModel, RECURRENT_LAYERS } from './states-from-model.js';
export type { ModelStates, StatesFromModelOptions } from './states-from-model.js';
