import { crc32 } from './crc32.js';
import { NnDataError } from './errors.js';
import { inflateRaw } from './inflate.js';

/**
 * One file in a zip archive, as its central directory describes it.
 *
 * @example
 * ```ts
 * const entry: ZipEntry = { name: 'arr_0.npy', method: 8, crc32: 0xc7abd4f1, compressedSize: 90, uncompressedSize: 224, localHeaderOffset: 0, flags: 0 };
 * ```
 */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; the only two `np.savez` and `np.savez_compressed` write. */
  method: number;
  /** The CRC-32 of the uncompressed bytes, as the central directory records it. */
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  flags: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** Deflate cannot expand data more than 1032 times; more means a corrupt size field. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Lists a zip archive's entries from its central directory (APPNOTE 6.3),
 * zip64 included: `np.savez` forces zip64 local headers, and entries or
 * archives over 4 GiB store their sizes and offsets in zip64 fields.
 *
 * The central directory, at the end of the file, is the authority on sizes
 * and checksums; readZipEntry checks each local header against it.
 *
 * @throws NnDataError when the end-of-directory record is missing (a
 *   truncated download) or a record points outside the file.
 *
 * @example
 * ```ts
 * readZipDirectory(bytes).map((entry) => entry.name); // ['arr_0.npy', 'weights.npy']
 * ```
 */
export function readZipDirectory(bytes: Uint8Array, source?: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) {
    throw new NnDataError(`truncated or corrupt zip archive: no end-of-central-directory record in its ${bytes.length} bytes`, { source });
  }
  let count = view.getUint16(end + 10, true);
  let directoryOffset = view.getUint32(end + 16, true);
  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const record = readUint64(view, end - 12, source);
    requireBytes(view, record, 56, 'the zip64 end-of-central-directory record', source);
    if (view.getUint32(record, true) !== ZIP64_END_OF_DIRECTORY) {
      throw new NnDataError(`corrupt zip archive: no zip64 end-of-central-directory record at byte ${record}`, { source });
    }
    count = readUint64(view, record + 32, source);
    directoryOffset = readUint64(view, record + 48, source);
  }
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    requireBytes(view, at, 46, 'a central directory entry', source);
    if (view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      throw new NnDataError(`corrupt zip archive: central directory entry ${i} at byte ${at} has a bad signature`, {
        source,
      });
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    requireBytes(view, at + 46, nameLength + extraLength, 'a central directory entry', source);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    applyZip64Extra(view, at + 46 + nameLength, extraLength, entry, source);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The uncompressed bytes of one entry: a view into `bytes` when stored, a
 * new buffer when deflated.
 *
 * Nothing is returned unchecked: the local header must agree with the
 * central directory on name, method, CRC-32 and both sizes, and the
 * uncompressed bytes must have the CRC-32 both record. A zip that "loads"
 * with one flipped bit would show wrong numbers as if they were the model's.
 *
 * @throws NnDataError naming the entry for a mismatch, a truncated entry,
 *   bad deflate data, encryption or an unknown compression method.
 *
 * @example
 * ```ts
 * const npy = await readZipEntry(bytes, readZipDirectory(bytes)[0]);
 * ```
 */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, source?: string): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = checkLocalHeader(view, bytes, entry, source);
  if (start + entry.compressedSize > bytes.length) {
    throw new NnDataError(
      `truncated zip archive: entry '${entry.name}' needs bytes up to ${start + entry.compressedSize}, ` + `but the archive has ${bytes.length}`,
      { source },
    );
  }
  const data = bytes.subarray(start, start + entry.compressedSize);
  let uncompressed: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw new NnDataError(
        `corrupt zip archive: stored entry '${entry.name}' declares ${entry.compressedSize} bytes ` + `but ${entry.uncompressedSize} uncompressed`,
        { source },
      );
    }
    uncompressed = data;
  } else if (entry.method === 8) {
    if (entry.uncompressedSize > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) {
      throw new NnDataError(
        `corrupt zip archive: entry '${entry.name}' claims ${entry.uncompressedSize} bytes from ` +
          `${entry.compressedSize} compressed, more than deflate can produce`,
        { source },
      );
    }
    uncompressed = await inflateRaw(data, entry.uncompressedSize, entry.name, source);
  } else {
    throw new NnDataError(
      `zip entry '${entry.name}' uses compression method ${entry.method}; nnscope reads stored (0) and deflate (8) ` +
        `entries, as np.savez and np.savez_compressed write them`,
      { source },
    );
  }
  const actual = crc32(uncompressed);
  if (actual !== entry.crc32) {
    throw new NnDataError(
      `corrupt zip archive: entry '${entry.name}' fails its CRC-32 check: its ${uncompressed.length} bytes ` +
        `give ${hex(actual)}, the archive records ${hex(entry.crc32)}`,
      { source },
    );
  }
  return uncompressed;
}

