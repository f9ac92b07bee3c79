/**
 * Tiny npy and safetensors writers for property tests: they follow the
 * format specs directly, so a parse of their output checks nnscope against
 * the spec for shapes and dtypes numpy fixtures do not cover.
 */

/**
 * An npy file (format 1.0, 2.0 or 3.0) around raw element bytes already in
 * the byte order `descr` names. The header is padded with spaces so the data
 * starts at a multiple of 64, as numpy does.
 */
export function writeNpy(options: {
  descr: string;
  shape: readonly number[];
  data: Uint8Array;
  fortranOrder?: boolean;
  version?: 1 | 2 | 3;
}): Uint8Array {
  const { descr, shape, data, fortranOrder = false, version = 1 } = options;
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${tuple}, }`;
  const preamble = version === 1 ? 10 : 12;
  header += ' '.repeat(63 - ((preamble + header.length) % 64)) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(preamble + headerBytes.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, preamble);
  out.set(data, preamble + headerBytes.length);
  return out;
}

/** One tensor for writeSafetensors: raw little-endian element bytes. */
export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: readonly number[];
  data: Uint8Array;
}

/** A safetensors file: u64 header length, JSON header padded to 8 bytes, data. */
export function writeSafetensors(tensors: readonly SafetensorsTensor[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const tensor of tensors) {
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + tensor.data.length] };
    offset += tensor.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of tensors) {
    out.set(tensor.data, at);
    at += tensor.data.length;
  }
  return out;
}

/** `bytes` copied to `offset` bytes into a fresh buffer: tests aligned and unaligned reads. */
export function atByteOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const buffer = new Uint8Array(offset + bytes.length);
  buffer.set(bytes, offset);
  return buffer.subarray(offset);
}

/** One entry for writeZip: its uncompressed bytes and how to store them. */
export interface ZipTestEntry {
  name: string;
  data: Uint8Array;
  /** 0 = stored, 8 = deflate (the browser's CompressionStream). */
  method: 0 | 8;
  /** The CRC-32 to record in both headers; the true one (from `crc`) when omitted. */
  crc?: number;
  /** Raw deflate bytes to store instead of compressing `data` (method 8 only). */
  deflated?: Uint8Array;
}

/** Raw deflate (zip method 8) of `data`, by the browser's CompressionStream. */
export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A zip archive (APPNOTE 4.3) as np.savez writes one, without zip64: local
 * header, data, central directory, end record. `crc` computes the true
 * CRC-32 with the test's own bitwise loop (not src/data/crc32.ts).
 */
export async function writeZip(entries: readonly ZipTestEntry[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const stored = entry.method === 0 ? entry.data : (entry.deflated ?? (await deflateRaw(entry.data)));
    const crc = entry.crc ?? crc32Reference(entry.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, entry.method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, stored.length, true);
    lv.setUint32(22, entry.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const record = new Uint8Array(46 + name.length);
    const cv = new DataView(record.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, entry.method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, stored.length, true);
    cv.setUint32(24, entry.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    record.set(name, 46);
    parts.push(local, stored);
    central.push(record);
    offset += local.length + stored.length;
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** CRC-32 bit by bit, straight from the definition (polynomial 0xEDB88320, reflected). */
export function crc32Reference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
