/**
 * Independent readers for the fuzz suite: what a file or JS value is worth
 * as float32, written apart from src/data (regular expressions for the npy
 * header, JSON.parse for the safetensors header, a sequential walk of zip
 * records, reference.ts for element values), so that a corrupt input the
 * library accepts is compared with a second opinion rather than with itself.
 */
import { expectedFromRaw } from './property-arbitraries.js';
import { bigintToFloat32, NPY_KINDS, SAFETENSORS_KINDS, type ElementKind } from './reference.js';

/** What an input decodes to: its shape and float32 values in C order. */
export interface Reference {
  shape: number[];
  values: number[];
}

/** Limits the library states (src/data/shape-limits.ts), restated: 2^31 - 1 elements per dimension and in all, 64 dimensions. */
export const LIMIT = 2 ** 31 - 1;
export const MAX_DIMENSIONS = 64;

/** 'refuse' when a shape breaks the stated limits, else its element count; undefined when it is not a shape. */
export function referenceCount(shape: unknown): number | 'refuse' | undefined {
  if (!Array.isArray(shape)) return undefined;
  if (!shape.every((size) => typeof size === 'number' && Number.isInteger(size) && size >= 0)) return undefined;
  if (shape.length > MAX_DIMENSIONS) return 'refuse';
  if (shape.some((size: number) => size > LIMIT)) return 'refuse';
  const count = shape.reduce((product: bigint, size: number) => product * BigInt(size), 1n);
  return count > BigInt(LIMIT) ? 'refuse' : Number(count);
}

/** An npy file read with regular expressions over its header; undefined when it is not a readable npy file. */
export function referenceNpy(bytes: Uint8Array): Reference | 'refuse' | undefined {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((byte, i) => bytes[i] === byte)) return undefined;
  const version = bytes[6];
  if (version < 1 || version > 3) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = version === 1 ? 10 : 12;
  if (bytes.length < start) return undefined;
  const length = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + length > bytes.length) return undefined;
  const text = new TextDecoder(version === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const descr = /['"]descr['"]\s*:\s*['"]([<>|=]?)([fiub?])(\d?)['"]/.exec(text);
  const order = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const tuple = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !order || !tuple) return undefined;
  const kind = (descr[2] === '?' ? 'b1' : `${descr[2]}${descr[3]}`) as ElementKind;
  if (!(NPY_KINDS as readonly string[]).includes(kind)) return undefined;
  const parts = tuple[1].split(',').map((part) => part.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
  const shape = parts.map(Number);
  const count = referenceCount(shape);
  if (count === 'refuse' || count === undefined) return count;
  const size = Number(kind[1]);
  const dataStart = start + length;
  if (dataStart + count * size > bytes.length) return undefined;
  const raw = bytes.slice(dataStart, dataStart + count * size);
  const littleEndian = descr[1] !== '>';
  return { shape, values: expectedFromRaw(raw, kind, shape, littleEndian, order[1] === 'True') };
}

/** One tensor of a safetensors file, its header read by JSON.parse; undefined when unreadable. */
export function referenceSafetensors(bytes: Uint8Array, name: string): Reference | 'refuse' | undefined {
  if (bytes.length < 8) return undefined;
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (8 + length > bytes.length) return undefined;
  let header: Record<string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length)));
  } catch {
    return undefined;
  }
  const entry = header?.[name];
  if (typeof entry !== 'object' || entry === null || typeof entry.dtype !== 'string') return undefined;
  if (!Object.hasOwn(SAFETENSORS_KINDS, entry.dtype)) return undefined;
  const kind = SAFETENSORS_KINDS[entry.dtype as keyof typeof SAFETENSORS_KINDS];
  const count = referenceCount(entry.shape);
  if (count === 'refuse' || count === undefined) return count;
  const offsets = entry.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  const [begin, end] = offsets as number[];
  const size = kind === 'bf16' ? 2 : Number(kind[1]);
  if (end - begin !== count * size || 8 + length + end > bytes.length) return undefined;
  const raw = bytes.slice(8 + length + begin, 8 + length + end);
  return { shape: entry.shape as number[], values: expectedFromRaw(raw, kind, entry.shape as number[], true, false) };
}

/** JSON text: JSON.parse, then bare NaN / Infinity patched (outside strings or not: a string leaf fails anyway). */
export function referenceJson(text: string): Reference | 'refuse' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = JSON.parse(
        text
          .replace(/-Infinity/g, '-1e999')
          .replace(/Infinity/g, '1e999')
          .replace(/NaN/g, 'null'),
      );
    } catch {
      return undefined;
    }
  }
  if (value === null) return { shape: [], values: [NaN] };
  if (typeof value === 'object' && !Array.isArray(value) && value !== null && !('data' in value && 'shape' in value)) return undefined;
  return referenceFromJs(value);
}

