import { formatShape } from '../../data/shape.js';
import { stringList } from '../base/validate.js';

/** The labels of the two axes; token strings are untrusted text. */
export interface AxisLabels {
  query: readonly string[];
  key: readonly string[];
  /** Cross-attention: the axes are different sequences (their own tokens, or different lengths). */
  cross: boolean;
}

/** "0", "1", ... "n - 1", shared by every axis of that length (frozen). */
const positionLabels = new Map<number, readonly string[]>();

function positions(n: number): readonly string[] {
  let labels = positionLabels.get(n);
  if (!labels) {
    labels = Object.freeze(Array.from({ length: n }, (_, i) => String(i)));
    // Keep the lengths of a few recent models, not every length ever seen.
    if (positionLabels.size >= 16) positionLabels.delete(positionLabels.keys().next().value!);
    positionLabels.set(n, labels);
  }
  return labels;
}

/**
 * The labels for a `q x k` matrix from `tokens` (self-attention) or
 * `queryTokens` / `keyTokens` (cross-attention), checked against the
 * matrix; positions label axes that have no tokens.
 */
export function axisLabels(q: number, k: number, tokens: unknown, queryTokens: unknown, keyTokens: unknown, shape: readonly number[]): AxisLabels {
  const shared = stringList('tokens', tokens);
  const query = stringList('queryTokens', queryTokens) ?? shared;
  const key = stringList('keyTokens', keyTokens) ?? shared;
  const where = `(attention shape ${formatShape(shape)})`;
  if (query && query.length !== q) {
    const name = queryTokens !== undefined ? 'queryTokens has' : 'tokens has';
    throw new Error(`${name} ${query.length} tokens but the attention has ${q} query positions ${where}.`);
  }
  if (key && key.length !== k) {
    const name = keyTokens !== undefined ? 'keyTokens has' : 'tokens has';
    throw new Error(`${name} ${key.length} tokens but the attention has ${k} key positions ${where}.`);
  }
  const own = (list: readonly string[] | undefined) => list !== undefined && list !== shared;
  const differ = q !== k || ((own(query) || own(key)) && (query ?? []).some((token, i) => token !== (key ?? [])[i]));
  return {
    query: query ?? positions(q),
    key: key ?? positions(k),
    cross: differ,
  };
}
