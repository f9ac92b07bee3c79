import { formatShape } from '../../data/shape.js';

/** The labels of the two axes; token strings are untrusted text. */
export interface AxisLabels {
  query: readonly string[];
  key: readonly string[];
}

function checkList(name: string, value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    throw new Error(`${name} must be a JSON array of strings, like ["The", "cat"]; got ${JSON.stringify(value.slice(0, 60))}.`);
  }
  if (!Array.isArray(value)) throw new Error(`${name} must be an array of strings, got ${typeof value}.`);
  return value.map((token) => String(token));
}

/**
 * The labels for a `q x k` matrix from `tokens` (self-attention) or
 * `queryTokens` / `keyTokens` (cross-attention), checked against the
 * matrix; positions label axes that have no tokens.
 */
export function axisLabels(
  q: number,
  k: number,
  tokens: unknown,
  queryTokens: unknown,
  keyTokens: unknown,
  shape: readonly number[],
): AxisLabels {
  const shared = checkList('tokens', tokens);
  const query = checkList('queryTokens', queryTokens) ?? shared;
  const key = checkList('keyTokens', keyTokens) ?? shared;
  const where = `(attention shape ${formatShape(shape)})`;
  if (query && query.length !== q) {
    const name = queryTokens !== undefined ? 'queryTokens has' : 'tokens has';
    throw new Error(`${name} ${query.length} tokens but the attention has ${q} query positions ${where}.`);
  }
  if (key && key.length !== k) {
    const name = keyTokens !== undefined ? 'keyTokens has' : 'tokens has';
    throw new Error(`${name} ${key.length} tokens but the attention has ${k} key positions ${where}.`);
  }
  return {
    query: query ?? Array.from({ length: q }, (_, i) => String(i)),
    key: key ?? Array.from({ length: k }, (_, i) => String(i)),
  };
}
