import type { DecodedArray } from './decoded-array.js';
import { NnDataError } from './errors.js';
import { parseJsonTensor } from './json.js';
import { NPY_MAGIC } from './npy-header.js';
import { parseNpy } from './npy.js';
import { parseNpz } from './npz.js';
import { looksLikeSafetensors, parseSafetensors } from './safetensors.js';

/**
 * The byte formats nnscope reads.
 *
 * @example
 * ```ts
 * const format: ByteFormat | undefined = detectFormat(bytes);
 * ```
 */
export type ByteFormat = 'npy' | 'npz' | 'safetensors' | 'json';

/**
 * Decodes file bytes whose format is recognised by their content, not their
 * name: a URL like `/api/attention?id=3` has no extension, and a misnamed
 * file should still load. `fileName` (a URL or File name) is used only to
 * make the error for unrecognised bytes more useful.
 *
 * @param name picks an array in an npz or safetensors file.
 * @param source names the input in error messages.
 *
 * @example
 * ```ts
 * const decoded = await parseBytes(new Uint8Array(await blob.arrayBuffer()), undefined, 'upload');
 * ```
 */
export async function parseBytes(bytes: Uint8Array, name?: string, source?: string, fileName?: string): Promise<DecodedArray> {
  const format = detectFormat(bytes);
  const refuseName = (what: string) => {
    if (name !== undefined) {
      throw new NnDataError(`an array name ('${name}') was given, but ${what} holds a single array`, { source });
    }
  };
  switch (format) {
    case 'npy':
      refuseName('an npy file');
      return parseNpy(bytes, source);
    case 'npz':
      return parseNpz(bytes, name, source);
    case 'safetensors':
      return parseSafetensors(bytes, name, source);
    case 'json': {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return looksLikeSafetensors(bytes) ? parseSafetensors(bytes, name, source) : parseByName(bytes, name, source, fileName);
      }
      // A safetensors header length can begin with a '{', '[' or whitespace byte: when such
      // bytes are not JSON but frame like safetensors, they are safetensors.
      if (looksLikeSafetensors(bytes)) {
        try {
          return parseJsonTensor(text, source);
        } catch {
          return parseSafetensors(bytes, name, source);
        }
      }
      refuseName('a JSON file');
      return parseJsonTensor(text, source);
    }
    default:
      return parseByName(bytes, name, source, fileName);
  }
}

/**
 * Recognises a format by its first bytes: npy by `\x93NUMPY`, npz by a zip
 * signature, JSON by `[` or `{` after whitespace (when the bytes are valid
 * UTF-8), safetensors by its 8-byte header length followed by `{`.
 *
 * @example
 * ```ts
 * detectFormat(new TextEncoder().encode('[[1, 2]]')); // 'json'
 * ```
 */
export function detectFormat(bytes: Uint8Array): ByteFormat | undefined {
  if (NPY_MAGIC.every((byte, i) => bytes[i] === byte)) return 'npy';
  // Local file header, or the end record of an archive with no files.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))) {
    return 'npz';
  }
  // Valid UTF-8 is checked when the text is decoded: checking here too would decode a large file twice.
  if (startsLikeJson(bytes)) return 'json';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  return undefined;
}

function startsLikeJson(bytes: Uint8Array): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return bytes[at] === 0x5b || bytes[at] === 0x7b;
}

/** Hints for extensions of formats nnscope does not read. */
const FOREIGN_EXTENSIONS: [RegExp, string][] = [
  [
    /\.(pt|pth|ckpt|bin|pkl|pickle)$/i,
    'PyTorch and pickle files cannot be read safely in a browser; save the tensor with safetensors.torch.save_file or np.save',
  ],
  [/\.(h5|hdf5|keras)$/i, 'HDF5 files are not supported; save the array with np.save'],
  [/\.(csv|tsv|txt)$/i, 'text tables are not supported; save the array with np.save or as JSON'],
];

/**
 * For bytes no format recognised: a name (or a header) that promises a
 * format goes to that format's parser, whose message is precise (a truncated
 * safetensors header, a bad npy magic; a `.json` file may even hold a bare
 * number). Otherwise throws an error that says what the bytes start with.
 */
function parseByName(bytes: Uint8Array, name?: string, source?: string, fileName?: string): DecodedArray {
  // Before the name decides: a zero-filled `.safetensors` would otherwise be "a 0-byte header that is not JSON".
  if (bytes.length > 0 && bytes.every((byte) => byte === 0)) {
    throw new NnDataError(
      `all ${bytes.length} bytes are NUL (0x00): the file holds no data (never written, or zero-filled by a failed ` +
        `copy or download); write it again with np.save, safetensors or JSON`,
      { source },
    );
  }
  const path = (fileName ?? '').replace(/[?#].*$/, '');
  if (/\.npy$/i.test(path)) return parseNpy(bytes, source);
  if (/\.json$/i.test(path)) return parseJsonTensor(new TextDecoder().decode(bytes), source);
  // A '{' after an 8-byte length under 2^40: a safetensors file cut inside its header.
  const truncatedSafetensors = bytes.length >= 10 && bytes[8] === 0x7b && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0;
  if (/\.safetensors$/i.test(path) || truncatedSafetensors) return parseSafetensors(bytes, name, source);
  const start = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  let hint = '';
  if (/\.npz$/i.test(path)) hint = '; the name ends in .npz, but the bytes lack the zip signature PK\\x03\\x04 (truncated or not a zip?)';
  else if (bytes[0] === 0x3c) hint = '; they look like HTML or XML, so the server may have sent a page instead of the file';
  else if (bytes[0] === 0) hint = '; a file that starts with NUL bytes was often cut or zero-filled while being written';
  else
    hint = FOREIGN_EXTENSIONS.filter(([pattern]) => pattern.test(path))
      .map(([, text]) => `; ${text}`)
      .join('');
  throw new NnDataError(
    `cannot tell the format of these ${bytes.length} bytes (they start ${start || 'with nothing'}): ` +
      `not npy (\\x93NUMPY), npz (PK\\x03\\x04), safetensors (8-byte header length, then '{') or JSON ('[' or '{')${hint}`,
    { source },
  );
}
