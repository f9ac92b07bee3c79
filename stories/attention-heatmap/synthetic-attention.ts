// Synthetic attention for the stories: seeded, typed arrays only, no Lit and
// no tfjs. It is NOT the attention of any model. Each head is a softmax over
// keys of "pattern logits plus Gaussian noise", where the pattern is one that
// trained heads are known to show (Clark et al., 2019, "What Does BERT Look
// At?"; Olsson et al., 2022, "In-context Learning and Induction Heads"; Xiao et
// al., 2023, "Efficient Streaming Language Models with Attention Sinks").

/** A recognisable head pattern; {@link PATTERN_NOTES} says what each one does. */
export type HeadPattern = 'previous' | 'next' | 'self' | 'local' | 'broad' | 'cls' | 'sep' | 'punctuation' | 'same-word' | 'first' | 'induction';

/** What each pattern puts its weight on, in the words the story descriptions use. */
export const PATTERN_NOTES: Record<HeadPattern, string> = {
  previous: 'the previous token',
  next: 'the next token',
  self: 'the token itself',
  local: 'a window of about ±2 tokens',
  broad: 'every token about equally',
  cls: '[CLS]',
  sep: '[SEP] (the "no-op" Clark et al. describe)',
  punctuation: 'punctuation',
  'same-word': 'other occurrences of the same word',
  first: 'the first token (an attention sink)',
  induction: 'the token after an earlier occurrence of the current token (an induction head)',
};

/** What to generate. Shape of the result: `[patterns.length, patterns[0].length, tokens.length, tokens.length]`. */
export interface SyntheticSpec {
  /** The tokens; [CLS], [SEP], punctuation and repeated words are found in them. */
  tokens: readonly string[];
  /** `patterns[layer][head]`. */
  patterns: readonly (readonly HeadPattern[])[];
  seed: number;
  /** Decoder (GPT) attention: each token sees itself and earlier tokens only; the rest is exactly 0. */
  causal?: boolean;
  /** Keys that get exactly 0 weight, as BERT's attention mask gives [PAD] keys. Their rows are still computed. */
  maskedKeys?: readonly number[];
  /** Logit every head adds to a "sink": [SEP] tokens, or the first token when causal. Default 1.5 + {@link lengthLogit}. */
  sink?: number;
  /** Logit added to the keys of the head's pattern. Default 4 + {@link lengthLogit}. */
  strength?: number;
  /** Standard deviation of the Gaussian noise on every logit. Default 0.7. */
  noise?: number;
}

/** Attention as the element takes it: `{data, shape}` with `data` in C order. */
export interface AttentionArray {
  data: Float32Array;
  shape: number[];
}

/**
 * A seeded uniform generator on [0, 1) (mulberry32: 32 bits of state, good
 * enough for pictures, and the same numbers in every browser).
 *
 * @example
 * ```ts
 * const random = mulberry32(7);
 * random(); // 0.6...
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box–Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const PUNCTUATION = /^[.,;:!?'"()\-–—]+$/;

/**
 * Multiplies by exp(noise · z) come from a table of 4096 of them, indexed by
 * 12 random bits: one Math.exp per cell made BERT-base size (37.7 M cells)
 * take about three times as long.
 */
function noiseTable(random: () => number, sigma: number): Float32Array {
  const normal = gaussian(random);
  const table = new Float32Array(4096);
  for (let i = 0; i < table.length; i++) table[i] = Math.exp(sigma * normal());
  return table;
}

/** The factors of one head: exp(logit) per key, per key offset (j - i), and per (row, key) pair. */
interface HeadFactors {
  column: Float32Array;
  offset?: Float32Array;
  pairs?: (query: number) => readonly number[];
}

/**
 * ln(n / 16) for inputs longer than 16 tokens, else 0: added to the pattern
 * and sink logits so that a head puts about the same share of its weight on
 * its pattern at 512 tokens as at 16. With a fixed logit of 4, a
 * previous-token head's peak fell from about 0.7 at 14 tokens to 0.08 at 512,
 * drowned by 511 noise cells; trained heads stay sharp at that length.
 */
