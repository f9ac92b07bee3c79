// The reference that python/tests/test_mnist_cnn_example.py checks the numpy
// forward and backward pass of python/examples/mnist_cnn.py against: what
// TensorFlow.js itself computes for models/mnist-cnn on the ten held-out
// digits of test/fixtures/attribution/mnist-digits.json.
//
//   node python/tests/reference/mnist_cnn_tfjs.mjs
//
// writes python/tests/reference/mnist_cnn_tfjs.json: the logits of each digit
// (tfjs-layers' predict) and the gradient of each digit's own class logit
// with respect to its pixels (tf.grad through model.apply, as the saliency
// element's `gradient` method takes it), all float32, on tfjs's cpu backend
// (the pure-JS one, so the numbers do not depend on a GPU), with the sha256
// of weights.bin so that the test can tell a retrained model from a bug.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as prettier from 'prettier';

const root = new URL('../../..', import.meta.url).pathname;
const modelJson = JSON.parse(readFileSync(`${root}models/mnist-cnn/model.json`, 'utf8'));
const weights = readFileSync(`${root}models/mnist-cnn/weights.bin`);
const digits = JSON.parse(readFileSync(`${root}test/fixtures/attribution/mnist-digits.json`, 'utf8'));

await tf.setBackend('cpu');
const model = await tfl.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }),
);
const images = tf.tensor4d(digits.data, digits.shape);
const logits = model.predict(images);
const gradients = digits.labels.map((label, i) =>
  tf.tidy(() => {
    const x = tf.slice(images, [i, 0, 0, 0], [1, 28, 28, 1]);
    const score = (input) => tf.squeeze(tf.slice(model.apply(input), [0, label], [1, 1]));
    return tf.reshape(tf.grad(score)(x), [28, 28, 1]);
  }),
);

/** float32 values as the shortest decimal that reads back to the same float32. */
const exact = (values) => Array.from(values, (v) => Number(Math.fround(v).toPrecision(9)));
const reference = {
  description:
    "TensorFlow.js (cpu backend) on models/mnist-cnn for the ten digits of test/fixtures/attribution/mnist-digits.json: logits [10, 10], and gradients [10, 28, 28, 1] of each digit's own class logit (labels[i]) w.r.t. its pixels. Written by python/tests/reference/mnist_cnn_tfjs.mjs.",
  tfjs: tf.version_core,
  weightsSha256: createHash('sha256').update(weights).digest('hex'),
  labels: digits.labels,
  logits: exact(await logits.data()),
  gradients: exact(await tf.stack(gradients).data()),
};
// Formatted as the repository's Prettier config wants, so that `npm run format:check` passes on it.
const out = `${root}python/tests/reference/mnist_cnn_tfjs.json`;
writeFileSync(out, await prettier.format(JSON.stringify(reference), { ...(await prettier.resolveConfig(out)), filepath: out }));
console.log(`logits argmax: ${Array.from(await tf.argMax(logits, 1).data())}`);
