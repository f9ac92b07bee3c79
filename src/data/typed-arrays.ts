import { decodeElements, HOST_LITTLE_ENDIAN } from './decode-elements.js';

/**
 * Any typed array: the number kinds and the two bigint kinds.
 *
 * @example
 * ```ts
 * const ids: AnyTypedArray = new BigInt64Array([101n, 2023n]);
 * ```
 */
export type AnyTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * True for typed arrays (values), false for DataView (raw bytes) and
 * everything else.
 *
 * @example
 * ```ts
 * isTypedArray(new Int8Array(2)); // true
 * isTypedArray(new DataView(new ArrayBuffer(2))); // false
 * ```
 */
export function isTypedArray(value: unknown): value is AnyTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * The numpy name of a typed array's element type: `'int8'`, `'float32'`,
 * `'int64'` for BigInt64Array.
 *
 * @example
 * ```ts
 * typedArrayDtype(new Uint8ClampedArray(4)); // 'uint8'
 * ```
 */
export function typedArrayDtype(array: AnyTypedArray): string {
  const name = array.constructor.name;
  if (name === 'Uint8ClampedArray') return 'uint8';
  if (name === 'BigInt64Array') return 'int64';
  if (name === 'BigUint64Array') return 'uint64';
  return name.replace(/Array$/, '').toLowerCase();
}

/**
 * A typed array's values as float32. A Float32Array is returned as is (no
 * copy); 64-bit integers are rounded to float32 exactly as numpy does (see
 * int64.ts); everything else converts natively in one pass.
 *
 * @example
 * ```ts
 * typedArrayToFloat32(new BigInt64Array([-1n, 2n ** 40n])); // Float32Array [-1, 1099511627776]
 * ```
 */
export function typedArrayToFloat32(array: AnyTypedArray): Float32Array {
  if (array instanceof Float32Array) return array;
  if (array instanceof BigInt64Array || array instanceof BigUint64Array) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const kind = array instanceof BigInt64Array ? 'int' : 'uint';
    return decodeElements(bytes, 0, array.length, { kind, size: 8 }, HOST_LITTLE_ENDIAN);
  }
  return new Float32Array(array);
}
