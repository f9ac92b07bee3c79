import type { DecodedArray } from './decoded-array.js';
import { decodeElements, type ElementType } from './decode-elements.js';
import { NnDataError } from './errors.js';
import { pickArrayName } from './pick-array-name.js';
import { formatShape, isShape, shapeSize } from './shape.js';

/** The safetensors dtypes nnscope reads; all are stored little-endian. */
const SAFETENSORS_DTYPES: Record<string, ElementType> = {
  F16: { kind: 'float', size: 2 },
  BF16: { kind: 'bfloat', size: 2 },
  F32: { kind: 'float', size: 4 },
  F64: { kind: 'float', size: 8 },
  I8: { kind: 'int', size: 1 },
  I16: { kind: 'int', size: 2 },
  I32: { kind: 'int', size: 4 },
  I64: { kind: 'int', size: 8 },
  U8: { kind: 'uint', size: 1 },
  U16: { kind: 'uint', size: 2 },
  U32: { kind: 'uint', size: 4 },
  U64: { kind: 'uint', size: 8 },
  BOOL: { kind: 'bool', size: 1 },
};

/** What the other dtypes of the format are, for the error message. */
const UNSUPPORTED_DTYPES: Record<string, string> = {
  F8_E4M3: 'float8 e4m3',
  F8_E5M2: 'float8 e5m2',
  F8_E8M0: 'float8 e8m0',
  F6_E2M3: 'float6 e2m3',
  F6_E3M2: 'float6 e3m2',
  F4: 'float4',
  C64: 'complex64',
};

interface TensorEntry {
  dtype?: unknown;
  shape?: unknown;
  data_offsets?: unknown;
}

interface SafetensorsHeader {
  tensors: Record<string, TensorEntry>;
  dataStart: number;
}

/**
 * True when `bytes` begin like a safetensors file: a little-endian u64
 * header length n, then `{`, and the header fits in the file.
 *
 * @example
 * ```ts
 * if (looksLikeSafetensors(bytes)) parseSafetensors(bytes);
 * ```
 */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000;
  return 8 + length <= bytes.length;
}

/**
 * The tensor names in a `.safetensors` file, in header order, without the
 * `__metadata__` entry.
 *
 * @example
 * ```ts
 * listSafetensors(bytes); // ['encoder.layer.0.attention', 'encoder.layer.1.attention']
 * ```
 */
export function listSafetensors(bytes: Uint8Array, source?: string): string[] {
  return Object.keys(readHeader(bytes, source).tensors);
}

/**
 * Decodes one tensor of a `.safetensors` file
 * (https://huggingface.co/docs/safetensors) to float32 values in C order:
 * F16, BF16, F32, F64, I8–I64, U8–U64 and BOOL. Aligned F32 data is returned
 * as a view of `bytes` without copying.
 *
 * @param name the tensor; may be omitted when the file holds one.
 * @param source names the file in error messages.
 * @throws NnDataError for a truncated file or header, bad JSON, unsupported
 *   dtypes (named), offsets that disagree with the shape, and unknown names
 *   (listing the file's names).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/model.safetensors')).arrayBuffer());
 * const { data, shape } = parseSafetensors(bytes, 'encoder.layer.0.attention');
 * ```
 */
export function parseSafetensors(bytes: Uint8Array, name?: string, source?: string): DecodedArray {
  const { tensors, dataStart } = readHeader(bytes, source);
  const picked = pickArrayName(Object.keys(tensors), name, 'safetensors file', source);
  // `?? {}`: a corrupt header may map the name to null; that fails below.
  const { dtype, shape, data_offsets: offsets } = tensors[picked] ?? {};
  const fail = (message: string) => new NnDataError(`tensor '${picked}': ${message}`, { source });
  if (typeof dtype !== 'string' || !isShape(shape) || !isOffsetPair(offsets)) {
    throw fail(`malformed header entry ${clip(JSON.stringify(tensors[picked]))}; it needs "dtype", "shape" and "data_offsets"`);
  }
  const element = Object.hasOwn(SAFETENSORS_DTYPES, dtype) ? SAFETENSORS_DTYPES[dtype] : undefined;
  if (!element) {
    const what = Object.hasOwn(UNSUPPORTED_DTYPES, dtype) ? ` (${UNSUPPORTED_DTYPES[dtype]})` : '';
    throw fail(
      `unsupported dtype '${dtype}'${what}; nnscope reads ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`,
    );
  }
  const [begin, end] = offsets;
  const count = shapeSize(shape);
  if (end - begin !== count * element.size) {
    throw fail(
      `data_offsets [${begin}, ${end}] cover ${end - begin} bytes, but shape ${formatShape(shape)} of ${dtype} ` +
        `needs ${count * element.size}`,
    );
  }
  const present = bytes.length - dataStart;
  if (end > present) {
    throw fail(`truncated file: the data should reach byte ${end} of the data section, but it has only ${present} bytes`);
  }
  return { data: decodeElements(bytes, dataStart + begin, count, element, true), shape, dtype };
}

function readHeader(bytes: Uint8Array, source?: string): SafetensorsHeader {
  if (bytes.length < 8) {
    throw new NnDataError(`truncated safetensors file: ${bytes.length} bytes, too short for the 8-byte header length`, {
      source,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000;
  if (8 + headerLength > bytes.length) {
    throw new NnDataError(
      `truncated safetensors file: the header should be ${headerLength} bytes but only ${bytes.length - 8} follow ` +
        `the 8-byte header length`,
      { source },
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (cause) {
    throw new NnDataError(`malformed safetensors header: ${(cause as Error).message}`, { source, cause });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new NnDataError(`malformed safetensors header: expected a JSON object`, { source });
  }
  const tensors = { ...(header as Record<string, TensorEntry>) };
  delete tensors.__metadata__;
  return { tensors, dataStart: 8 + headerLength };
}

function isOffsetPair(value: unknown): value is [number, number] {
  return isShape(value) && value.length === 2 && value[0] <= value[1];
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
