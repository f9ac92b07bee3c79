/**
 * Ranks from 1 to n, ties given the mean of the ranks they span
 * (`scipy.stats.rankdata(values, method='average')`).
 *
 * @example
 * ```ts
 * averageRanks([10, 20, 20, 5]); // Float64Array [2, 3.5, 3.5, 1]
 * ```
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + end + 1) / 2; // mean of ranks start+1 .. end
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation ρ of two equally long arrays: Pearson's
 * correlation of their average ranks, as `scipy.stats.spearmanr(a, b)`.
 * This is how Adebayo et al. (2018, "Sanity Checks for Saliency Maps")
 * compare a model's map with its randomised model's map: ρ near 1 means the
 * explanation did not depend on what the model learned. Pairs with a
 * non-finite value are dropped; fewer than two pairs, or a constant array,
 * give NaN (the correlation is undefined).
 *
 * @example
 * ```ts
 * spearman([1, 2, 3, 4], [10, 20, 30, 5]); // -0.2
 * ```
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`spearman: the arrays must be equally long, got ${a.length} and ${b.length} values.`);
  const keepA: number[] = [];
  const keepB: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      keepA.push(a[i]);
      keepB.push(b[i]);
    }
  }
  if (keepA.length < 2) return NaN;
  return pearson(averageRanks(keepA), averageRanks(keepB));
}

/** Pearson's correlation, two-pass for accuracy; NaN when either side is constant. */
function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  return xx === 0 || yy === 0 ? NaN : xy / Math.sqrt(xx * yy);
}
