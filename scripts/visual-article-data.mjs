// Writes the small files the visual suite's article page
// (test/visual/article.html) feeds the README's snippets, from data already
// in the repository. Run it again only if those sources change:
//
//   node scripts/visual-article-data.mjs
//
// - digit-3.png: the held-out MNIST "3" of test/fixtures/attribution/mnist-digits.json, 28 x 28 grey.
// - conv2.npy: models/mnist-cnn's conv2 activations on that digit, [11, 11, 16] float32 (tfjs cpu backend).
// - brackets.json: hidden states [5, 3] for the README tracer snippet's tokens ( ( a ) ):
//   unit 0 the nesting depth / 2, unit 1 "inside a word", unit 2 "an open bracket was just read".
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import layers from '@tensorflow/tfjs-layers';
import { encodePng } from './visual-png.mjs';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test', 'visual', 'article');
mkdirSync(out, { recursive: true });

const digits = JSON.parse(readFileSync(join(root, 'test/fixtures/attribution/mnist-digits.json'), 'utf8'));
const [, height, width] = digits.shape;
const index = digits.labels.indexOf(3);
const pixels = digits.data.slice(index * height * width, (index + 1) * height * width);
const rgba = new Uint8Array(width * height * 4);
pixels.forEach((value, i) => {
  const level = Math.round(value * 255);
  rgba.set([level, level, level, 255], i * 4);
});
writeFileSync(join(out, 'digit-3.png'), encodePng({ width, height, data: rgba }));

await tf.setBackend('cpu');
const manifest = JSON.parse(readFileSync(join(root, 'models/mnist-cnn/model.json'), 'utf8'));
const weightData = Buffer.concat(
  manifest.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(root, 'models/mnist-cnn', path)))),
);
const model = await layers.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: manifest.modelTopology,
    weightSpecs: manifest.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
  }),
);
const conv2 = layers.model({ inputs: model.inputs, outputs: model.getLayer('conv2').output });
const activations = tf.tidy(() => tf.squeeze(conv2.predict(tf.tensor4d(pixels, [1, height, width, 1])), [0]));
writeFileSync(join(out, 'conv2.npy'), npy(activations.shape, await activations.data()));

const states = [
  [0.5, 0.0, 0.9],
  [1.0, 0.0, 0.8],
  [1.0, 0.9, 0.1],
  [0.5, 0.0, 0.0],
  [0.0, 0.0, 0.0],
];
writeFileSync(join(out, 'brackets.json'), `${JSON.stringify(states)}\n`);
console.log(`article data: digit-3.png, conv2.npy ${JSON.stringify(activations.shape)}, brackets.json [5, 3] in ${out}`);

/** A version 1.0 .npy file of little-endian float32 values. */
function npy(shape, values) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // The magic, version and length take 10 bytes; the header ends in \n and pads to a multiple of 64.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head.set([1, 0], 6);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(new Float32Array(values).buffer)]);
}
