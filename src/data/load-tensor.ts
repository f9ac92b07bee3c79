import { tf } from '../tf.js';
import { checkRank } from './check-rank.js';
import type { DecodedArray } from './decoded-array.js';
import { NnDataError } from './errors.js';
import { fetchBytes, splitArrayName } from './fetch-bytes.js';
import { fromJs, isDataAndShape, type DataAndShape } from './from-js.js';
import type { NestedArray } from './nested-array.js';
import { parseBytes } from './parse-bytes.js';
import { checkShape } from './shape-limits.js';
import { isTypedArray } from './typed-arrays.js';
import { describeValue } from './describe-value.js';

/**
 * Anything nnscope can turn into a float32 tensor:
 * - a `tf.Tensor` (copied, never taken over);
 * - a number, a nested array, a typed array other than Uint8Array (rank 1),
 *   or `{ data, shape }`;
 * - file bytes as an ArrayBuffer, Uint8Array or DataView, or a Blob / File:
 *   `.npy`, `.npz`, `.safetensors` or JSON, recognised by their content;
 * - a URL (string or `URL`) of such a file; a `#name` suffix picks an array
 *   in an npz or safetensors file.
 *
 * @example
 * ```ts
 * const inputs: TensorInput[] = [
 *   [[0.9, 0.1], [0.4, 0.6]],
 *   { data: new Float32Array(64), shape: [8, 8] },
 *   '/weights.safetensors#encoder.layer.0.attention',
 * ];
 * ```
 */
export type TensorInput = tf.Tensor | number | number[] | NestedArray | DataAndShape | ArrayBuffer | ArrayBufferView | Blob | string | URL;

/**
 * Options of {@link loadTensor}.
 *
 * @example
 * ```ts
 * const options: LoadTensorOptions = { source: 'attention', rank: [2, 3, 4], signal: controller.signal };
 * ```
 */
export interface LoadTensorOptions {
  /** The array to load from an npz or safetensors file (like a URL's `#name`). */
  name?: string;
  /**
   * Cancels fetching and decoding; the promise then rejects with `signal.reason` itself (an AbortError, the
   * TimeoutError of `AbortSignal.timeout()`, or your own reason), not an NnDataError.
   */
  signal?: AbortSignal;
  /** The rank, or ranks, the caller accepts; others are rejected with a message naming the shape. */
  rank?: number | readonly number[];
  /** What the input is, in the user's words, for error messages: e.g. 'attention'. */
  source?: string;
}

/**
 * Turns any {@link TensorInput} into a NEW float32 tensor, which the caller
 * owns and must dispose. Other dtypes are converted (int64 and float64 are
 * rounded to float32 exactly as numpy's `astype(np.float32)` rounds); NaN
 * and ±Infinity pass through untouched (elements show them as "no value").
 *
 * A tensor passed in is cloned (float32) or cast, never disposed or changed.
 * Values that share memory with the caller's buffers are copied, because
 * tfjs's cpu backend keeps the array it is given: later writes to the
 * caller's buffer would otherwise change the tensor.
 *
 * @throws NnDataError naming `options.source` (and the URL or file) for
 *   every problem with the input: HTTP errors, unrecognised bytes, truncated
 *   files, unsupported dtypes, ragged arrays, unknown array names, a rank
 *   outside `options.rank`, options of the wrong type. Whatever fails
 *   inside is wrapped in an NnDataError that says what was being loaded,
 *   with the original error as `cause`; no bare TypeError or RangeError
 *   reaches the caller.
 * @throws the aborted `options.signal`'s own `reason`, never wrapped, and no
 *   tensor is created: an AbortError DOMException after
 *   `controller.abort()`, a TimeoutError DOMException from
 *   `AbortSignal.timeout(ms)`, or the value given to `abort(reason)`.
 *
 * @example
 * ```ts
 * import { loadTensor } from 'nnscope';
 * const attention = await loadTensor('/bert.npz#attention', { rank: [2, 3, 4], source: 'attention' });
 * try {
 *   // … use it …
 * } finally {
 *   attention.dispose();
 * }
 * ```
 */
export async function loadTensor(input: TensorInput, options: LoadTensorOptions = {}): Promise<tf.Tensor> {
  return guarded(input, options, async () => {
    options.signal?.throwIfAborted();
    if (input instanceof tf.Tensor) return copyTensor(await onThisBackend(input, options), options, input);
    const { decoded, label, callerBuffer } = await decodeInput(input, options);
    options.signal?.throwIfAborted();
    checkRank(decoded.shape, options.rank, label);
    const data = callerBuffer !== undefined && decoded.data.buffer === callerBuffer ? decoded.data.slice() : decoded.data;
    return tf.tensor(data, decoded.shape, 'float32');
  });
}

