import { NnDataError } from './errors.js';
import { formatShape } from './shape.js';

/**
 * Throws unless `shape` has one of the allowed ranks, with a message that
 * names the input, the ranks allowed and the shape received:
 * `attention: expected rank 2, 3 or 4, got rank 5 (shape [1,2,3,4,5])`.
 *
 * @param rank the allowed rank, or ranks; undefined allows any.
 *
 * @example
 * ```ts
 * checkRank([8, 8], [2, 3, 4], 'attention'); // passes
 * ```
 */
export function checkRank(shape: readonly number[], rank: number | readonly number[] | undefined, source?: string): void {
  if (rank === undefined) return;
  const allowed = typeof rank === 'number' ? [rank] : rank;
  if (allowed.includes(shape.length)) return;
  throw new NnDataError(`expected rank ${listWithOr(allowed)}, got rank ${shape.length} (shape ${formatShape(shape)})`, {
    source,
  });
}

/** `[2, 3, 4]` → `'2, 3 or 4'`. */
function listWithOr(items: readonly number[]): string {
  if (items.length <= 1) return String(items[0] ?? 'none');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
