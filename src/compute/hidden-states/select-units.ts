import { checkSpan, checkStates } from './check.js';
import type { Span, StateMatrix, ThresholdOptions } from './types.js';

/** Options of {@link selectUnits}. */
export interface SelectUnitsOptions extends ThresholdOptions {
  /**
   * LSTMVis's "on only here" rule (Strobelt et al., 2018, §5): a unit must
   * also be below the threshold just before the selection (step start - 1)
   * and just after it (step end), where those steps exist.
   */
  strict?: boolean;
}

/**
 * The units that are on throughout `selection`: every `u` with
 * `values[t * units + u] >= threshold` for all `t` in `[start, end)`, in
 * ascending order. With `strict`, `u` must also be below the threshold at
 * `start - 1` (when `start > 0`) and at `end` (when `end < steps`); a
 * selection touching a sequence edge has no neighbour there, so that side
 * imposes nothing.
 *
 * The empty selection (`start === end`) selects no unit: "on throughout
 * nothing" is vacuously true of every unit and would tell the reader
 * nothing, so it is defined as the empty set. NaN is never on.
 *
 * One pass over the selected rows, each row read in memory order, keeping a
 * shrinking list of candidates: the cost is at most `(end - start) x units`
 * reads and falls to the candidates left once most units have dropped out.
 *
 * @example
 * ```ts
 * const states = { values: new Float32Array([0.9, 0.1, 0.8, 0.7, 0.2, 0.9]), steps: 3, units: 2 };
 * selectUnits(states, { start: 0, end: 2 }, { threshold: 0.5 }); // Int32Array [0]
 * ```
 */
export function selectUnits(states: StateMatrix, selection: Span, options: SelectUnitsOptions): Int32Array {
  const method = 'selectUnits';
  checkStates(states, method);
  checkSpan(selection, states.steps, method);
  const { values, steps, units } = states;
  const { threshold, strict = false } = options;
  if (Number.isNaN(threshold)) throw new Error(`${method}: threshold must be a number, got NaN.`);
  const { start, end } = selection;
  if (start === end) return new Int32Array(0);
  let candidates = new Int32Array(units);
  for (let u = 0; u < units; u++) candidates[u] = u;
  let count = units;
  for (let t = start; t < end && count > 0; t++) {
    const row = t * units;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const u = candidates[i];
      if (values[row + u] >= threshold) candidates[kept++] = u;
    }
    count = kept;
  }
  if (strict && count > 0) {
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const u = candidates[i];
      // `!(v >= threshold)` rather than `v < threshold`: a NaN neighbour is "not on".
      const offBefore = start === 0 || !(values[(start - 1) * units + u] >= threshold);
      const offAfter = end === steps || !(values[end * units + u] >= threshold);
      if (offBefore && offAfter) candidates[kept++] = u;
    }
    count = kept;
  }
  candidates = candidates.slice(0, count);
  return candidates;
}