export function lengthLogit(n: number): number {
  return Math.log(Math.max(1, n / 16));
}

function strengthOf(spec: SyntheticSpec): number {
  return spec.strength ?? 4 + lengthLogit(spec.tokens.length);
}

function headFactors(pattern: HeadPattern, spec: SyntheticSpec, index: TokenIndex): HeadFactors {
  const n = spec.tokens.length;
  const strength = strengthOf(spec);
  const boost = Math.exp(strength);
  const column = new Float32Array(n).fill(1);
  const sink = Math.exp(spec.sink ?? 1.5 + lengthLogit(n));
  if (spec.causal) column[0] *= sink;
  else for (const j of index.sep) column[j] *= sink;
  const offsetOf = (weight: (d: number) => number) => {
    const offset = new Float32Array(2 * n - 1);
    for (let d = -(n - 1); d <= n - 1; d++) offset[d + n - 1] = weight(d);
    return offset;
  };
  switch (pattern) {
    case 'previous':
      return { column, offset: offsetOf((d) => (d === -1 ? boost : 1)) };
    case 'next':
      return { column, offset: offsetOf((d) => (d === 1 ? boost : 1)) };
    case 'self':
      return { column, offset: offsetOf((d) => (d === 0 ? boost : 1)) };
    case 'local':
      return { column, offset: offsetOf((d) => Math.exp(strength * 0.6 * Math.exp(-(d * d) / 4))) };
    case 'broad':
      return { column };
    case 'cls':
      for (const j of index.cls) column[j] *= boost;
      return { column };
    case 'sep':
      for (const j of index.sep) column[j] *= boost;
      return { column };
    case 'first':
      column[0] *= boost;
      return { column };
    case 'punctuation':
      for (const j of index.punctuation) column[j] *= boost;
      return { column };
    case 'same-word':
      return { column, pairs: (i) => index.sameWord[i] };
    case 'induction':
      return { column, pairs: (i) => index.induction[i] };
  }
}

/** Where the special tokens are, found once per token list. */
interface TokenIndex {
  cls: number[];
  sep: number[];
  punctuation: number[];
  /** Per query: the other positions of the same word (case-insensitive). */
  sameWord: number[][];
  /** Per query: the position after each earlier occurrence of the same token. */
  induction: number[][];
}

function indexTokens(tokens: readonly string[]): TokenIndex {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const key = token.toLowerCase();
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const all = (test: (token: string) => boolean) => tokens.flatMap((token, i) => (test(token) ? [i] : []));
  return {
    cls: all((token) => token === '[CLS]'),
    sep: all((token) => token === '[SEP]'),
    punctuation: all((token) => PUNCTUATION.test(token)),
    sameWord: tokens.map((token, i) =>
      PUNCTUATION.test(token) || token.startsWith('[') ? [] : positions.get(token.toLowerCase())!.filter((j) => j !== i),
    ),
    induction: tokens.map((token, i) =>
      positions
        .get(token.toLowerCase())!
        .filter((j) => j < i - 1)
        .map((j) => j + 1),
    ),
  };
}

/**
 * Synthetic attention `[layers, heads, n, n]`: row i of each head is
 * softmax(pattern logits + noise) over the keys it may see. Deterministic for
 * a seed. BERT-base size (12 x 12 x 512 x 512, 37.7 M float32) takes a few
 * hundred milliseconds: one multiply-add pass over a preallocated
 * Float32Array, no per-cell objects and no Math.exp per cell.
 *
 * @example
 * ```ts
 * const { data, shape } = syntheticAttention({ tokens: ['The', 'cat', 'sat'], patterns: [['previous', 'broad']], seed: 1 });
 * shape; // [1, 2, 3, 3]
 * ```
 */
