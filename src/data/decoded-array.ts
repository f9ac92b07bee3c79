/**
 * An array decoded from a file or a JS value, before it becomes a tensor:
 * values as float32 in C (row-major) order, the shape, and the dtype the
 * source stored, named the way that source names it (`'<f4'`, `'>i8'`,
 * `'|b1'` for npy; `'BF16'` for safetensors; `'float32'` for JS values).
 *
 * `data.length` is always the product of `shape` (1 for shape `[]`).
 *
 * @example
 * ```ts
 * const decoded: DecodedArray = parseNpy(bytes);
 * console.log(decoded.shape, decoded.dtype); // [2, 3] '<f8'
 * const tensor = tf.tensor(decoded.data, decoded.shape, 'float32');
 * ```
 */
export interface DecodedArray {
  /** Values converted to float32, C order. May share memory with the parsed bytes (see parseNpy). */
  data: Float32Array;
  /** The array's shape; `[]` for a scalar. */
  shape: number[];
  /** The dtype the source stored, in the source's own spelling. */
  dtype: string;
}
