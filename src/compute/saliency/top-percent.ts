import { select } from './percentile.js';

/**
 * Which values are in the top `percent` by magnitude: a mask with exactly
 * `round(percent / 100 * n)` ones, those of the largest |value| (ties broken
 * by the lower index, so the count is exact even on flat maps; NaN counts as
 * smallest). This is the "keep the top k% of pixels" mask of saliency
 * evaluations (e.g. the ROAR / KAR benchmarks of Hooker et al., 2019).
 *
 * @example
 * ```ts
 * topPercentMask(Float32Array.of(0.1, -3, 2, 0), 50); // Uint8Array [0, 1, 1, 0]
 * ```
 */
export function topPercentMask(values: ArrayLike<number>, percent: number): Uint8Array {
  if (!(percent >= 0 && percent <= 100)) throw new Error(`topPercentMask: percent must be between 0 and 100, got ${percent}.`);
  const n = values.length;
  const keep = Math.round((percent / 100) * n);
  const mask = new Uint8Array(n);
  if (keep === 0) return mask;
  if (keep === n) return mask.fill(1);
  const magnitude = (i: number) => {
    const m = Math.abs(values[i]);
    return m === m ? m : -Infinity;
  };
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) copy[i] = magnitude(i);
  // The keep-th largest magnitude: everything above it is kept, then ties in index order.
  const threshold = select(copy, n - keep);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (magnitude(i) > threshold) {
      mask[i] = 1;
      kept++;
    }
  }
  for (let i = 0; i < n && kept < keep; i++) {
    if (magnitude(i) === threshold) {
      mask[i] = 1;
      kept++;
    }
  }
  return mask;
}
