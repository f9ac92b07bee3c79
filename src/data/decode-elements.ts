import { bfloat16ToNumber, float16Table } from './float16.js';
import { int64ToNumber, uint64ToNumber } from './int64.js';

/**
 * How one stored element is laid out: its kind and its size in bytes. npy's
 * `'<i8'` is `{ kind: 'int', size: 8 }`; safetensors' `BF16` is
 * `{ kind: 'bfloat', size: 2 }`.
 *
 * @example
 * ```ts
 * const int16: ElementType = { kind: 'int', size: 2 };
 * ```
 */
export interface ElementType {
  kind: 'float' | 'bfloat' | 'int' | 'uint' | 'bool';
  size: 1 | 2 | 4 | 8;
}

/**
 * The byte order of typed arrays here. Every browser nnscope targets is
 * little-endian; checked, not assumed.
 *
 * @example
 * ```ts
 * const littleEndian = descr[0] === '=' ? HOST_LITTLE_ENDIAN : descr[0] !== '>';
 * ```
 */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts `count` stored elements starting `offset` bytes into `bytes` to
 * float32 in ONE pass over the data, in C order. `fortranShape` says the
 * elements are stored in Fortran (column-major) order with that shape; they
 * are transposed while being read.
 *
 * Little-endian float32 at a 4-byte-aligned address is returned as a view of
 * `bytes` (no copy): a 37.7M-value npy then parses in the time it takes to
 * read its header. Other native-endian aligned data goes through one typed
 * array view and `Float32Array.prototype.set`, which converts natively; the
 * rest (big-endian, unaligned) through a DataView.
 *
 * The caller has checked that `bytes` holds `count * type.size` bytes there.
 *
 * @example
 * ```ts
 * // The 12 little-endian int16 values after a 128-byte npy header:
 * const values = decodeElements(bytes, 128, 12, { kind: 'int', size: 2 }, true);
 * ```
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: ElementType,
  littleEndian: boolean,
  fortranShape?: readonly number[],
): Float32Array {
  if (count === 0) return new Float32Array(0);
  const start = bytes.byteOffset + offset;
  const byteLength = count * type.size;
  if (fortranShape && fortranShape.filter((size) => size > 1).length > 1) {
    const read = elementReader(new DataView(bytes.buffer, start, byteLength), type, littleEndian);
    return readFortranOrder(read, type.size, fortranShape, count);
  }
  const native = littleEndian === HOST_LITTLE_ENDIAN || type.size === 1;
  if (native && type.kind === 'float' && type.size === 4) {
    if (start % 4 === 0) return new Float32Array(bytes.buffer, start, count);
    // One memcpy into a fresh, aligned buffer is the whole conversion.
    return new Float32Array(bytes.slice(offset, offset + byteLength).buffer);
  }
  if (native && start % type.size === 0) return decodeAligned(bytes.buffer, start, count, type);
  const read = elementReader(new DataView(bytes.buffer, start, byteLength), type, littleEndian);
  const out = new Float32Array(count);
  for (let i = 0, at = 0; i < count; i++, at += type.size) out[i] = read(at);
  return out;
}

/** Native-endian data at an address aligned to its element size. */
function decodeAligned(buffer: ArrayBufferLike, start: number, count: number, type: ElementType): Float32Array {
  const out = new Float32Array(count);
  switch (type.kind) {
    case 'float':
      if (type.size === 8) out.set(new Float64Array(buffer, start, count));
      else decodeHalves(new Uint16Array(buffer, start, count), out);
      return out;
    case 'bfloat': {
      // bfloat16 bits are the top half of the float32 bits: shift, no maths.
      const halves = new Uint16Array(buffer, start, count);
      const outBits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) outBits[i] = halves[i] << 16;
      return out;
    }
    case 'bool': {
      const flags = new Uint8Array(buffer, start, count);
      for (let i = 0; i < count; i++) out[i] = flags[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'int':
    case 'uint':
      if (type.size === 8) decodeInt64Pairs(new Uint32Array(buffer, start, count * 2), out, type.kind === 'int');
      else out.set(integerView(buffer, start, count, type));
      return out;
  }
}

function decodeHalves(halves: Uint16Array, out: Float32Array): void {
  const lookup = float16Table();
  for (let i = 0; i < halves.length; i++) out[i] = lookup[halves[i]];
}

function decodeInt64Pairs(words: Uint32Array, out: Float32Array, signed: boolean): void {
  const convert = signed ? int64ToNumber : uint64ToNumber;
  for (let i = 0; i < out.length; i++) out[i] = convert(words[2 * i], words[2 * i + 1]);
}

function integerView(buffer: ArrayBufferLike, start: number, count: number, type: ElementType) {
  const signed = type.kind === 'int';
  if (type.size === 1) return signed ? new Int8Array(buffer, start, count) : new Uint8Array(buffer, start, count);
  if (type.size === 2) return signed ? new Int16Array(buffer, start, count) : new Uint16Array(buffer, start, count);
  return signed ? new Int32Array(buffer, start, count) : new Uint32Array(buffer, start, count);
}

/** A function that reads the element at a byte offset of `view` as a number. */
function elementReader(view: DataView, type: ElementType, littleEndian: boolean): (at: number) => number {
  const le = littleEndian;
  // For 64-bit integers: where the low and high 32-bit words sit.
  const low = le ? 0 : 4;
  const high = le ? 4 : 0;
  switch (type.kind) {
    case 'float': {
      if (type.size === 8) return (at) => view.getFloat64(at, le);
      if (type.size === 4) return (at) => view.getFloat32(at, le);
      const lookup = float16Table();
      return (at) => lookup[view.getUint16(at, le)];
    }
    case 'bfloat':
      return (at) => bfloat16ToNumber(view.getUint16(at, le));
    case 'bool':
      return (at) => (view.getUint8(at) !== 0 ? 1 : 0);
    case 'int':
      if (type.size === 1) return (at) => view.getInt8(at);
      if (type.size === 2) return (at) => view.getInt16(at, le);
      if (type.size === 4) return (at) => view.getInt32(at, le);
      return (at) => int64ToNumber(view.getUint32(at + low, le), view.getUint32(at + high, le));
    case 'uint':
      if (type.size === 1) return (at) => view.getUint8(at);
      if (type.size === 2) return (at) => view.getUint16(at, le);
      if (type.size === 4) return (at) => view.getUint32(at, le);
      return (at) => uint64ToNumber(view.getUint32(at + low, le), view.getUint32(at + high, le));
  }
}

/**
 * Reads Fortran-ordered elements into C order: walks the output in C order
 * with an odometer over the axes and keeps the matching file index in step,
 * so the transpose costs no second pass.
 */
function readFortranOrder(read: (at: number) => number, size: number, shape: readonly number[], count: number): Float32Array {
  const rank = shape.length;
  // In Fortran order the first axis varies fastest.
  const fileStrides = new Array<number>(rank);
  for (let axis = 0, stride = 1; axis < rank; axis++) {
    fileStrides[axis] = stride;
    stride *= shape[axis];
  }
  const index = new Array<number>(rank).fill(0);
  const out = new Float32Array(count);
  let fileIndex = 0;
  for (let i = 0; i < count; i++) {
    out[i] = read(fileIndex * size);
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) {
        fileIndex += fileStrides[axis];
        break;
      }
      index[axis] = 0;
      fileIndex -= fileStrides[axis] * (shape[axis] - 1);
    }
  }
  return out;
}
