import { checkSpan, checkStates } from './check.js';
import type { Span, StateMatrix, ThresholdOptions } from './types.js';

/** Options of {@link findMatches}. */
export interface FindMatchesOptions extends ThresholdOptions {
  /** At most this many matches are returned (the longest first); default 50. `Infinity` returns all. */
  maxMatches?: number;
}

/** What {@link findMatches} returns. */
export interface Matches {
  /** The matches kept: longest first, then earliest first; at most `maxMatches`. */
  matches: Span[];
  /** How many matches there are before the cap. */
  total: number;
}

/**
 * Marks the steps at which every one of `units` is on (`>= threshold`):
 * `mask[t] === 1` where all are, 0 elsewhere. With no units the mask is all
 * 0: "all of no units" would match everywhere and say nothing.
 *
 * Row-major data is read one row per step, and a step is decided by the
 * first unit that is off. The unit that was last found off is tried first
 * (move to front): off-runs are long in real states, so most steps cost one
 * read, and the whole pass touches one cache line per step instead of the
 * whole matrix (measured in bench/scenarios/hidden-state-tracer.bench.ts).
 *
 * @example
 * ```ts
 * activeSteps(states, Int32Array.of(0, 3), { threshold: 0.5 }); // Uint8Array [0, 1, 1, 0, ...]
 * ```
 */
export function activeSteps(states: StateMatrix, units: ArrayLike<number>, options: ThresholdOptions): Uint8Array {
  const method = 'activeSteps';
  checkStates(states, method);
  const { values, steps, units: width } = states;
  const { threshold } = options;
  const order = Int32Array.from(units);
  for (const u of order) {
    if (!(u >= 0 && u < width)) throw new Error(`${method}: unit ${u} is out of range: the states have ${width} units (0 to ${width - 1}).`);
  }
  const mask = new Uint8Array(steps);
  const k = order.length;
  if (k === 0) return mask;
  for (let t = 0; t < steps; t++) {
    const row = t * width;
    let on = 1;
    for (let i = 0; i < k; i++) {
      if (!(values[row + order[i]] >= threshold)) {
        on = 0;
        if (i > 0) {
          const u = order[i];
          order[i] = order[0];
          order[0] = u;
        }
        break;
      }
    }
    mask[t] = on;
  }
  return mask;
}

/**
 * The maximal runs `[a, b)` of 1s in `mask`, leaving out every run that
 * overlaps `exclude` (shares at least one step with it; a run that only
 * touches it, ending at `exclude.start` or starting at `exclude.end`, is
 * kept). An empty `exclude` overlaps nothing. Sorted by length descending,
 * then start ascending; the first `maxMatches` are returned with the total.
 *
 * @example
 * ```ts
 * runsOf(Uint8Array.of(1, 1, 0, 1, 0, 1, 1, 1), { start: 3, end: 4 }); // {matches: [{start: 5, end: 8}, {start: 0, end: 2}], total: 2}
 * ```
 */
export function runsOf(mask: ArrayLike<number>, exclude: Span, maxMatches = 50): Matches {
  if (!(maxMatches >= 0)) throw new Error(`runsOf: maxMatches must be a number >= 0, got ${maxMatches}.`);
  const runs: Span[] = [];
  const n = mask.length;
  const excludeEmpty = exclude.start >= exclude.end;
  let t = 0;
  while (t < n) {
    if (!mask[t]) {
      t++;
      continue;
    }
    const a = t;
    while (t < n && mask[t]) t++;
    const overlaps = !excludeEmpty && a < exclude.end && t > exclude.start;
    if (!overlaps) runs.push({ start: a, end: t });
  }
  runs.sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start);
  const cap = Math.min(runs.length, Math.floor(Math.min(maxMatches, Number.MAX_SAFE_INTEGER)));
  return { matches: runs.slice(0, cap), total: runs.length };
}

/**
 * LSTMVis's match search (Strobelt et al., 2018, §5): every maximal run
 * `[a, b)` of steps in which all `units` are `>= threshold` at every step,
 * other than runs overlapping `selection` (the phrase that was brushed),
 * sorted by length descending, then by `a` ascending, capped at
 * `maxMatches` (default 50). No units gives no matches.
 *
 * @example
 * ```ts
 * const units = selectUnits(states, { start: 10, end: 14 }, { threshold: 0.3 });
 * const { matches, total } = findMatches(states, units, { start: 10, end: 14 }, { threshold: 0.3 });
 * ```
 */
export function findMatches(states: StateMatrix, units: ArrayLike<number>, selection: Span, options: FindMatchesOptions): Matches {
  checkSpan(selection, states.steps, 'findMatches');
  if (units.length === 0) {
    checkStates(states, 'findMatches');
    return { matches: [], total: 0 };
  }
  return runsOf(activeSteps(states, units, options), selection, options.maxMatches ?? 50);
}
