// Trains the small text classifier that <nn-saliency-overlay>'s text
// attribution tests and stories run on, and writes it to
// models/review-sentiment/ (tfjs layers format: model.json + weights.bin,
// plus vocab.json and the held-out sentences in sentences.json).
//
//   node scripts/train_text_attribution.mjs
//
// No sentiment corpus ships in an npm package we may use here, so the script
// writes its own: short movie-review sentences from a seeded grammar, each
// labelled by a hand-written lexicon (LEXICON below: "superb" +2, "dull" -1,
// ...). The label is positive when the lexicon sum is above zero. Because the
// truth is a lexicon, an attribution can be checked against it: the words the
// model credits must be the lexicon's words, with the lexicon's signs.
//
// Model: embedding 16 -> global average pooling -> dense 16 relu -> dense 2
// (logits). Every sentence of a batch has the same length (sentences vary
// from 3 to 24 tokens between batches), so there is no padding token and the
// model takes sentences of any length, [batch, tokens] of word ids.
// Training uses tfjs-layers on the pure-JS cpu backend, seeded like
// scripts/train_mnist.mjs, so a rerun writes the same weights.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32, fileSaveHandler } from './training.mjs';

const root = new URL('..', import.meta.url).pathname;
const modelDir = join(root, 'models/review-sentiment');

const SEED = 2013;
const EMBEDDING = 16;
const HIDDEN = 16;
const BATCHES = 1500;
const BATCH = 32;
const LEARNING_RATE = 0.01;

/** The truth the labels come from: a word's contribution to a review's sentiment. */
const LEXICON = {
  superb: 2,
  brilliant: 2,
  masterpiece: 2,
  wonderful: 2,
  great: 1.5,
  moving: 1,
  enjoyable: 1,
  fun: 1,
  beautiful: 1,
  charming: 1,
  clever: 1,
  loved: 2,
  enjoyed: 1,
  liked: 1,
  good: 1,
  solid: 0.5,
  decent: 0.5,
  awful: -2,
  terrible: -2,
  dreadful: -2,
  boring: -1.5,
  dull: -1,
  weak: -1,
  predictable: -1,
  bland: -1,
  clumsy: -1,
  tedious: -1,
  hated: -2,
  disliked: -1,
  bad: -1,
  mess: -1.5,
  waste: -2,
  forgettable: -0.5,
};
const NOUNS = [
  'movie',
  'film',
  'plot',
  'acting',
  'cast',
  'story',
  'ending',
  'music',
  'script',
  'pacing',
  'dialogue',
  'soundtrack',
  'director',
  'camera',
  'sequel',
];
const ADJECTIVES = [
  'superb',
  'brilliant',
  'wonderful',
  'great',
  'moving',
  'enjoyable',
  'fun',
  'beautiful',
  'charming',
  'clever',
  'good',
  'solid',
  'decent',
  'awful',
  'terrible',
  'dreadful',
  'boring',
  'dull',
  'weak',
  'predictable',
  'bland',
  'clumsy',
  'tedious',
  'bad',
  'forgettable',
];
const NEUTRAL_ADJECTIVES = ['long', 'short', 'loud', 'quiet', 'new', 'old', 'french', 'animated', 'slow', 'fast'];
const VERBS = ['loved', 'enjoyed', 'liked', 'hated', 'disliked', 'watched', 'saw', 'remember'];
const INTENSIFIERS = ['really', 'very', 'quite', 'rather', 'so'];
const NOUN_PHRASES = ['a masterpiece', 'a mess', 'a waste of time', 'a surprise', 'a classic'];