/** A JS value as loadTensor reads it (number, nested array, typed array, {data, shape}); undefined when invalid. */
export function referenceFromJs(value: unknown): Reference | 'refuse' | undefined {
  if (typeof value === 'number') return { shape: [], values: [Math.fround(value)] };
  if (typeof value === 'bigint') return { shape: [], values: [bigintToFloat32(value)] };
  if (isTyped(value)) {
    const count = referenceCount([value.length]);
    return count === 'refuse' || count === undefined ? count : { shape: [value.length], values: typedValues(value) };
  }
  if (Array.isArray(value)) return referenceNested(value);
  if (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value) {
    const { data, shape } = value as { data: unknown; shape: unknown };
    const count = referenceCount(shape);
    if (count === 'refuse' || count === undefined) return count;
    let values: number[];
    if (isTyped(data)) values = typedValues(data);
    else if (Array.isArray(data)) {
      const nested = referenceNested(data);
      if (nested === undefined || nested === 'refuse') return nested;
      values = nested.values;
    } else return undefined;
    return values.length === count ? { shape: [...(shape as number[])], values } : undefined;
  }
  return undefined;
}

type Typed = Exclude<ArrayBufferView, DataView> & ArrayLike<number | bigint>;

function isTyped(value: unknown): value is Typed {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function typedValues(array: Typed): number[] {
  return Array.from(array as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? bigintToFloat32(v) : Math.fround(v)));
}

/** Nested arrays: the first element at each depth fixes the shape; every other must match it. */
function referenceNested(value: readonly unknown[]): Reference | 'refuse' | undefined {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe) || isTyped(probe)) {
    if (shape.length > MAX_DIMENSIONS) return 'refuse';
    shape.push(probe.length);
    if (isTyped(probe) || probe.length === 0) break;
    probe = probe[0];
  }
  const count = referenceCount(shape);
  if (count === 'refuse' || count === undefined) return count;
  const values: number[] = [];
  const visit = (level: unknown, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof level === 'number') values.push(Math.fround(level));
      else if (level === null) values.push(NaN);
      else if (typeof level === 'bigint') values.push(bigintToFloat32(level));
      else return false;
      return true;
    }
    if (isTyped(level)) {
      if (depth !== shape.length - 1 || level.length !== shape[depth]) return false;
      values.push(...typedValues(level));
      return true;
    }
    if (!Array.isArray(level) || level.length !== shape[depth]) return false;
    for (let i = 0; i < level.length; i++) {
      if (!(i in level) || !visit(level[i], depth + 1)) return false;
    }
    return true;
  };
  return visit(value, 0) ? { shape, values } : undefined;
}

/** Where one zip entry's fields lie, found by walking local headers from byte 0 and the central directory after them. */
export interface ZipEntryLayout {
  name: string;
  local: number;
  central: number;
  dataStart: number;
  compressedSize: number;
  /** Byte offsets of the fields holding the CRC-32 and the two sizes (the zip64 extra's when the 32-bit field is 0xffffffff). */
  fields: { label: string; at: number; width: 4 | 8 }[];
}

export function zipLayout(bytes: Uint8Array): ZipEntryLayout[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ZipEntryLayout[] = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const fields = sizeFields(view, at, 18, 22, at + 30 + nameLength, 'local');
    const compressed = fields.find((field) => field.label === 'local compressed size')!;
    const compressedSize = compressed.width === 4 ? view.getUint32(compressed.at, true) : Number(view.getBigUint64(compressed.at, true));
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)),
      local: at,
      central: -1,
      dataStart: at + 30 + nameLength + extraLength,
      compressedSize,
      fields: [{ label: 'local CRC-32', at: at + 14, width: 4 }, ...fields],
    });
    at += 30 + nameLength + extraLength + compressedSize;
  }
  for (const entry of entries) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`zipLayout: no central record at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    entry.central = at;
    entry.fields.push({ label: 'central CRC-32', at: at + 16, width: 4 }, ...sizeFields(view, at, 20, 24, at + 46 + nameLength, 'central'));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** The compressed and uncompressed size fields of a record, following zip64 (uncompressed first in the extra). */
function sizeFields(view: DataView, record: number, compressedAt: number, uncompressedAt: number, extra: number, where: string) {
  const fields: { label: string; at: number; width: 4 | 8 }[] = [];
  let next = extra + 4; // past the zip64 extra's id and size (nnscope's fixtures put it first)
  for (const [label, offset] of [
    ['uncompressed size', uncompressedAt],
    ['compressed size', compressedAt],
  ] as const) {
    if (view.getUint32(record + offset, true) === 0xffffffff) {
      fields.push({ label: `${where} ${label}`, at: next, width: 8 });
      next += 8;
    } else {
      fields.push({ label: `${where} ${label}`, at: record + offset, width: 4 });
    }
  }
  return fields;
}
