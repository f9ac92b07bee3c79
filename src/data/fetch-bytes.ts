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
 * Fetches a URL's bytes. An aborted `signal` rejects with the signal's own
 * reason (an AbortError DOMException, the TimeoutError of
 * `AbortSignal.timeout()`, or the caller's own), never wrapped, so callers
 * can tell cancellation from failure.
 *
 * @throws NnDataError with the HTTP status and the URL, for a URL that is not
 *   one, or when the request or the download fails (the browser's error is
 *   the `cause`: its message, "Failed to fetch", says nothing of the URL).
 *
 * @example
 * ```ts
 * const bytes = await fetchBytes('/attention.npy', controller.signal, 'attention');
 * ```
 */
export async function fetchBytes(url: string, signal?: AbortSignal, source?: string): Promise<Uint8Array> {
  try {
    new URL(url, globalThis.location?.href);
  } catch (cause) {
    throw new NnDataError(`${JSON.stringify(url)} is not a valid URL`, { source, cause });
  }
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new NnDataError(`could not fetch ${url}: the request failed (the server is unreachable, the scheme is not fetchable, or CORS blocked it)`, {
      source,
      cause,
    });
  }
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    // Release the connection: the error body is not read.
    await response.body?.cancel().catch(() => undefined);
    throw new NnDataError(`HTTP ${status} fetching ${url}`, { source });
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new NnDataError(`could not fetch ${url}: the download broke off before the end`, { source, cause });
  }
}
