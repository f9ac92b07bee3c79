/**
 * Checks for attribute and property values, with one message shape
 * everywhere: the attribute, what was given, and what is allowed. Elements
 * call these from `computeData` (or a view's draw), never from a Lit
 * converter: a converter that throws reaches the page, while a throw here is
 * shown inside the element and fired as `nn-error`.
 *
 * @example
 * ```ts
 * const view = oneOf('view', this.view, ['matrix', 'model'] as const); // throws 'view must be one of …; got "bogus".'
 * ```
 */

/** A short, safe rendering of a value the user gave, for messages. */
export function given(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object${value.constructor && value.constructor !== Object ? ` (${value.constructor.name})` : ''}`;
  return typeof value;
}

/**
 * `value` when it is one of `allowed`, else an error naming the attribute,
 * the value and the allowed values.
 */
export function oneOf<T extends string>(attribute: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${attribute} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${given(value)}.`);
}

/** `value` when it is an integer in [min, max] (max inclusive, optional). */
export function integerIn(attribute: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `an integer from ${min}` : `an integer from ${min} to ${max}`;
  throw new Error(`${attribute} must be ${range}; got ${given(value)}.`);
}

/** `value` when it is a finite number in [min, max]. */
export function numberIn(attribute: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
  const range = min === -Infinity && max === Infinity ? 'a finite number' : `a number from ${min} to ${max}`;
  throw new Error(`${attribute} must be ${range}; got ${given(value)}.`);
}

/**
 * The message for a JSON list attribute that did not parse. For strings the
 * most common cause is a token with an apostrophe (`n't`) inside a
 * single-quoted attribute, which ends the attribute early: say how to quote it.
 */
function notJson(attribute: string, what: string, example: string, value: string, strings: boolean): string {
  const hint = strings
    ? " If a value contains an apostrophe (n't), write it as \\u0027 inside a single-quoted attribute, or set the property from script."
    : '';
  return `${attribute} must be a JSON array of ${what}, like ${example}; got ${given(value)}.${hint}`;
}

/**
 * A list of strings (tokens, labels) from a property or a JSON attribute
 * (which arrives as the raw string when it did not parse as JSON). Values are
 * turned into text; they are never parsed as HTML.
 */
export function stringList(attribute: string, value: unknown, what = 'strings'): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') throw new Error(notJson(attribute, what, '["The", "cat"]', value, true));
  if (!Array.isArray(value)) throw new Error(`${attribute} must be an array of ${what}; got ${given(value)}.`);
  return value.map((item) => String(item));
}

/** A list of non-negative integer indices (masks, channels) from a property or a JSON attribute. */
export function indexList(attribute: string, value: unknown, what = 'indices'): readonly number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') throw new Error(notJson(attribute, what, '[0, 11]', value, false));
  if (!Array.isArray(value)) throw new Error(`${attribute} must be an array of ${what}, like [0, 11]; got ${given(value)}.`);
  const bad = value.findIndex((item) => typeof item !== 'number' || !Number.isInteger(item) || item < 0);
  if (bad >= 0) throw new Error(`${attribute} must hold non-negative integers; item ${bad} is ${given(value[bad])}.`);
  return value as number[];
}
