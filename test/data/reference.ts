/**
 * An independent reference for what one stored element is worth as float32,
 * written apart from src/data so that the property tests compare two
 * implementations: typed-array views (and the browser's own Float16Array
 * where it exists) instead of src/data's DataView readers and tables, and
 * BigInt arithmetic for the int64 rounding.
 */

/** The npy element types nnscope reads, as npy spells them without byte order. */
export const NPY_KINDS = ['f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1'] as const;
export type NpyKind = (typeof NPY_KINDS)[number];

/** safetensors dtype → the npy kind with the same layout ('bf16' has none). */
export const SAFETENSORS_KINDS = {
  F16: 'f2',
  BF16: 'bf16',
  F32: 'f4',
  F64: 'f8',
  I8: 'i1',
  I16: 'i2',
  I32: 'i4',
  I64: 'i8',
  U8: 'u1',
  U16: 'u2',
  U32: 'u4',
  U64: 'u8',
  BOOL: 'b1',
} as const;
export type ElementKind = NpyKind | 'bf16';

export function itemSize(kind: ElementKind): number {
  return kind === 'bf16' ? 2 : Number(kind[1]);
}

/** The float32 value of one element whose bytes are given in little-endian order. */
export function referenceValue(littleEndianBytes: Uint8Array, kind: ElementKind): number {
  const buffer = littleEndianBytes.slice().buffer;
  switch (kind) {
    case 'f2':
      return halfReference(new Uint16Array(buffer)[0]);
    case 'bf16':
      return new Float32Array(new Uint32Array([new Uint16Array(buffer)[0] << 16]).buffer)[0];
    case 'f4':
      return new Float32Array(buffer)[0];
    case 'f8':
      return Math.fround(new Float64Array(buffer)[0]);
    case 'i1':
      return new Int8Array(buffer)[0];
    case 'i2':
      return new Int16Array(buffer)[0];
    case 'i4':
      return Math.fround(new Int32Array(buffer)[0]);
    case 'i8':
      return bigintToFloat32(new BigInt64Array(buffer)[0]);
    case 'u1':
      return new Uint8Array(buffer)[0];
    case 'u2':
      return new Uint16Array(buffer)[0];
    case 'u4':
      return Math.fround(new Uint32Array(buffer)[0]);
    case 'u8':
      return bigintToFloat32(new BigUint64Array(buffer)[0]);
    case 'b1':
      return littleEndianBytes[0] !== 0 ? 1 : 0;
  }
}

/** The browser's Float16Array where it has one (Chromium 135+), else the IEEE formula. */
function halfReference(bits: number): number {
  const Float16 = (globalThis as { Float16Array?: new (buffer: ArrayBuffer) => ArrayLike<number> }).Float16Array;
  if (Float16) return new Float16(new Uint16Array([bits]).buffer)[0];
  const exponent = (bits >> 10) & 31;
  const fraction = bits & 1023;
  const sign = bits >> 15 ? -1 : 1;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return exponent === 0 ? sign * fraction * 2 ** -24 : sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Round to nearest float32, ties to even, in exact BigInt arithmetic. */
export function bigintToFloat32(value: bigint): number {
  const sign = value < 0n ? -1 : 1;
  const magnitude = value < 0n ? -value : value;
  const bits = magnitude.toString(2).length;
  if (magnitude === 0n || bits <= 24) return sign * Number(magnitude);
  const shift = BigInt(bits - 24);
  let kept = magnitude >> shift;
  const rest = magnitude - (kept << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  return sign * Number(kept) * 2 ** Number(shift);
}

/** The C-order index → storage index map of a Fortran-ordered array, by divmod (no odometer). */
export function fortranIndex(cIndex: number, shape: readonly number[]): number {
  let rest = cIndex;
  let index = 0;
  let stride = shape.reduce((a, b) => a * b, 1);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    stride /= shape[axis];
    const coordinate = rest % shape[axis];
    rest = Math.floor(rest / shape[axis]);
    index += coordinate * stride;
  }
  return index;
}
