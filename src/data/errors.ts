/**
 * The one error type the data layer throws for input it cannot turn into a
 * tensor: a truncated file, an unsupported dtype, a ragged array, a failed
 * fetch. Callers can tell "the user's data is wrong" (show the message) from
 * a bug (rethrow) with `instanceof NnDataError`.
 *
 * When `source` is given the message starts with it, because the user who
 * loads five tensors needs to know which one failed:
 * `attention: expected rank 2, 3 or 4, got rank 5 (shape [1,2,3,4,5])`.
 *
 * @example
 * ```ts
 * try {
 *   await loadTensor('/weights.npz#missing');
 * } catch (error) {
 *   if (error instanceof NnDataError) console.warn(error.message, error.source);
 *   else throw error;
 * }
 * ```
 */
export class NnDataError extends Error {
  /** Which input, file or URL the error is about, when known. */
  source?: string;

  constructor(message: string, options: { source?: string; cause?: unknown } = {}) {
    const { source, cause } = options;
    super(source ? `${source}: ${message}` : message, cause === undefined ? undefined : { cause });
    this.name = 'NnDataError';
    this.source = source;
  }
}
