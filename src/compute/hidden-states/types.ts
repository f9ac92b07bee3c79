/**
 * Hidden states as one row-major typed array: `values[t * units + u]` is
 * unit `u` at timestep `t`. Columnar, never one object per datum: 100,000
 * steps x 512 units is 205 MB of float32 and must stay one array.
 *
 * @example
 * ```ts
 * const states: StateMatrix = { values: new Float32Array(6), steps: 3, units: 2 };
 * ```
 */
export interface StateMatrix {
  values: Float32Array;
  steps: number;
  units: number;
}

/**
 * A half-open range of timesteps `[start, end)`: `{start: 2, end: 5}` is
 * steps 2, 3 and 4. `start === end` is the empty range.
 */
export interface Span {
  start: number;
  end: number;
}

/** The rule that decides when a unit is "on". */
export interface ThresholdOptions {
  /** A unit is on at step t when its value is >= threshold (NaN is never on). */
  threshold: number;
}
