/**
 * Summary statistics of one case's timings. Pure functions over a list of
 * milliseconds; the caller's list is never reordered.
 */

/**
 * The median: the middle timing, or the mean of the two middle ones when the
 * count is even. Medians, not means, because one GC pause in seven runs would
 * otherwise move the figure by a seventh of the pause.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * median([4, 1, 2, 3]); // 2.5
 * ```
 */
export function median(timings: readonly number[]): number {
  const sorted = sortedCopy(timings);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The nearest-rank percentile: the smallest timing that at least `percent` %
 * of the timings do not exceed. With 7 timings, p95 is the slowest one; it is
 * reported so that a noisy case shows as a gap between median and p95.
 *
 * @example
 * ```ts
 * percentile([5, 1, 4, 2, 3], 95); // 5
 * percentile([5, 1, 4, 2, 3], 50); // 3
 * ```
 */
export function percentile(timings: readonly number[], percent: number): number {
  const sorted = sortedCopy(timings);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function sortedCopy(timings: readonly number[]): number[] {
  if (timings.length === 0) throw new Error('Cannot summarise zero timings.');
  return [...timings].sort((a, b) => a - b);
}
