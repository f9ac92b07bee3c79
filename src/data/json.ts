import type { DecodedArray } from './decoded-array.js';
import { NnDataError } from './errors.js';
import { fromJs, isDataAndShape } from './from-js.js';
import { describeValue } from './nested-array.js';

/**
 * Decodes JSON text holding a tensor: a nested array of numbers, or
 * `{"data": [...], "shape": [...]}` with `data` flat or nested.
 *
 * Python's `json.dumps` writes NaN and infinities as the bare tokens `NaN`,
 * `Infinity` and `-Infinity`, which `JSON.parse` rejects; when the first
 * parse fails they are replaced outside strings and the text parsed again,
 * so well-formed JSON pays nothing. `null` reads as NaN (no value).
 *
 * @param source names the file in error messages.
 * @throws NnDataError for invalid JSON, ragged arrays (naming the index
 *   path) and leaves that are not numbers (naming path and type).
 *
 * @example
 * ```ts
 * parseJsonTensor('[[1, NaN], [Infinity, null]]').data; // Float32Array [1, NaN, Infinity, NaN]
 * parseJsonTensor('{"data": [1, 2, 3, 4], "shape": [2, 2]}').shape; // [2, 2]
 * ```
 */
export function parseJsonTensor(text: string, source?: string): DecodedArray {
  const value = parsePythonJson(text, source);
  if (value === null) return { data: Float32Array.of(NaN), shape: [], dtype: 'float64' };
  if (typeof value !== 'number' && !Array.isArray(value) && !isDataAndShape(value)) {
    throw new NnDataError(`the JSON holds ${describeValue(value)}; expected a nested array of numbers or {"data": [...], "shape": [...]}`, {
      source,
    });
  }
  return fromJs(value, source);
}

function parsePythonJson(text: string, source?: string): unknown {
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    throw new NnDataError(
      `not valid JSON: character ${nul} is a NUL (0x00) byte, which JSON text never holds (a zero-filled or partly written file?)`,
      { source },
    );
  }
  try {
    return JSON.parse(text);
  } catch (firstError) {
    const patched = replacePythonTokens(text);
    try {
      if (patched === text) throw firstError;
      return JSON.parse(patched);
    } catch (cause) {
      throw new NnDataError(`not valid JSON: ${(cause as Error).message}`, { source, cause });
    }
  }
}

/**
 * `NaN` → `null` (read as NaN) and `Infinity` → `1e999` (a number literal
 * that overflows to Infinity; `-Infinity` becomes `-1e999`). Strings are
 * matched first and kept, so `"NaN"` inside a string stays as it is.
 */
function replacePythonTokens(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|NaN|Infinity/g, (token) => (token === 'NaN' ? 'null' : token === 'Infinity' ? '1e999' : token));
}
