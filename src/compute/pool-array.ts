import type { PoolReduction } from './pool.js';

/** The result of {@link poolMatrixArray}. */
export interface PooledArray {
  pooled: Float32Array;
  /** `[...lead, outRows, outCols]`. */
  shape: number[];
  blockRows: number;
  blockCols: number;
}

/**
 * The CPU twin of `poolMatrix`, for data already in memory: reduces the last
 * two axes of `values` (shape `[..., rows, cols]`, row-major) to at most
 * `maxRows x maxCols` blocks, by max or mean, in one pass over the values,
 * leaving NaN out (an all-NaN block stays NaN). Uploading a 12 x 12 x 512 x
 * 512 model only to shrink it costs more than reading it once here; which
 * path wins is measured in bench/scenarios (attention model view).
 *
 * @example
 * ```ts
 * poolMatrixArray(new Float32Array([1, 2, 3, 4]), [2, 2], 1, 1, 'max').pooled; // Float32Array [4]
 * ```
 */
export function poolMatrixArray(
  values: Float32Array,
  shape: readonly number[],
  maxRows: number,
  maxCols: number,
  reduction: PoolReduction,
): PooledArray {
  if (shape.length < 2) throw new Error(`poolMatrixArray: shape must be [..., rows, cols], got [${shape}].`);
  const rows = shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  const lead = shape.slice(0, -2);
  const matrices = lead.reduce((a, b) => a * b, 1);
  if (values.length < matrices * rows * cols) {
    throw new Error(`poolMatrixArray: shape [${shape}] needs ${matrices * rows * cols} values, got ${values.length}.`);
  }
  const blockRows = Math.max(1, Math.ceil(rows / Math.max(1, Math.floor(maxRows))));
  const blockCols = Math.max(1, Math.ceil(cols / Math.max(1, Math.floor(maxCols))));
  const outRows = Math.ceil(rows / blockRows);
  const outCols = Math.ceil(cols / blockCols);
  const outSize = outRows * outCols;
  const pooled = new Float32Array(matrices * outSize);
  const counts = reduction === 'mean' ? new Uint32Array(outCols) : undefined;
  const isMax = reduction === 'max';
  // Output column of each input column, computed once: a division per value
  // was a third of the pass over a 12 x 12 x 512 x 512 model.
  const blockOf = new Uint32Array(cols);
  for (let c = 0; c < cols; c++) blockOf[c] = (c / blockCols) | 0;
  // Row by row in memory order: each output row accumulates blockRows input
  // rows, so the input is read once, sequentially.
  for (let m = 0; m < matrices; m++) {
    const inBase = m * rows * cols;
    for (let outRow = 0; outRow < outRows; outRow++) {
      const outBase = m * outSize + outRow * outCols;
      pooled.fill(isMax ? -Infinity : 0, outBase, outBase + outCols);
      counts?.fill(0);
      const rowEnd = Math.min(rows, (outRow + 1) * blockRows);
      for (let r = outRow * blockRows; r < rowEnd; r++) {
        const rowBase = inBase + r * cols;
        for (let c = 0; c < cols; c++) {
          const v = values[rowBase + c];
          if (v !== v) continue;
          const block = blockOf[c];
          const o = outBase + block;
          if (isMax) {
            if (v > pooled[o]) pooled[o] = v;
          } else {
            pooled[o] += v;
            counts![block]++;
          }
        }
      }
      for (let c = 0; c < outCols; c++) {
        const o = outBase + c;
        if (isMax) {
          // -Infinity left means no value in the block, unless a value was -Infinity itself.
          if (
            pooled[o] === -Infinity &&
            !blockHasValue(values, inBase, cols, outRow * blockRows, rowEnd, c * blockCols, Math.min(cols, (c + 1) * blockCols))
          ) {
            pooled[o] = NaN;
          }
        } else {
          pooled[o] = counts![c] === 0 ? NaN : pooled[o] / counts![c];
        }
      }
    }
  }
  return { pooled, shape: [...lead, outRows, outCols], blockRows, blockCols };
}

function blockHasValue(values: Float32Array, base: number, cols: number, r0: number, r1: number, c0: number, c1: number): boolean {
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) if (values[base + r * cols + c] === values[base + r * cols + c]) return true;
  }
  return false;
}