/**
 * Checks an entry's local header against its central directory record and
 * returns where its data starts. With general-purpose flag bit 3 (sizes in a
 * data descriptor after the data) a writer may leave the local CRC and sizes
 * 0; they are then not compared, and the CRC of the data still is.
 */
function checkLocalHeader(view: DataView, bytes: Uint8Array, entry: ZipEntry, source?: string): number {
  const at = entry.localHeaderOffset;
  const what = `local header of '${entry.name}'`;
  requireBytes(view, at, 30, what, source);
  if (view.getUint32(at, true) !== LOCAL_HEADER) {
    throw new NnDataError(`corrupt zip archive: the ${what} at byte ${at} has a bad signature`, { source });
  }
  if (entry.flags & 1) throw new NnDataError(`zip entry '${entry.name}' is encrypted`, { source });
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  requireBytes(view, at + 30, nameLength + extraLength, what, source);
  const local: ZipEntry = {
    name: new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)),
    flags: view.getUint16(at + 6, true),
    method: view.getUint16(at + 8, true),
    crc32: view.getUint32(at + 14, true),
    compressedSize: view.getUint32(at + 18, true),
    uncompressedSize: view.getUint32(at + 22, true),
    localHeaderOffset: 0,
  };
  applyZip64Extra(view, at + 30 + nameLength, extraLength, local, source);
  const deferred = (local.flags & 8) !== 0;
  const disagree = (field: string, localValue: string | number, centralValue: string | number) =>
    new NnDataError(
      `corrupt zip archive: entry '${entry.name}' records ${field} ${localValue} in its local header ` +
        `but ${centralValue} in the central directory`,
      { source },
    );
  if (local.name !== entry.name) throw disagree('the name', `'${local.name}'`, `'${entry.name}'`);
  if (local.method !== entry.method) throw disagree('compression method', local.method, entry.method);
  if (!(deferred && local.crc32 === 0) && local.crc32 !== entry.crc32) {
    throw disagree('CRC-32', hex(local.crc32), hex(entry.crc32));
  }
  for (const field of ['compressedSize', 'uncompressedSize'] as const) {
    if (deferred && local[field] === 0) continue;
    if (local[field] !== entry[field]) {
      throw disagree(field === 'compressedSize' ? 'compressed size' : 'uncompressed size', local[field], entry[field]);
    }
  }
  return at + 30 + nameLength + extraLength;
}

/** `0x0a1b2c3d`, as zip tools print CRCs. */
function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** The offset of the end-of-central-directory record, or -1: it sits before a comment of up to 65,535 bytes. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/**
 * Zip64 extended information (header id 1) holds, in this order, only those
 * of uncompressed size, compressed size and local header offset whose 32-bit
 * field is 0xffffffff.
 */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry, source?: string): void {
  const fields = ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const;
  for (let at = start; at + 4 <= start + length;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      for (const name of fields) {
        if (entry[name] !== 0xffffffff) continue;
        if (field + 8 > at + 4 + size) {
          throw new NnDataError(`corrupt zip archive: the zip64 field of '${entry.name}' is too short`, { source });
        }
        entry[name] = readUint64(view, field, source);
        field += 8;
      }
    }
    at += 4 + size;
  }
}

function readUint64(view: DataView, at: number, source?: string): number {
  requireBytes(view, at, 8, 'a 64-bit field', source);
  const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x1_0000_0000;
  if (!Number.isSafeInteger(value)) {
    throw new NnDataError(`corrupt zip archive: a 64-bit size or offset (${value}) exceeds 2^53`, { source });
  }
  return value;
}

function requireBytes(view: DataView, at: number, length: number, what: string, source?: string): void {
  if (at < 0 || at + length > view.byteLength) {
    throw new NnDataError(`truncated or corrupt zip archive: ${what} at byte ${at} runs past the end of its ${view.byteLength} bytes`, { source });
  }
}
