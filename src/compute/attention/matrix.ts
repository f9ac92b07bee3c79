/**
 * Plain typed-array operations on one `[q, k]` attention matrix (row-major),
 * as shown by the matrix view. Each returns a new array and leaves its input
 * alone; they run once per selection, not per frame.
 */

/**
 * Whether a square matrix is causal (decoder) attention: every entry above
 * the diagonal is exactly 0 and some entry on or below it is not. Such a
 * matrix's upper half is "no value" (the model never computed it), not 0.
 *
 * @example
 * ```ts
 * isCausal(new Float32Array([1, 0, 0.5, 0.5]), 2, 2); // true
 * ```
 */
export function isCausal(values: ArrayLike<number>, q: number, k: number): boolean {
  if (q !== k || q < 2) return false;
  let lowerNonZero = false;
  for (let r = 0; r < q; r++) {
    const base = r * k;
    for (let c = r + 1; c < k; c++) if (values[base + c] !== 0) return false;
    if (!lowerNonZero) for (let c = 0; c <= r; c++) if (values[base + c] !== 0) lowerNonZero = true;
  }
  return lowerNonZero;
}

/** A copy with the strictly upper triangle set to NaN ("no value"). */
export function hideUpperTriangle(values: ArrayLike<number>, n: number): Float32Array {
  const out = Float32Array.from(values);
  for (let r = 0; r < n; r++) out.fill(NaN, r * n + r + 1, (r + 1) * n);
  return out;
}

/**
 * A copy with the rows of `queries` and the columns of `keys` set to NaN:
 * padding and special tokens hidden as "no value". Indices outside the
 * matrix are an error naming them.
 *
 * @example
 * ```ts
 * maskTokens(values, 4, 4, [0, 3], [0, 3]); // hide [CLS] and [SEP]
 * ```
 */
export function maskTokens(values: ArrayLike<number>, q: number, k: number, queries: readonly number[], keys: readonly number[]): Float32Array {
  const badQuery = queries.filter((i) => !Number.isInteger(i) || i < 0 || i >= q);
  const badKey = keys.filter((i) => !Number.isInteger(i) || i < 0 || i >= k);
  if (badQuery.length || badKey.length) {
    const bad = [...new Set([...badQuery, ...badKey])];
    throw new Error(`mask: token index ${bad.join(', ')} is outside the matrix (${q} query x ${k} key tokens, indices from 0).`);
  }
  const out = Float32Array.from(values);
  for (const r of queries) out.fill(NaN, r * k, (r + 1) * k);
  for (const c of keys) for (let r = 0; r < q; r++) out[r * k + c] = NaN;
  return out;
}

/**
 * A copy with each row (or column) divided by its largest finite absolute
 * value, so weak rows show their own structure ("normalize" in the display
 * options). All-zero and no-value rows are left as they are.
 *
 * @example
 * ```ts
 * normalizeMatrix(new Float32Array([1, 3, 2, 2]), 2, 2, 'row'); // [1/3, 1, 1, 1]
 * ```
 */
export function normalizeMatrix(values: ArrayLike<number>, q: number, k: number, along: 'row' | 'column'): Float32Array {
  const out = Float32Array.from(values);
  const lines = along === 'row' ? q : k;
  const length = along === 'row' ? k : q;
  const index = along === 'row' ? (line: number, i: number) => line * k + i : (line: number, i: number) => i * k + line;
  for (let line = 0; line < lines; line++) {
    let max = 0;
    for (let i = 0; i < length; i++) {
      const a = Math.abs(out[index(line, i)]);
      if (a > max && a < Infinity) max = a;
    }
    if (max === 0) continue;
    for (let i = 0; i < length; i++) out[index(line, i)] /= max;
  }
  return out;
}

/**
 * The smallest and largest row sum over rows that have values, so a legend
 * can say when rows are not probability distributions (rollout rows and
 * softmax rows sum to 1; raw scores and masked rows need not).
 */
export function rowSumRange(values: ArrayLike<number>, q: number, k: number): [number, number] | undefined {
  let low = Infinity;
  let high = -Infinity;
  for (let r = 0; r < q; r++) {
    let sum = 0;
    let any = false;
    for (let c = 0; c < k; c++) {
      const v = values[r * k + c];
      if (v === v) {
        sum += v;
        any = true;
      }
    }
    if (!any) continue;
    if (sum < low) low = sum;
    if (sum > high) high = sum;
  }
  return low <= high ? [low, high] : undefined;
}