/**
 * Like {@link loadTensor}, but decodes to a Float32Array with its shape and
 * makes no tensor: for inputs too large to upload whole (a GPT-2-sized
 * attention stack is 604 MB) or needed on the CPU anyway. The result may be a
 * view of the caller's own memory (nothing is copied that need not be); it is
 * never written to. A tensor input is read back with `await tensor.data()`.
 *
 * @example
 * ```ts
 * const { data, shape } = await loadArray('/gpt2-attention.npy', { rank: 4 });
 * ```
 */
export async function loadArray(input: TensorInput, options: LoadTensorOptions = {}): Promise<DecodedArray> {
  return guarded(input, options, async () => {
    options.signal?.throwIfAborted();
    if (input instanceof tf.Tensor) {
      const copy = copyTensor(await onThisBackend(input, options), options, input);
      try {
        const data = (await copy.data()) as Float32Array;
        options.signal?.throwIfAborted();
        return { data, shape: copy.shape.slice(), dtype: input.dtype };
      } finally {
        copy.dispose();
      }
    }
    const { decoded, label } = await decodeInput(input, options);
    options.signal?.throwIfAborted();
    checkRank(decoded.shape, options.rank, label);
    return decoded;
  });
}

/**
 * Runs a load with the promises loadTensor makes about what it rejects with:
 * the options are checked first (a wrong type would otherwise surface as
 * "a is not a function" from deep inside); once the signal has aborted, its
 * own reason, whatever else failed meanwhile; an NnDataError as it is; and
 * anything else (a failed allocation, a bug) wrapped in an NnDataError that
 * says what was being loaded, the original kept as `cause`.
 */
async function guarded<T>(input: unknown, options: LoadTensorOptions, load: () => Promise<T>): Promise<T> {
  checkOptions(options);
  try {
    return await load();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof NnDataError) throw error;
    const what = describeInput(input);
    const memory = error instanceof RangeError && /alloc|memory|length/i.test(error.message);
    throw new NnDataError(
      memory
        ? `could not load ${what}: the browser could not allocate the memory it needs`
        : `could not load ${what}: nnscope failed while decoding it (${error instanceof Error ? error.name : typeof error}; see error.cause)`,
      { source: options.source, cause: error },
    );
  }
}

/** The input as the fallback message names it; reading a hostile input may throw again. */
function describeInput(input: unknown): string {
  try {
    return typeof input === 'string' ? input : input instanceof URL ? input.href : describeValue(input);
  } catch {
    return 'the input';
  }
}

/** Options of the wrong type are refused by name, before anything is fetched or read. */
function checkOptions(options: unknown): asserts options is LoadTensorOptions {
  const fail = (message: string) => new NnDataError(`loadTensor options: ${message}`);
  if (options === null || typeof options !== 'object') {
    throw fail(`expected an object like { name, rank, signal, source }, got ${describeValue(options)}`);
  }
  const { name, rank, signal, source } = options as Record<string, unknown>;
  if (source !== undefined && typeof source !== 'string') throw fail(`'source' must be a string, got ${describeValue(source)}`);
  if (name !== undefined && typeof name !== 'string') throw fail(`'name' must be a string, got ${describeValue(name)}`);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw fail(`'signal' must be an AbortSignal, got ${describeValue(signal)}`);
  }
  const isRank = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
  if (rank !== undefined && !isRank(rank) && !(Array.isArray(rank) && rank.every(isRank))) {
    throw fail(`'rank' must be a non-negative integer or an array of them, got ${describeValue(rank)}`);
  }
}

/**
 * `tensor` itself when it lives on the backend in use; else a copy made
 * here from its values, read asynchronously. A tensor made before the page
 * switched backends (webgpu, then `useBackend('webgl')`) would otherwise be
 * moved by tfjs on first use, synchronously: WebGPU's `readSync` reads each
 * buffer back through three new OffscreenCanvases (two of them WebGPU
 * contexts), in the same task for every tensor an op touches, and a page
 * doing that for several elements at once lost its WebGL context
 * ("Failed to compile fragment shader", CONTEXT_LOST_WEBGL).
 *
 * A returned copy is the caller's to dispose (it is not `tensor`); code
 * that reads a tensor someone passed in should go through this first.
 *
 * @example
 * ```ts
 * const local = await onThisBackend(input);
 * try { use(local); } finally { if (local !== input) local.dispose(); }
 * ```
 */
