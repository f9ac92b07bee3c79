// The example data of the attention stories: token lists and the synthetic
// (or randomly initialised) attention for them. Every description that uses
// one of these says what it is; none is the attention of a trained model.
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { RANDOM_TRANSFORMER, randomTransformerAttention } from './random-transformer.js';
import { alignedAttention, syntheticAttention, type AttentionArray, type HeadPattern } from './synthetic-attention.js';

/** Short codes for the pattern table, as the Model view story's description prints them. */
const CODES: Record<string, HeadPattern> = {
  prev: 'previous',
  next: 'next',
  self: 'self',
  loc: 'local',
  brd: 'broad',
  cls: 'cls',
  sep: 'sep',
  pun: 'punctuation',
  same: 'same-word',
};

/**
 * The pattern of each head of the synthetic BERT-base-shaped model, `[layer][head]`,
 * laid out loosely as Clark et al. (2019) describe trained BERT: broad and
 * local heads low down, previous/next-token and same-word heads in the lower
 * middle, most heads of layers 6–10 resting on [SEP], broad heads at the top.
 */
const BERT_TABLE = [
  'brd brd brd loc self next prev brd loc cls brd pun',
  'brd loc prev next self brd loc cls brd same brd pun',
  'prev next prev loc same brd self next cls pun loc brd',
  'prev next loc same prev pun sep brd next self cls loc',
  'next prev same pun sep loc prev sep brd next same cls',
  'sep prev pun same next sep loc sep prev brd same pun',
  'sep sep pun same sep prev sep next sep loc sep brd',
  'sep sep sep pun same sep sep prev sep sep next sep',
  'sep pun sep sep same sep sep sep loc sep sep prev',
  'sep sep same sep pun sep sep sep sep next sep sep',
  'sep brd sep sep sep pun sep brd same sep sep cls',
  'brd cls brd brd same brd cls brd loc brd pun brd',
];

export const BERT_PATTERNS: HeadPattern[][] = BERT_TABLE.map((row) => row.split(' ').map((code) => CODES[code]));

/** The pattern table as Markdown, for the descriptions (so they always match the data). */
export function patternTableMarkdown(): string {
  const heads = BERT_TABLE[0].split(' ').length;
  const header = `| layer | ${Array.from({ length: heads }, (_, h) => `H${h}`).join(' | ')} |`;
  const rule = `|---|${'---|'.repeat(heads)}`;
  const rows = BERT_TABLE.map((row, layer) => `| L${layer} | ${row.split(' ').join(' | ')} |`);
  const legend = Object.entries(CODES)
    .map(([code, pattern]) => `\`${code}\` ${pattern}`)
    .join(', ');
  return `${header}\n${rule}\n${rows.join('\n')}\n\nCodes: ${legend}.`;
}

/** A BERT-style input with repeated words and punctuation, so every pattern has something to find. */
export const SENTENCE = ['[CLS]', 'the', 'girl', 'saw', 'the', 'dog', ',', 'and', 'the', 'dog', 'saw', 'her', '.', '[SEP]'];

let bertLike: AttentionArray | undefined;

/** Synthetic attention `[12, 12, 14, 14]` for {@link SENTENCE} with {@link BERT_PATTERNS} (seed 12). */
export function bertLikeAttention(): AttentionArray {
  bertLike ??= syntheticAttention({ tokens: SENTENCE, patterns: BERT_PATTERNS, seed: 12 });
  return bertLike;
}

/** The Small story's toy sentence. */
export const SMALL_TOKENS = ['The', 'cat', 'sat', 'on', 'the', 'mat', '.'];

/** One synthetic previous-token head over {@link SMALL_TOKENS}, as nested arrays `[q][k]` (seed 1). */
export function smallAttention(): number[][] {
  const n = SMALL_TOKENS.length;
  const { data } = syntheticAttention({ tokens: SMALL_TOKENS, patterns: [['previous']], seed: 1, sink: 0 });
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * n, (i + 1) * n)));
}

/** A GPT-style input: a sentence said twice, so an induction head has something to copy. */
export const GPT_TOKENS = ['The', 'cat', 'sat', 'on', 'the', 'mat', '.', 'The', 'cat', 'sat', 'on', 'the', 'mat', '.'];

/** The causal example's heads: `[layer][head]`. */
export const GPT_PATTERNS: HeadPattern[][] = [
  ['previous', 'first', 'self', 'broad'],
  ['induction', 'first', 'previous', 'punctuation'],
];

/** Synthetic causal attention `[2, 4, 14, 14]` for {@link GPT_TOKENS}: upper triangle exactly 0 (seed 5). */
export function causalAttention(): AttentionArray {
  return syntheticAttention({ tokens: GPT_TOKENS, patterns: GPT_PATTERNS, seed: 5, causal: true });
}

/** A BERT batch row padded to 10 tokens. */
export const PADDED_TOKENS = ['[CLS]', 'the', 'dog', 'barked', '.', '[SEP]', '[PAD]', '[PAD]', '[PAD]', '[PAD]'];
export const PAD_POSITIONS = [6, 7, 8, 9];
export const PADDED_PATTERNS: HeadPattern[][] = [['previous', 'next', 'sep', 'broad']];

