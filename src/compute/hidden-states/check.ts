import type { Span, StateMatrix } from './types.js';

/**
 * Throws unless `states` is a consistent `[steps, units]` matrix, with a
 * message that names what is wrong and the numbers involved.
 */
export function checkStates(states: StateMatrix, method: string): void {
  const { values, steps, units } = states;
  if (!Number.isInteger(steps) || steps < 0 || !Number.isInteger(units) || units < 0) {
    throw new Error(`${method}: steps and units must be whole numbers >= 0, got ${steps} and ${units}.`);
  }
  if (values.length !== steps * units) {
    throw new Error(`${method}: ${steps} steps x ${units} units need ${steps * units} values, got ${values.length}.`);
  }
}

/** Throws unless `span` is a whole-number range inside `[0, steps]` with start <= end. */
export function checkSpan(span: Span, steps: number, method: string, name = 'selection'): void {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > steps || start > end) {
    throw new Error(`${method}: ${name} [${start}, ${end}) must satisfy 0 <= start <= end <= ${steps} (the number of steps), in whole numbers.`);
  }
}
