import { isTypedArray } from './typed-arrays.js';

/**
 * A value's type as error messages name it, quoting short values.
 *
 * @example
 * ```ts
 * describeValue('four'); // 'a string ("four")'
 * describeValue(new Int8Array(3)); // 'a Int8Array of length 3'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined (a hole in the array?)';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (isTypedArray(value)) return `a ${value.constructor.name} of length ${value.length}`;
  if (typeof value === 'object') {
    // Read defensively: a user's object may have any `constructor`, or none (Object.create(null)).
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return `an object (${typeof name === 'string' && name ? name : 'Object'})`;
  }
  return `a ${typeof value}`;
}
