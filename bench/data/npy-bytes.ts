/**
 * Writes a float32 array as the bytes of a NumPy `.npy` file (format v1.0),
 * as `np.save(path, array.astype('<f4'))` would: the benchmarks build their
 * inputs in the page instead of fetching 144 MiB fixtures. Only the writer;
 * the reader under test is `parseNpy` in src/data/npy.ts.
 *
 * Layout (numpy/lib/format.py): the magic `\x93NUMPY`, version 1 0, a
 * little-endian uint16 header length, then a Python dict literal padded with
 * spaces and ended by `\n` so the data starts at a multiple of 64 bytes
 * (numpy's ARRAY_ALIGN), then the values, little-endian.
 *
 * @example
 * ```ts
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * new TextDecoder().decode(bytes.subarray(10, 69));
 * // "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
 * bytes.length; // 152: 128 bytes of preamble and header, then 6 × 4
 * ```
 */
export function encodeNpy(values: Float32Array, shape: readonly number[]): Uint8Array {
  const size = shape.reduce((product, length) => product * length, 1);
  if (size !== values.length) {
    throw new Error(`encodeNpy: shape [${shape.join(', ')}] holds ${size} values, but values has ${values.length}.`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const PREAMBLE = 10; // magic (6) + version (2) + header length (2)
  const headerLength = Math.ceil((PREAMBLE + dict.length + 1) / 64) * 64 - PREAMBLE;
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';

  const bytes = new Uint8Array(PREAMBLE + headerLength + values.byteLength);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  new DataView(bytes.buffer).setUint16(8, headerLength, true);
  for (let i = 0; i < header.length; i++) bytes[PREAMBLE + i] = header.charCodeAt(i);
  const data = new Float32Array(bytes.buffer, PREAMBLE + headerLength, values.length);
  if (isLittleEndian()) data.set(values);
  else {
    const view = new DataView(bytes.buffer, PREAMBLE + headerLength);
    values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  }
  return bytes;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