export function syntheticAttention(spec: SyntheticSpec): AttentionArray {
  const n = spec.tokens.length;
  const layers = spec.patterns.length;
  const heads = spec.patterns[0]?.length ?? 0;
  const data = new Float32Array(layers * heads * n * n);
  const random = mulberry32(spec.seed);
  const noise = noiseTable(random, spec.noise ?? 0.7);
  const index = indexTokens(spec.tokens);
  const masked = new Uint8Array(n);
  for (const j of spec.maskedKeys ?? []) masked[j] = 1;
  const boost = Math.exp(strengthOf(spec));
  const row = new Float32Array(n);
  // xorshift32, inlined: a function call per cell is measurable at 37.7 M cells.
  let bits = (spec.seed * 2654435761) >>> 0 || 1;
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      const factors = headFactors(spec.patterns[layer][head], spec, index);
      const { column, offset, pairs } = factors;
      const base = (layer * heads + head) * n * n;
      for (let i = 0; i < n; i++) {
        const end = spec.causal ? i + 1 : n;
        const shift = n - 1 - i;
        let sum = 0;
        for (let j = 0; j < end; j++) {
          bits ^= bits << 13;
          bits ^= bits >>> 17;
          bits ^= bits << 5;
          let w = noise[bits & 4095] * column[j];
          if (offset) w *= offset[j + shift];
          if (masked[j]) w = 0;
          row[j] = w;
          sum += w;
        }
        if (pairs) {
          for (const j of pairs(i)) {
            if (j >= end || masked[j]) continue;
            sum += row[j] * (boost - 1);
            row[j] *= boost;
          }
        }
        const out = base + i * n;
        const scale = sum > 0 ? 1 / sum : 0;
        for (let j = 0; j < end; j++) data[out + j] = row[j] * scale;
        // Causal: the upper triangle stays exactly 0 (the Float32Array's initial value).
      }
    }
  }
  return { data, shape: [layers, heads, n, n] };
}

/** What one head of {@link alignedAttention} does. */
export type AlignedPattern = 'aligned' | 'after-aligned' | 'broad' | 'last';

/**
 * Synthetic attention `[heads, q, k]` from a hand-written alignment: for
 * each query token, the key positions it belongs with (the source words a
 * target word translates, the noun a pronoun refers to). `aligned` heads put
 * their weight there, `after-aligned` on the key after it, `last` on the last
 * key (`</s>`), `broad` on all. Each row is softmax(4 on the targets + N(0,
 * 0.6²) noise).
 *
 * @param alignment for each query token, its key positions.
 *
 * @example
 * ```ts
 * alignedAttention(['The', 'cat'], ['Le', 'chat'], [[0], [1]], ['aligned'], 1).shape; // [1, 2, 2]
 * ```
 */
export function alignedAttention(
  queryTokens: readonly string[],
  keyTokens: readonly string[],
  alignment: readonly (readonly number[])[],
  patterns: readonly AlignedPattern[],
  seed: number,
): AttentionArray {
  const q = queryTokens.length;
  const k = keyTokens.length;
  const normal = gaussian(mulberry32(seed));
  const data = new Float32Array(patterns.length * q * k);
  patterns.forEach((pattern, head) => {
    for (let i = 0; i < q; i++) {
      const targets =
        pattern === 'aligned'
          ? alignment[i]
          : pattern === 'after-aligned'
            ? alignment[i].map((j) => Math.min(k - 1, j + 1))
            : pattern === 'last'
              ? [k - 1]
              : [];
      const logits = Array.from({ length: k }, (_, j) => 0.6 * normal() + (targets.includes(j) ? 4 : 0));
      const max = Math.max(...logits);
      const weights = logits.map((logit) => Math.exp(logit - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, j) => (data[(head * q + i) * k + j] = w / sum));
    }
  });
  return { data, shape: [patterns.length, q, k] };
}
