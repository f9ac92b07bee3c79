import { NnDataError } from './errors.js';

/**
 * Splits `'/model.npz#attention'` into the URL to fetch and the array name
 * after the last `#` (URL-decoded). A URL without `#`, or ending in `#`,
 * names no array.
 *
 * @example
 * ```ts
 * splitArrayName('/model.safetensors#encoder.layer.0'); // { url: '/model.safetensors', name: 'encoder.layer.0' }
 * ```
 */
export function splitArrayName(url: string): { url: string; name?: string } {
  const hash = url.lastIndexOf('#');
  if (hash < 0) return { url };
  const fragment = url.slice(hash + 1);
  let name: string;
  try {
    name = decodeURIComponent(fragment);
  } catch {
    name = fragment;
  }
  return { url: url.slice(0, hash), name: name === '' ? undefined : name };
}

/**
 * Fetches a URL's bytes. An aborted `signal` rejects with the signal's
 * reason (an AbortError DOMException unless the caller gave another), never
 * wrapped, so callers can tell cancellation from failure.
 *
 * @throws NnDataError with the HTTP status and the URL, or the network error.
 *
 * @example
 * ```ts
 * const bytes = await fetchBytes('/attention.npy', controller.signal, 'attention');
 * ```
 */
export async function fetchBytes(url: string, signal?: AbortSignal, source?: string): Promise<Uint8Array> {
  try {
    const response = await fetch(url, { signal });
    if (!response.ok) {
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      // Release the connection: the error body is not read.
      await response.body?.cancel().catch(() => undefined);
      throw new NnDataError(`HTTP ${status} fetching ${url}`, { source });
    }
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof NnDataError) throw error;
    throw new NnDataError(`could not fetch ${url}: ${(error as Error).message}`, { source, cause: error });
  }
}
