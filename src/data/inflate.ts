import { NnDataError } from './errors.js';

/**
 * Inflates raw deflate data (zip method 8) with the browser's
 * `DecompressionStream('deflate-raw')`, into one buffer of the size the zip
 * directory declares. Reading the stream into that buffer, rather than
 * collecting chunks, allocates once and stops a corrupt entry that inflates
 * past its declared size from growing without bound.
 *
 * @param what names the entry in messages, e.g. `'arr_0.npy'`.
 * @throws NnDataError for corrupt deflate data or a size other than declared.
 *
 * @example
 * ```ts
 * const npyBytes = await inflateRaw(compressed, entry.uncompressedSize, 'arr_0.npy');
 * ```
 */
export async function inflateRaw(compressed: Uint8Array, expectedSize: number, what: string, source?: string): Promise<Uint8Array> {
  const out = new Uint8Array(expectedSize);
  let filled = 0;
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > expectedSize) {
        throw new NnDataError(`zip entry '${what}' inflates to more than the ${expectedSize} bytes it declares`, {
          source,
        });
      }
      out.set(value, filled);
      filled += value.length;
    }
  } catch (cause) {
    await reader.cancel().catch(() => undefined);
    if (cause instanceof NnDataError) throw cause;
    throw new NnDataError(`zip entry '${what}' is not valid deflate data (${(cause as Error).message})`, {
      source,
      cause,
    });
  }
  if (filled !== expectedSize) {
    throw new NnDataError(`truncated zip entry '${what}': it inflates to ${filled} bytes but declares ${expectedSize}`, { source });
  }
  return out;
}
