import type { DecodedArray } from './decoded-array.js';
import { NnDataError } from './errors.js';
import { bigintToNumber } from './int64.js';
import { describeValue } from './describe-value.js';
import { flattenNested } from './nested-array.js';
import { formatShape } from './shape.js';
import { checkShape } from './shape-limits.js';
import { isTypedArray, typedArrayDtype, typedArrayToFloat32, type AnyTypedArray } from './typed-arrays.js';

/**
 * Values and their shape, the form tensors cross process and JSON borders
 * in: `data` flat (or nested) in C order, `shape` its dimensions.
 *
 * @example
 * ```ts
 * const attention: DataAndShape = { data: new Float32Array(64), shape: [1, 8, 8] };
 * ```
 */
export interface DataAndShape {
  data: AnyTypedArray | readonly unknown[];
  shape: readonly number[];
}

/**
 * Decodes a JS value to float32 values in C order: a number (rank 0), a
 * typed array (rank 1), a nested array, or `{ data, shape }` with `data` a
 * typed array (BigInt64Array and BigUint64Array included) or a flat or
 * nested number array.
 *
 * A Float32Array is used as is, so the result then shares memory with it.
 *
 * @param source names the input in error messages.
 * @throws NnDataError for ragged arrays (naming the index path), non-number
 *   values, a bad shape, or `data` whose length is not the product of `shape`.
 *
 * @example
 * ```ts
 * fromJs([[1, 2], [3, 4]]).shape; // [2, 2]
 * fromJs({ data: new Int8Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] }).dtype; // 'int8'
 * ```
 */
export function fromJs(value: unknown, source?: string): DecodedArray {
  if (typeof value === 'number') return { data: Float32Array.of(value), shape: [], dtype: 'float64' };
  if (typeof value === 'bigint') return { data: Float32Array.of(bigintToNumber(value)), shape: [], dtype: 'int64' };
  if (isTypedArray(value)) {
    checkShape([value.length], source, 'typed array of shape');
    return { data: typedArrayToFloat32(value), shape: [value.length], dtype: typedArrayDtype(value) };
  }
  if (Array.isArray(value)) return flattenNested(value, source);
  if (isDataAndShape(value)) return fromDataAndShape(value, source);
  if (value === undefined) throw new NnDataError('expected a number, a nested array, a typed array or {data, shape}; got undefined', { source });
  const hint = value instanceof DataView || value instanceof ArrayBuffer ? ' (raw bytes go to loadTensor or a parser)' : '';
  throw new NnDataError(`expected a number, a nested array, a typed array or {data, shape}; got ${describeValue(value)}${hint}`, { source });
}

/**
 * True for objects with `data` and `shape` properties, the shape fromJs and
 * loadTensor read as `{data, shape}`.
 *
 * @example
 * ```ts
 * isDataAndShape({ data: [1, 2], shape: [2] }); // true
 * ```
 */
export function isDataAndShape(value: unknown): value is DataAndShape {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value;
}

function fromDataAndShape({ data, shape }: DataAndShape, source?: string): DecodedArray {
  // Before `data` is read: a shape like [0, 2 ** 40] must not reach a loop or an allocation.
  const needed = checkShape(shape, source);
  let values: Float32Array;
  let dtype: string;
  if (isTypedArray(data)) {
    values = typedArrayToFloat32(data);
    dtype = typedArrayDtype(data);
  } else if (Array.isArray(data)) {
    ({ data: values, dtype } = flattenNested(data, source));
  } else {
    throw new NnDataError(`data must be a typed array or an array of numbers, got ${describeValue(data)}`, { source });
  }
  if (values.length !== needed) {
    throw new NnDataError(`data has ${values.length} values, but shape ${formatShape(shape)} needs ${needed}`, { source });
  }
  return { data: values, shape: [...shape], dtype };
}
