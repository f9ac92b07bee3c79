/**
 * Small shape helpers every parser shares, so that all messages print shapes
 * the same way.
 */

/**
 * The number of elements an array of this shape holds: 1 for `[]`, 0 when
 * any axis is 0.
 *
 * @example
 * ```ts
 * shapeSize([2, 3]); // 6
 * shapeSize([]); // 1
 * ```
 */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const axis of shape) size *= axis;
  return size;
}

/**
 * A shape as messages print it: `[1,2,3]`, `[]` for a scalar.
 *
 * @example
 * ```ts
 * formatShape([1, 2, 3]); // '[1,2,3]'
 * ```
 */
export function formatShape(shape: readonly unknown[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * True when `value` is a usable shape: an array of non-negative safe
 * integers.
 *
 * @example
 * ```ts
 * isShape([2, 0, 3]); // true
 * isShape([2, -1]); // false
 * ```
 */
export function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((axis) => Number.isSafeInteger(axis) && axis >= 0);
}
