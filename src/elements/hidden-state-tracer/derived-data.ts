import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TensorInput } from '../../data/load-tensor.js';
import { findMatches } from '../../compute/hidden-states/matches.js';
import { selectUnits } from '../../compute/hidden-states/select-units.js';
import { statesFromModel } from '../../compute/hidden-states/states-from-model.js';
import type { Span } from '../../compute/hidden-states/types.js';
import { stringList } from '../base/validate.js';
import { checkCellShape, layerValues, loadStates, stepLabels, valueDomain, type LoadedStates } from './state-source.js';
import { joinsWithoutSpace, matchIndex } from './token-text.js';
import type { SelectionResult, TracedStates } from './views/host.js';

/**
 * The tracer's derived data, one pure step each, in pipeline order: the
 * loaded source (from arrays, URLs or a model), one layer of one kind of
 * states with its labels, and the selection's units and matches. The
 * `TracerPipeline` (pipeline.ts) keeps each in a `Stage` keyed by what it is
 * computed from.
 */

/** Hidden (and cell) states in memory. */
export interface LoadedSource {
  hidden: LoadedStates;
  cell?: LoadedStates;
  steps: number;
  units: number;
  /** The recurrent layer's kind ("LSTM") when the states were recorded from a model. */
  fromModel?: string;
}

/** What the source is loaded from: the element's inputs. */
export interface SourceInputs {
  states?: TensorInput;
  cellStates?: TensorInput;
  model?: LayersModel;
  input?: ArrayLike<number> | Tensor;
  layer?: number | string;
}

/** Loads the states from arrays or URLs, or records them by stepping a model's recurrent layer. */
export async function loadSource(inputs: SourceInputs, signal: AbortSignal): Promise<LoadedSource> {
  if (inputs.model) {
    if (inputs.input === undefined) throw new Error('A model needs input: the token ids of the sequence to trace.');
    if (typeof inputs.layer === 'number')
      throw new Error(`With a model, layer is the recurrent layer's name (like "lstm"), not an index (got ${inputs.layer}).`);
    const states = await statesFromModel(inputs.model, inputs.input, { layer: inputs.layer, signal });
    const asLoaded = (data: Float32Array): LoadedStates => ({
      data,
      layers: 1,
      steps: states.steps,
      units: states.units,
      shape: [states.steps, states.units],
    });
    return {
      hidden: asLoaded(states.hidden),
      cell: states.cell ? asLoaded(states.cell) : undefined,
      steps: states.steps,
      units: states.units,
      fromModel: states.kind,
    };
  }
  if (inputs.states === undefined) throw new Error('No states to show yet: set the states property, the src attribute, or model and input.');
  const [hidden, cell] = await Promise.all([
    loadStates(inputs.states, 'states', signal),
    inputs.cellStates !== undefined ? loadStates(inputs.cellStates, 'cellStates', signal) : undefined,
  ]);
  if (cell) checkCellShape(hidden, cell);
  return { hidden, cell, steps: hidden.steps, units: hidden.units };
}

/** The states of `kind` (already checked) and the layer index they are read at. */
export function statesToTrace(
  source: LoadedSource,
  kind: 'hidden' | 'cell',
  layer: number | string | undefined,
): { states: LoadedStates; layer: number } {
  const states = kind === 'cell' ? source.cell : source.hidden;
  if (!states) {
    throw new Error(
      'state="cell" needs cell states: set cellStates or cell-src, or trace an LSTM model (GRU and SimpleRNN have none). Only hidden states were given.',
    );
  }
  if (source.fromModel) return { states, layer: 0 };
  if (typeof layer === 'string' && !/^\s*\d+\s*$/.test(layer)) {
    throw new Error(`layer "${layer}" is a name, which only a model has; for states, layer is an index (0 to ${states.layers - 1}).`);
  }
  return { states, layer: layer === undefined ? 0 : Number(layer) };
}

/** One layer's values, their y domain, and a label per step (the tokens, checked against the steps, or the step numbers). */
export function tracedStates(states: LoadedStates, layer: number, tokens: unknown): TracedStates {
  const values = layerValues(states, layer);
  const list = stringList('tokens', tokens);
  const labels = stepLabels(list, states.steps, states.shape) ?? Array.from({ length: states.steps }, (_, t) => String(t));
  return {
    values,
    steps: states.steps,
    units: states.units,
    domain: valueDomain(values),
    labels,
    joined: list !== undefined && joinsWithoutSpace(labels),
  };
}

/** The units on throughout `selection` and where else they all are (see `selectUnits`, `findMatches`). */
export function selectionResult(
  traced: TracedStates,
  selection: Span | undefined,
  options: { threshold: number; strict: boolean; maxMatches: number },
): SelectionResult {
  const states = { values: traced.values, steps: traced.steps, units: traced.units };
  const units = selection ? selectUnits(states, selection, options) : new Int32Array(0);
  const { matches, total } = selection ? findMatches(states, units, selection, options) : { matches: [], total: 0 };
  return { selection, units, matches, total, matchAt: matchIndex(traced.steps, matches) };
}
