import { describeValue } from './describe-value.js';
import { NnDataError } from './errors.js';
import { bigintToNumber } from './int64.js';
import { checkShape, MAX_RANK } from './shape-limits.js';
import { isTypedArray, typedArrayDtype, typedArrayToFloat32 } from './typed-arrays.js';

export { describeValue };

/**
 * Numbers nested in arrays, one level per axis: `[[1, 2], [3, 4]]` is a
 * 2 × 2 matrix. The innermost level may also be a typed array (a row), and
 * `null` stands for a missing value (NaN), as Python's JSON writes it.
 *
 * @example
 * ```ts
 * const attention: NestedArray = [[0.9, 0.1], [0.4, 0.6]];
 * ```
 */
export type NestedArray = readonly (number | null | NestedArray | ArrayLike<number>)[];

/**
 * Flattens a nested array to float32 values in C order and its shape, in two
 * walks: the first elements give the shape, then every element is checked
 * against it while its values are written.
 *
 * @throws NnDataError naming the index path of the first ragged level
 *   (`[2][1] has length 3, but [0][0] has length 2`) or of the first leaf
 *   that is not a number (`[0][2] is a string ("x")`).
 *
 * @example
 * ```ts
 * flattenNested([[1, 2, 3], [4, 5, 6]]); // { data: Float32Array [1, …, 6], shape: [2, 3], dtype: 'float64' }
 * ```
 */
export function flattenNested(value: readonly unknown[], source?: string): { data: Float32Array; shape: number[]; dtype: string } {
  const shape: number[] = [];
  let probe: unknown = value;
  let dtype = 'float64';
  while (Array.isArray(probe) || isTypedArray(probe)) {
    if (shape.length === MAX_RANK) {
      throw new NnDataError(`nested array is more than ${MAX_RANK} levels deep (does it contain itself?)`, { source });
    }
    shape.push(probe.length);
    if (isTypedArray(probe)) {
      dtype = typedArrayDtype(probe);
      break;
    }
    if (probe.length === 0) break;
    probe = probe[0];
  }
  // The first elements' lengths can be anything (a sparse `new Array(2 ** 32 - 1)`): checked before allocating.
  const count = checkShape(shape, source, 'nested array of shape');
  const data = new Float32Array(count);
  let cursor = 0;
  const rank = shape.length;
  const path: number[] = [];

  const walk = (level: unknown, depth: number): void => {
    const isTyped = isTypedArray(level);
    // Typed arrays are rows: only the innermost level may be one.
    if (!(Array.isArray(level) || (isTyped && depth === rank - 1)) || (level as unknown[]).length !== shape[depth]) {
      throw ragged(path, describeValue(level), shape, source);
    }
    if (isTyped) {
      data.set(typedArrayToFloat32(level), cursor);
      cursor += level.length;
      return;
    }
    const list = level as readonly unknown[];
    if (depth < rank - 1) {
      for (let i = 0; i < list.length; i++) {
        path.push(i);
        walk(list[i], depth + 1);
        path.pop();
      }
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const leaf = list[i];
      if (typeof leaf === 'number') data[cursor++] = leaf;
      else if (leaf === null) data[cursor++] = NaN;
      else if (typeof leaf === 'bigint') data[cursor++] = bigintToNumber(leaf);
      else if (Array.isArray(leaf) || isTypedArray(leaf)) throw ragged([...path, i], describeValue(leaf), shape, source);
      else throw notANumber([...path, i], leaf, source);
    }
  };
  walk(value, 0);
  return { data, shape, dtype };
}

/** `[2][1]`, the way users index the nested array. */
function formatPath(path: readonly number[]): string {
  return path.map((index) => `[${index}]`).join('') || 'the top level';
}

/**
 * The error for an element whose structure differs from the first element
 * at the same depth, the one that fixed the shape.
 */
function ragged(path: readonly number[], found: string, shape: readonly number[], source?: string): NnDataError {
  const depth = path.length;
  const first = formatPath(new Array<number>(depth).fill(0));
  const expected = depth < shape.length ? `an array of length ${shape[depth]}` : 'a number';
  return new NnDataError(`ragged nested array: element ${formatPath(path)} is ${found}, but element ${first} is ${expected}`, { source });
}

function notANumber(path: readonly number[], leaf: unknown, source?: string): NnDataError {
  return new NnDataError(`element ${formatPath(path)} is ${describeValue(leaf)}; expected a number (or null for no value)`, { source });
}