export async function onThisBackend(tensor: tf.Tensor, { source, signal }: LoadTensorOptions = {}): Promise<tf.Tensor> {
  if (tensor.isDisposed) throw new NnDataError('the tensor passed in has already been disposed', { source });
  if (tf.backend().refCount(tensor.dataId) > 0 || tensor.dtype === 'string' || tensor.dtype === 'complex64') return tensor;
  const values = await tensor.data();
  signal?.throwIfAborted();
  return tf.tensor(values as Float32Array | Int32Array | Uint8Array, tensor.shape, tensor.dtype);
}

/** A float32 copy of `tensor` the element owns; `local` is `original` or a copy of it on this backend, freed here. */
function copyTensor(local: tf.Tensor, options: LoadTensorOptions, original: tf.Tensor = local): tf.Tensor {
  try {
    return copyLocal(local, options);
  } finally {
    if (local !== original) local.dispose();
  }
}

function copyLocal(tensor: tf.Tensor, { rank, source }: LoadTensorOptions): tf.Tensor {
  if (tensor.isDisposed) throw new NnDataError('the tensor passed in has already been disposed', { source });
  checkRank(tensor.shape, rank, source);
  checkShape(tensor.shape, source, "the tensor's shape");
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') {
    throw new NnDataError(`unsupported tensor dtype '${tensor.dtype}'; pass a numeric tensor (for complex, tf.abs(x) or tf.real(x))`, {
      source,
    });
  }
  if (tensor.dtype === 'float32') return tf.clone(tensor);
  // tfjs casts int32 and bool to float32 by relabelling the stored array (it
  // counts the cast lossless), so data() would still return an Int32Array,
  // holding values float32 cannot (2^31 - 1). Multiplying by 1 writes a real
  // float32 array, rounded as numpy's astype(np.float32) rounds.
  return tf.tidy(() => tf.mul(tf.cast(tensor, 'float32'), 1));
}

interface DecodedInput {
  decoded: DecodedArray;
  /** The name errors use: the caller's `source`, the URL or file name, or both. */
  label?: string;
  /** The caller's buffer, when the input is the caller's memory. */
  callerBuffer?: ArrayBufferLike;
}

async function decodeInput(input: Exclude<TensorInput, tf.Tensor>, options: LoadTensorOptions): Promise<DecodedInput> {
  const { signal, source } = options;
  if (typeof input === 'string' || input instanceof URL) {
    const { url, name: fragmentName } = splitArrayName(typeof input === 'string' ? input : input.href);
    const label = labelOf(source, url);
    const name = arrayName(options.name, fragmentName, label);
    const bytes = await fetchBytes(url, signal, label);
    return { decoded: await parseBytes(bytes, name, label, url), label };
  }
  if (input instanceof Blob) {
    const fileName = typeof File !== 'undefined' && input instanceof File ? input.name : undefined;
    const label = labelOf(source, fileName);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await input.arrayBuffer());
    } catch (cause) {
      signal?.throwIfAborted();
      throw new NnDataError(
        `could not read the ${fileName === undefined ? 'Blob' : 'file'}'s ${input.size} bytes (a file moved, changed or deleted since it was chosen?)`,
        { source: label, cause },
      );
    }
    signal?.throwIfAborted();
    return { decoded: await parseBytes(bytes, options.name, label, fileName), label };
  }
  if (input instanceof ArrayBuffer || input instanceof Uint8Array || input instanceof DataView) {
    let bytes: Uint8Array;
    try {
      bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    } catch (cause) {
      throw new NnDataError('the bytes cannot be read: their ArrayBuffer has been detached (transferred to a worker or a stream?)', {
        source,
        cause,
      });
    }
    return { decoded: await parseBytes(bytes, options.name, source), label: source, callerBuffer: bytes.buffer };
  }
  if (options.name !== undefined) {
    throw new NnDataError(`the 'name' option ('${options.name}') picks an array in an npz or safetensors file, but the input is a JS value`, {
      source,
    });
  }
  const callerData = isDataAndShape(input) ? input.data : input;
  return { decoded: fromJs(input, source), label: source, callerBuffer: isTypedArray(callerData) ? callerData.buffer : undefined };
}

/** `attention (/bert.npz)` when both are known, else whichever is. */
function labelOf(source: string | undefined, location: string | undefined): string | undefined {
  if (source && location) return `${source} (${location})`;
  return source ?? location;
}

function arrayName(fromOptions: string | undefined, fromFragment: string | undefined, label?: string): string | undefined {
  if (fromOptions !== undefined && fromFragment !== undefined && fromOptions !== fromFragment) {
    throw new NnDataError(`two array names given: '${fromFragment}' in the URL and '${fromOptions}' in options.name`, {
      source: label,
    });
  }
  return fromOptions ?? fromFragment;
}