const random = mulberry32(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

function clause() {
  const kind = random();
  if (kind < 0.45) {
    const adjective = random() < 0.3 ? pick(NEUTRAL_ADJECTIVES) : pick(ADJECTIVES);
    return ['the', pick(NOUNS), pick(['was', 'is', 'felt', 'seemed']), ...(random() < 0.4 ? [pick(INTENSIFIERS)] : []), adjective];
  }
  if (kind < 0.75) return ['i', pick(VERBS), 'the', ...(random() < 0.3 ? [pick(NEUTRAL_ADJECTIVES)] : []), pick(NOUNS)];
  if (kind < 0.9) return ['it', 'was', ...pick(NOUN_PHRASES).split(' ')];
  return ['the', pick(NOUNS), 'had', pick(['no', 'some', 'many']), pick(['surprises', 'songs', 'scenes', 'jokes'])];
}

/** A sentence of exactly `length` tokens (clauses joined by and / but / then, cut or filled with neutral words). */
function sentence(length) {
  const words = clause();
  while (words.length < length) words.push(pick(['and', 'but', 'then', 'while', 'so']), ...clause());
  return words.slice(0, length);
}

const score = (words) => words.reduce((sum, word) => sum + (LEXICON[word] ?? 0), 0);

/** A batch of labelled sentences of one length; sentences whose lexicon sum is 0 are redrawn. */
function batchOf(count, length) {
  const sentences = [];
  while (sentences.length < count) {
    const words = sentence(length);
    if (score(words) !== 0) sentences.push(words);
  }
  return sentences;
}

const vocabulary = [
  '<unk>',
  ...new Set([
    ...Object.keys(LEXICON),
    ...NOUNS,
    ...ADJECTIVES,
    ...NEUTRAL_ADJECTIVES,
    ...VERBS,
    ...INTENSIFIERS,
    ...NOUN_PHRASES.flatMap((p) => p.split(' ')),
    'the',
    'was',
    'is',
    'felt',
    'seemed',
    'i',
    'it',
    'had',
    'no',
    'some',
    'many',
    'surprises',
    'songs',
    'scenes',
    'jokes',
    'and',
    'but',
    'then',
    'while',
    'so',
  ]),
];
const ids = new Map(vocabulary.map((word, i) => [word, i]));
const encode = (words) => words.map((word) => ids.get(word) ?? 0);

function tensors(sentences) {
  return {
    x: tf.tensor2d(sentences.map(encode), [sentences.length, sentences[0].length], 'float32'),
    y: tf.tensor1d(
      sentences.map((words) => (score(words) > 0 ? 1 : 0)),
      'int32',
    ),
  };
}

function buildModel() {
  return tfl.sequential({
    name: 'review_sentiment',
    layers: [
      tfl.layers.embedding({
        name: 'embedding',
        inputDim: vocabulary.length,
        outputDim: EMBEDDING,
        inputShape: [null],
        embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: SEED + 1 }),
      }),
      tfl.layers.globalAveragePooling1d({ name: 'mean_over_tokens' }),
      tfl.layers.dense({ name: 'hidden', units: HIDDEN, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: SEED + 2 }) }),
      tfl.layers.dense({ name: 'logits', units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED + 3 }) }),
    ],
  });
}

async function accuracy(model, sentences) {
  let correct = 0;
  for (const words of sentences) {
    const logits = model.predict(tf.tensor2d([encode(words)], [1, words.length], 'float32'));
    const predicted = (await tf.argMax(logits, 1).data())[0];
    if (predicted === (score(words) > 0 ? 1 : 0)) correct++;
  }
  return correct / sentences.length;
}

await tf.setBackend('cpu');
const started = performance.now();
const model = buildModel();
const optimizer = tf.train.adam(LEARNING_RATE);
console.log(`vocabulary ${vocabulary.length} words; ${model.countParams()} parameters`);
let lossSum = 0;
for (let step = 1; step <= BATCHES; step++) {
  const length = 3 + Math.floor(random() * 22);
  const { x, y } = tensors(batchOf(BATCH, length));
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 2), model.apply(x, { training: true })), true);
  lossSum += (await loss.data())[0];
  tf.dispose([x, y, loss]);
  if (step % 300 === 0) {
    console.log(`batch ${step}: loss ${(lossSum / 300).toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    lossSum = 0;
  }
}
const test = Array.from({ length: 400 }, (_, i) => batchOf(1, 4 + (i % 18))[0]);
const testAccuracy = await accuracy(model, test);
await model.save(fileSaveHandler(modelDir));
writeFileSync(
  join(modelDir, 'vocab.json'),
  `${JSON.stringify({ description: 'Word ids of models/review-sentiment (scripts/train_text_attribution.mjs); unknown words are 0 ("<unk>"). Classes: 0 negative, 1 positive.', classes: ['negative', 'positive'], vocabulary })}\n`,
);
const examples = [
  'the acting was superb but the plot was predictable and the ending felt rather dull',
  'i loved the soundtrack and the cast was charming',
  'it was a waste of time',
  'the movie was long but the music was wonderful and the dialogue was clever',
  'i hated the script then the sequel seemed so tedious',
].map((text) => text.split(' '));
writeFileSync(
  join(modelDir, 'sentences.json'),
  `${JSON.stringify({ description: 'Hand-written sentences in the training vocabulary (not drawn by the training sampler), with their lexicon scores.', lexicon: LEXICON, sentences: examples.map((words) => ({ tokens: words, ids: encode(words), lexiconScore: score(words), label: score(words) > 0 ? 1 : 0 })) })}\n`,
);
console.log(
  `test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${test.length} sentences; ${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${modelDir}`,
);
