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
