/**
 * The words for a failure that is not one of nnscope's own messages: the
 * browser's or the GPU's ("Failed to execute 'createBuffer' on 'GPUDevice':
 * ..."), said as what was being done, what it means for the reader and what
 * to try, with the original kept as `cause`. nnscope's own messages pass
 * through unchanged.
 *
 * @example
 * ```ts
 * failureMessage(new RangeError("Failed to execute 'createBuffer' on 'GPUDevice': ..."), { backend: 'webgpu', during: 'compute' });
 * // 'Computing this view on webgpu failed: the GPU could not allocate memory for it. Try a smaller input ...'
 * ```
 */
export function failureMessage(error: unknown, context: { backend?: string; during: 'compute' | 'draw' }): string {
  const message = error instanceof Error ? error.message : String(error);
  const doing = context.during === 'draw' ? 'Drawing this view' : `Computing this view${context.backend ? ` on ${context.backend}` : ''}`;
  if (
    /Failed to execute '(createBuffer|createTexture|mapAsync|writeBuffer)'|out of memory|OUT_OF_MEMORY|CONTEXT_LOST|Failed to compile|Failed to link/i.test(
      message,
    )
  ) {
    return (
      `${doing} failed: the GPU could not hold or run it (the browser said: ${message.slice(0, 200)}). ` +
      "Try a smaller input, or another backend with useBackend('webgl') or useBackend('cpu')."
    );
  }
  if (
    /^Failed to execute '/.test(message) ||
    /Cannot read properties of|is not a function|is not iterable|Invalid (typed )?array length|Maximum call stack/.test(message)
  ) {
    return `${doing} failed inside nnscope or the browser (${message.slice(0, 200)}). This is a bug: please report it with the input that caused it.`;
  }
  return message;
}
