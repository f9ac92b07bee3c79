import type { Span } from '../../compute/hidden-states/types.js';
import { given } from '../base/validate.js';

/**
 * The `selection` attribute or property as a span clipped to `steps`, in
 * the message shape of base/validate.ts (attribute, what was given, what is
 * allowed). Takes `[start, end]`, `{start, end}`, or the raw string a JSON
 * attribute keeps when it did not parse; null or undefined is no selection.
 * Indices past either end are clipped (a selection may be set before the
 * data is known); a reversed one is an error.
 *
 * @example
 * ```ts
 * stepSpan('selection', [34, 99], 40); // {start: 34, end: 40}
 * stepSpan('selection', '[5, 2]', 40);  // throws 'selection [5, 2) ends before it starts ...'
 * ```
 */
export function stepSpan(attribute: string, value: unknown, steps: number): Span | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') throw new Error(`${attribute} must be a JSON array [start, end] of step indices, like [4, 9]; got ${given(value)}.`);
  if (typeof value !== 'object') throw new Error(`${attribute} must be [start, end] or {start, end}; got ${given(value)}.`);
  let start: unknown;
  let end: unknown;
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new Error(`${attribute} must be two step indices [start, end]; got ${given(value)}.`);
    [start, end] = value;
  } else {
    ({ start, end } = value as { start?: unknown; end?: unknown });
  }
  for (const [name, index] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof index !== 'number' || !Number.isInteger(index))
      throw new Error(`${attribute}'s ${name} must be a whole step index; got ${given(index)}.`);
  }
  const [from, to] = [start as number, end as number];
  if (from > to) throw new Error(`${attribute} [${from}, ${to}) ends before it starts: end must be at least start.`);
  const clip = (t: number) => Math.max(0, Math.min(steps, t));
  return { start: clip(from), end: clip(to) };
}
