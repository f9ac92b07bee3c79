import { NnDataError } from './errors.js';
import { parsePythonLiteral, type PythonLiteral } from './python-literal.js';
import { checkShape } from './shape-limits.js';

/**
 * `\x93NUMPY`, the six bytes every npy file starts with.
 *
 * @example
 * ```ts
 * const isNpy = NPY_MAGIC.every((byte, i) => bytes[i] === byte);
 * ```
 */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;

/**
 * What an npy header says, and where the data after it starts.
 *
 * @example
 * ```ts
 * const header: NpyHeader = { descr: '<f4', fortranOrder: false, shape: [3, 4], dataOffset: 128 };
 * ```
 */
export interface NpyHeader {
  descr: PythonLiteral;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/**
 * Reads the preamble and header of an npy file (format versions 1.0, 2.0 and
 * 3.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * magic, version, header length (2 bytes in 1.0, 4 in 2.0 and 3.0), then a
 * Python dict literal, latin-1 in 1.0 and 2.0 and UTF-8 in 3.0.
 *
 * @example
 * ```ts
 * const { descr, shape, dataOffset } = readNpyHeader(bytes, 'weights.npy');
 * ```
 */
export function readNpyHeader(bytes: Uint8Array, source?: string): NpyHeader {
  if (!NPY_MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new NnDataError(`not an npy file: it does not start with the magic bytes \\x93NUMPY`, { source });
  }
  if (bytes.length < 10) {
    throw new NnDataError(`truncated npy file: ${bytes.length} bytes, too short for the npy preamble`, { source });
  }
  const [major, minor] = [bytes[6], bytes[7]];
  if (major < 1 || major > 3) {
    throw new NnDataError(`unsupported npy format version ${major}.${minor}; nnscope reads 1.0, 2.0 and 3.0`, { source });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) {
    throw new NnDataError(`truncated npy file: ${bytes.length} bytes, too short for the npy ${major}.0 preamble`, { source });
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    throw new NnDataError(`truncated npy file: the header should be ${headerLength} bytes but only ${bytes.length - headerStart} are present`, {
      source,
    });
  }
  const dict = parseHeaderDict(bytes.subarray(headerStart, dataOffset), major, source);
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (descr === undefined || typeof fortranOrder !== 'boolean' || !Array.isArray(shape)) {
    throw new NnDataError(
      `malformed npy header: it needs 'descr', 'fortran_order' (True or False) and 'shape' (a tuple of ` +
        `non-negative integers), got ${clip(headerText(bytes.subarray(headerStart, dataOffset), major))}`,
      { source },
    );
  }
  checkShape(shape, source, "the npy header's shape");
  return { descr, fortranOrder, shape: shape as number[], dataOffset };
}

function parseHeaderDict(header: Uint8Array, major: number, source?: string): { [key: string]: PythonLiteral } {
  let text: string;
  try {
    text = headerText(header, major, true);
  } catch (cause) {
    throw new NnDataError(`malformed npy ${major}.0 header: it is not valid UTF-8`, { source, cause });
  }
  let dict: PythonLiteral;
  try {
    dict = parsePythonLiteral(text);
  } catch (cause) {
    throw new NnDataError(`malformed npy header: ${(cause as Error).message} in ${clip(text)}`, {
      source,
      cause,
    });
  }
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
    throw new NnDataError(`malformed npy header: expected a dict, got ${clip(text)}`, { source });
  }
  return dict;
}

function headerText(header: Uint8Array, major: number, fatal = false): string {
  return new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal }).decode(header);
}

/** The header as messages quote it: trimmed, and short enough to read. */
function clip(text: string): string {
  const trimmed = text.trim();
  return JSON.stringify(trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed);
}
