import { loadArray, type TensorInput } from '../../data/load-tensor.js';
import { formatShape } from '../../data/shape.js';
import { finiteExtent } from '../../scales/value-scale.js';

/**
 * The states the element traces, in memory: `[layers, steps, units]`
 * row-major (a `[T, D]` input has one layer). Kept as one Float32Array so that
 * scrolling reads the visible window straight from it.
 */
export interface LoadedStates {
  data: Float32Array;
  layers: number;
  steps: number;
  units: number;
  /** The shape the user gave, for messages. */
  shape: number[];
}

/**
 * Loads `states` (or `cellStates`) from anything the data layer reads; a
 * tensor is read back once and the caller's tensor is left alone. Ragged
 * arrays, other ranks and non-numeric values reject with a message naming
 * `source`.
 */
export async function loadStates(input: TensorInput, source: string, signal: AbortSignal): Promise<LoadedStates> {
  const decoded = await loadArray(input, { rank: [2, 3], signal, source });
  const shape = decoded.shape;
  const [layers, steps, units] = shape.length === 2 ? [1, shape[0], shape[1]] : [shape[0], shape[1], shape[2]];
  // Refused here, before any per-step or per-unit loop: [0, 2147483647] is a valid empty array
  // that would otherwise allocate and loop over two billion units.
  if (layers === 0 || steps === 0 || units === 0) {
    const empty = layers === 0 ? 'layers' : steps === 0 ? 'steps' : 'units';
    throw new Error(`${source} has no ${empty} (shape ${formatShape(shape)}): there is nothing to trace.`);
  }
  return { data: decoded.data, layers, steps, units, shape };
}

/** Throws unless the cell states have the hidden states' shape. */
export function checkCellShape(hidden: LoadedStates, cell: LoadedStates): void {
  if (hidden.shape.length !== cell.shape.length || hidden.shape.some((size, axis) => size !== cell.shape[axis])) {
    throw new Error(`cellStates has shape ${formatShape(cell.shape)} but states has ${formatShape(hidden.shape)}; they must match.`);
  }
}

/** The `[steps, units]` values of one layer (a view, not a copy). */
export function layerValues(states: LoadedStates, layer: number): Float32Array {
  if (!Number.isInteger(layer) || layer < 0 || layer >= states.layers) {
    throw new Error(
      `layer ${layer} is out of range: the states (shape ${formatShape(states.shape)}) have ${states.layers} layer${states.layers === 1 ? '' : 's'} (0 to ${states.layers - 1}).`,
    );
  }
  const size = states.steps * states.units;
  return states.data.subarray(layer * size, (layer + 1) * size);
}

/** The y-axis domain: the finite range of the values, widened to include 0, or [-1, 1] when there is none. */
export function valueDomain(values: Float32Array): [number, number] {
  const extent = finiteExtent(values) ?? [-1, 1];
  const lo = Math.min(0, extent[0]);
  const hi = Math.max(0, extent[1]);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** Checks `tokens` against the number of steps; positions label the steps when there are none. */
export function stepLabels(tokens: unknown, steps: number, shape: readonly number[]): readonly string[] | undefined {
  if (tokens === undefined || tokens === null) return undefined;
  if (typeof tokens === 'string') {
    throw new Error(`tokens must be a JSON array of strings, like ["(", "a", ")"]; got ${JSON.stringify(tokens.slice(0, 60))}.`);
  }
  if (!Array.isArray(tokens)) throw new Error(`tokens must be an array of strings, got ${typeof tokens}.`);
  if (tokens.length !== steps) {
    throw new Error(`tokens has ${tokens.length} tokens but the states have ${steps} steps (states shape ${formatShape(shape)}); they must match.`);
  }
  return tokens.map((token) => String(token));
}
