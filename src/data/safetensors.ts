import type { DecodedArray } from './decoded-array.js';
import { decodeElements, type ElementType } from './decode-elements.js';
import { NnDataError } from './errors.js';
import { pickArrayName } from './pick-array-name.js';
import { formatShape, isShape } from './shape.js';
import { checkShape } from './shape-limits.js';

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
  if (typeof dtype !== 'string' || !Array.isArray(shape) || !isOffsetPair(offsets)) {
    throw fail(`malformed header entry ${clip(JSON.stringify(tensors[picked]))}; it needs "dtype", "shape" and "data_offsets"`);
  }
  const element = Object.hasOwn(SAFETENSORS_DTYPES, dtype) ? SAFETENSORS_DTYPES[dtype] : undefined;
  if (!element) {
    const what = Object.hasOwn(UNSUPPORTED_DTYPES, dtype) ? ` (${UNSUPPORTED_DTYPES[dtype]})` : '';
    throw fail(`unsupported dtype '${dtype}'${what}; nnscope reads ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`);
  }
  const count = checkShape(shape, source, `tensor '${picked}': shape`);
  const [begin, end] = offsets;
  if (end - begin !== count * element.size) {
    throw fail(
      `data_offsets [${begin}, ${end}] cover ${end - begin} bytes, but shape ${formatShape(shape)} of ${dtype} ` + `needs ${count * element.size}`,
    );
  }
  checkOverlaps(tensors, source);
  const present = bytes.length - dataStart;
  if (end > present) {
    throw fail(`truncated file: the data should reach byte ${end} of the data section, but it has only ${present} bytes`);
  }
  return { data: decodeElements(bytes, dataStart + begin, count, element, true), shape: shape as number[], dtype };
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
      `truncated safetensors file: the header should be ${headerLength} bytes but only ${bytes.length - 8} follow ` + `the 8-byte header length`,
      { source },
    );
  }
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  const nul = headerBytes.indexOf(0);
  if (nul >= 0) {
    throw new NnDataError(
      `malformed safetensors header: byte ${8 + nul} of the file, inside the ${headerLength}-byte JSON header, ` +
        `is a NUL (0x00) byte; a zero-filled or partly written file?`,
      { source },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch (cause) {
    throw new NnDataError(`malformed safetensors header: the ${headerLength}-byte JSON header is not valid UTF-8 text`, {
      source,
      cause,
    });
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (cause) {
    throw new NnDataError(`malformed safetensors header: not valid JSON (${(cause as Error).message})`, { source, cause });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new NnDataError(`malformed safetensors header: expected a JSON object`, { source });
  }
  const tensors = { ...(header as Record<string, TensorEntry>) };
  delete tensors.__metadata__;
  return { tensors, dataStart: 8 + headerLength };
}

/**
 * Refuses a header whose tensors' data_offsets overlap: each tensor owns its
 * bytes (the format's own loader rejects overlaps too), so an overlap means a
 * corrupt or hand-edited header, and the values read would be another
 * tensor's. Entries too malformed to have offsets are left to the entry
 * check; empty ranges overlap nothing.
 */
function checkOverlaps(tensors: Record<string, TensorEntry>, source?: string): void {
  const ranges: { name: string; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(tensors)) {
    const offsets = entry !== null && typeof entry === 'object' ? entry.data_offsets : undefined;
    if (isOffsetPair(offsets) && offsets[0] < offsets[1]) ranges.push({ name, begin: offsets[0], end: offsets[1] });
  }
  ranges.sort((a, b) => a.begin - b.begin);
  // `previous` is the range reaching furthest so far: a short range after a long one is inside it.
  let previous = ranges[0];
  for (const next of ranges.slice(1)) {
    if (next.begin < previous.end) {
      throw new NnDataError(
        `corrupt safetensors header: the data_offsets of tensor '${previous.name}' [${previous.begin}, ${previous.end}] ` +
          `and tensor '${next.name}' [${next.begin}, ${next.end}] overlap; each tensor must have its own bytes`,
        { source },
      );
    }
    if (next.end > previous.end) previous = next;
  }
}

function isOffsetPair(value: unknown): value is [number, number] {
  return isShape(value) && value.length === 2 && value[0] <= value[1];
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
