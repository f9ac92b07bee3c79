import type { DecodedArray } from './decoded-array.js';
import { decodeElements } from './decode-elements.js';
import { NnDataError } from './errors.js';
import { readNpyDtype } from './npy-dtype.js';
import { readNpyHeader } from './npy-header.js';
import { formatShape, shapeSize } from './shape.js';

/**
 * Decodes the bytes of an `.npy` file (what `np.save` writes) to float32
 * values in C order.
 *
 * Reads format versions 1.0, 2.0 and 3.0; dtypes f2, f4, f8, i1–i8, u1–u8
 * and b1 in either byte order; `fortran_order: True` (transposed to C order
 * while reading); scalars (shape `()`) and empty arrays. Little-endian
 * float32 data at a 4-byte-aligned address is returned as a view of `bytes`
 * without copying, so the result shares memory with `bytes`.
 *
 * @param bytes the whole file.
 * @param source names the file in error messages.
 * @throws NnDataError for a bad magic, malformed header, unsupported dtype
 *   (named, e.g. `'<c8' (complex64)`) or data shorter than the shape needs.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/attention.npy')).arrayBuffer());
 * const { data, shape, dtype } = parseNpy(bytes, 'attention.npy');
 * ```
 */
export function parseNpy(bytes: Uint8Array, source?: string): DecodedArray {
  const { descr, fortranOrder, shape, dataOffset } = readNpyHeader(bytes, source);
  const { element, littleEndian } = readNpyDtype(descr, source);
  const count = shapeSize(shape);
  const needed = count * element.size;
  const present = bytes.length - dataOffset;
  if (needed > present) {
    throw new NnDataError(
      `truncated npy file: shape ${formatShape(shape)} of '${descr}' needs ${needed} bytes of data, ` +
        `but only ${present} are present after the header`,
      { source },
    );
  }
  const data = decodeElements(bytes, dataOffset, count, element, littleEndian, fortranOrder ? shape : undefined);
  return { data, shape, dtype: descr as string };
}
