import { tf } from '../../src/tf.js';
import { finiteRange } from '../../src/compute/range.js';

/** The first 2-D slice of a tensor, row-major, as the heatmap painters take it. */
export interface FirstSlice {
  values: Float32Array;
  rows: number;
  cols: number;
  /** Which slice, in numpy's index notation: `[0, :, :]`. */
  index: string;
}

/** What the Loading data story shows about a loaded tensor. */
export interface TensorSummary {
  shape: number[];
  size: number;
  /** Smallest and largest finite values; undefined when there are none. */
  extent?: [number, number];
  nan: number;
  positiveInfinity: number;
  negativeInfinity: number;
  slice: FirstSlice;
}

/**
 * Summarises a tensor on the backend it lives on, reading back only the
 * counts, the extent and the first 2-D slice (never the whole tensor, which
 * for a real attention file is megabytes). Does not dispose `tensor`.
 *
 * @example
 * ```ts
 * const t = await loadTensor('/fixtures/npy_f4_le_c.npy');
 * const { shape, nan, slice } = await summarizeTensor(t); // shape [2, 3, 4], slice.index '[0, :, :]'
 * t.dispose();
 * ```
 */
export async function summarizeTensor(tensor: tf.Tensor): Promise<TensorSummary> {
  if (tensor.size === 0) return emptySummary(tensor);
  const counts = tf.tidy('countNonFinite', () => {
    const flat = tf.reshape(tensor, [-1]);
    const infinite = tf.isInf(flat);
    const count = (mask: tf.Tensor) => tf.sum(tf.cast(mask, 'int32'));
    return tf.stack([count(tf.isNaN(flat)), count(tf.logicalAnd(infinite, tf.greater(flat, 0))), count(tf.logicalAnd(infinite, tf.less(flat, 0)))]);
  });
  const { matrix, index } = firstSlice(tensor);
  try {
    const [[nan, positiveInfinity, negativeInfinity], extent, values] = await Promise.all([
      counts.data(),
      finiteRange(tensor),
      matrix.data() as Promise<Float32Array>,
    ]);
    const [rows, cols] = matrix.shape;
    return {
      shape: tensor.shape,
      size: tensor.size,
      extent,
      nan,
      positiveInfinity,
      negativeInfinity,
      slice: { values, rows, cols, index },
    };
  } finally {
    tf.dispose([counts, matrix]);
  }
}

/**
 * An empty tensor's summary, computed without tfjs: reductions over zero
 * elements fail on the GPU backends in tfjs 4.22 (webgl: "The new shape
 * (NaN,0) has NaN elements"; webgpu: createBuffer of an invalid size).
 */
function emptySummary({ shape, rank }: tf.Tensor): TensorSummary {
  const leading = shape.slice(0, -2);
  const [rows, cols] = rank === 1 ? [1, 0] : leading.some((length) => length === 0) ? [0, shape[rank - 1]] : shape.slice(-2);
  return {
    shape,
    size: 0,
    nan: 0,
    positiveInfinity: 0,
    negativeInfinity: 0,
    slice: { values: new Float32Array(0), rows, cols, index: sliceIndex(rank) },
  };
}

/** The first 2-D slice in numpy's index notation: `[0, 0, :, :]` for rank 4. */
function sliceIndex(rank: number): string {
  if (rank === 0) return '[()]';
  if (rank === 1) return '[:] as one row';
  return `[${[...Array.from({ length: rank - 2 }, () => '0'), ':', ':'].join(', ')}]`;
}

/**
 * The slice a heatmap of any rank can show: a scalar as 1 x 1, a vector as
 * one row, and for rank 2 and up the last two axes at index 0 of the others.
 */
function firstSlice(tensor: tf.Tensor): { matrix: tf.Tensor2D; index: string } {
  const { shape, rank } = tensor;
  const index = sliceIndex(rank);
  if (rank < 2) return { matrix: tf.reshape(tensor, [1, tensor.size]), index };
  const leading = shape.slice(0, -2);
  const [rows, cols] = shape.slice(-2);
  const matrix = tf.tidy(() =>
    tf.reshape(
      tf.slice(
        tensor,
        shape.map(() => 0),
        [...leading.map(() => 1), rows, cols],
      ),
      [rows, cols],
    ),
  );
  return { matrix: matrix as tf.Tensor2D, index };
}
