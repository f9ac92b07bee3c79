import { describeValue } from './describe-value.js';
import { NnDataError } from './errors.js';
import { formatShape } from './shape.js';

/**
 * The most elements nnscope loads into one array, and the largest any one
 * dimension may be: 2^31 - 1. tfjs indexes tensors with int32 (a larger
 * tensor cannot be sliced, gathered or uploaded), and 2^31 float32 values
 * are 8 GiB, past what a browser tab can allocate.
 *
 * A dimension beyond it is refused even when another dimension is 0 and the
 * array holds nothing: `[0, 2**40]` is a header no real array writes, and
 * code that loops over a dimension (a view drawing one row per unit) would
 * run 2^40 times.
 *
 * @example
 * ```ts
 * if (count > MAX_ELEMENTS) throw new Error('too large');
 * ```
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** The most dimensions a shape may have: numpy 2's limit (NPY_MAXDIMS), far above tfjs's kernels' 6. */
export const MAX_RANK = 64;

/**
 * Throws an NnDataError unless `shape` is something a tensor can have: an
 * array of at most {@link MAX_RANK} non-negative integers, none and their
 * product not above {@link MAX_ELEMENTS}. The product is computed exactly
 * (BigInt), so `[2**40, 2**40, 0]` and an overflowing product are both
 * caught, and nothing is allocated or looped over before this passes.
 *
 * @param what names the shape in messages: `'shape'`, `"the npy header's shape"`.
 * @returns the number of elements.
 *
 * @example
 * ```ts
 * checkShape([2, 3], 'attention'); // 6
 * checkShape([0, 2 ** 40]); // throws: dimension 1 is 1099511627776, more than 2147483647 (2^31 - 1)
 * ```
 */
export function checkShape(shape: unknown, source?: string, what = 'shape'): number {
  if (!Array.isArray(shape)) {
    throw new NnDataError(`${what} must be an array of non-negative integers, got ${describeValue(shape)}`, { source });
  }
  if (shape.length > MAX_RANK) {
    throw new NnDataError(`${what} has ${shape.length} dimensions; nnscope reads at most ${MAX_RANK}`, { source });
  }
  let count = 1n;
  for (let axis = 0; axis < shape.length; axis++) {
    const size: unknown = shape[axis];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new NnDataError(`${what} ${printable(shape)}: dimension ${axis} is ${describeValue(size)}, not a non-negative integer`, { source });
    }
    if (size > MAX_ELEMENTS) {
      throw new NnDataError(
        `${what} ${printable(shape)}: dimension ${axis} is ${size}, more than the ${MAX_ELEMENTS} (2^31 - 1) ` + `elements a tensor can hold`,
        { source },
      );
    }
    count *= BigInt(size);
  }
  if (count > BigInt(MAX_ELEMENTS)) {
    throw new NnDataError(`${what} ${formatShape(shape)} holds ${count} elements, more than the ${MAX_ELEMENTS} (2^31 - 1) a tensor can hold`, {
      source,
    });
  }
  return Number(count);
}

/** A shape with values of any type, as messages print it. */
function printable(shape: readonly unknown[]): string {
  return formatShape(shape.map((size) => (typeof size === 'number' ? size : typeof size === 'string' ? JSON.stringify(size) : typeof size)));
}