/** Synthetic `[1, 4, 10, 10]`: [PAD] keys get exactly 0, as BERT's attention mask makes them; [PAD] rows are computed anyway (seed 9). */
export function paddedAttention(): AttentionArray {
  return syntheticAttention({ tokens: PADDED_TOKENS, patterns: PADDED_PATTERNS, seed: 9, maskedKeys: PAD_POSITIONS });
}

/** Source (encoder, keys) and target (decoder, queries) of the cross-attention example. */
export const FRENCH = ['Le', 'chat', 'noir', 'dort', 'sur', 'le', 'canapé', '.', '</s>'];
export const ENGLISH = ['The', 'black', 'cat', 'is', 'sleeping', 'on', 'the', 'sofa', '.', '</s>'];
/** For each English word, the French words it translates: note noir/chat swapped, and "dort" giving "is sleeping". */
export const ALIGNMENT = [[0], [2], [1], [3], [3], [4], [5], [6], [7], [8]];

/** Synthetic cross-attention `[4, 10, 9]` from {@link ALIGNMENT}: heads aligned, after-aligned, broad, last (seed 3). */
export function translationAttention(): AttentionArray {
  return alignedAttention(ENGLISH, FRENCH, ALIGNMENT, ['aligned', 'after-aligned', 'broad', 'last'], 3);
}

/** The Transformer blog's two sentences: "it" is the animal when tired, the street when wide. */
export const COREFERENCE = {
  tired: { tokens: ['The', 'animal', 'didn', "'", 't', 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.'], referent: 1 },
  wide: { tokens: ['The', 'animal', 'didn', "'", 't', 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'wide', '.'], referent: 7 },
};
/** Where "it" is in both sentences. */
export const PRONOUN = 9;

/** One synthetic head: "it" attends to `referent`, every other token to the token before it (seed 4). */
export function coreferenceAttention(tokens: readonly string[], referent: number): AttentionArray {
  const alignment = tokens.map((_, i) => (i === PRONOUN ? [referent] : [Math.max(0, i - 1)]));
  return alignedAttention(tokens, tokens, alignment, ['aligned'], 4);
}

/** Tokens that would be markup if a view parsed them. */
export const UNTRUSTED_TOKENS = [
  '[CLS]',
  '<img src=x onerror=alert(1)>',
  '<b>bold?</b>',
  '&amp;',
  'naïve',
  '😀',
  'مرحبا',
  'a-very-long-token-that-keeps-going-and-going',
  '[SEP]',
];

/** Synthetic `[1, 2, 9, 9]` over {@link UNTRUSTED_TOKENS}: a previous-token and a broad head (seed 8). */
export function untrustedAttention(): AttentionArray {
  return syntheticAttention({ tokens: UNTRUSTED_TOKENS, patterns: [['previous', 'broad']], seed: 8 });
}

/** The Huge story's text: original prose, lower-cased and split as bert-base-uncased would roughly split it. */
const PROSE = `attention lets every token in a sentence look at every other token . each head learns where to look :
some heads follow the previous word , some the next one , and many rest on the separator when they have nothing to do .
a model the size of bert base has twelve layers of twelve heads , and each head weighs every pair of its five hundred
and twelve tokens . that is more than a quarter of a million weights per head and about thirty seven million for the
whole model , far too many to read one by one , so we look at them as pictures . in the picture of one head , a row is
a query token and a column is a key token ; the colour of a cell is how much the query draws from the key . a bright
line just below the diagonal is a head that reads the previous token . a bright column is a head that gathers at one
place , often the [SEP] token or a full stop . token ##ization splits rare words into pieces , so a long word may
show up as two or three rows . zoom into any corner of the matrix to read the tokens themselves .`;

/** 512 tokens: [CLS], the prose repeated as often as needed, [SEP]. */
export function hugeTokens(n = 512): string[] {
  const words = PROSE.split(/\s+/).filter(Boolean);
  return ['[CLS]', ...Array.from({ length: n - 2 }, (_, i) => words[i % words.length]), '[SEP]'];
}

let huge: Promise<AttentionArray> | undefined;

/**
 * Synthetic BERT-base-size attention `[12, 12, 512, 512]` (37.7 M float32,
 * 144 MiB) with {@link BERT_PATTERNS} (seed 512), made once per page. Waits
 * one frame first so that the "preparing" message is on screen while the
 * generator runs (about 250 ms).
 */
export function hugeAttention(): Promise<AttentionArray> {
  huge ??= new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve))).then(() =>
    syntheticAttention({ tokens: hugeTokens(), patterns: BERT_PATTERNS, seed: 512 }),
  );
  return huge;
}

/** The Rollout story's input. */
export const ROLLOUT_TOKENS = [
  '[CLS]',
  'the',
  'quick',
  'brown',
  'fox',
  'jumps',
  'over',
  'the',
  'lazy',
  'dog',
  'because',
  'it',
  'was',
  'hungry',
  '.',
  '[SEP]',
];

let rollout: Promise<Tensor4D[]> | undefined;

/**
 * The attention of a randomly initialised 6-layer, 8-head transformer on
 * {@link ROLLOUT_TOKENS}, one `[1, 8, 16, 16]` tensor per layer (Hugging
 * Face's `outputs.attentions` form). Computed once per page and kept: the
 * elements clone what they are given.
 */
export function rolloutAttention(): Promise<Tensor4D[]> {
  rollout ??= randomTransformerAttention(ROLLOUT_TOKENS, RANDOM_TRANSFORMER);
  return rollout;
}
