// The real data of the saliency stories: the MNIST CNN trained by
// scripts/train_mnist.mjs (models/mnist-cnn, served at /models/), its ten
// held-out digits (test/fixtures/attribution/mnist-digits.json, served at
// /fixtures/), and the review-sentiment model of
// scripts/train_text_attribution.mjs with its vocabulary and sentences.
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { ensureBackend } from '../../src/backend/use-backend.js';

export const MNIST_MODEL_URL = '/models/mnist-cnn/model.json';
export const SENTIMENT_MODEL_URL = '/models/review-sentiment/model.json';

interface Digits {
  labels: number[];
  source: string[];
  shape: [number, number, number, number];
  data: number[];
}

let digits: Promise<Digits> | undefined;
let mnist: Promise<tfl.LayersModel> | undefined;
let sentiment: Promise<tfl.LayersModel> | undefined;

/** The held-out digit of class `label` as a [28, 28, 1] tensor in [0, 1] (the story keeps it for the page's life). */
export async function digit(label: number): Promise<Tensor3D> {
  digits ??= fetch('/fixtures/attribution/mnist-digits.json').then((response) => response.json() as Promise<Digits>);
  const { data } = await digits;
  await ensureBackend(); // tensors made before a backend is chosen would land on an uninitialised one
  const size = 28 * 28;
  return tf.tensor3d(data.slice(label * size, (label + 1) * size), [28, 28, 1]);
}

/** Where the digit came from in the `mnist` package, e.g. "mnist/src/digits/3.json#850". */
export async function digitSource(label: number): Promise<string> {
  digits ??= fetch('/fixtures/attribution/mnist-digits.json').then((response) => response.json() as Promise<Digits>);
  return (await digits).source[label];
}

/** The MNIST CNN (conv 8 → pool → conv 16 → pool → dense 10 logits; 96.4% on held-out digits), loaded once per page. */
export function mnistModel(): Promise<tfl.LayersModel> {
  mnist ??= ensureBackend().then(() => tfl.loadLayersModel(MNIST_MODEL_URL));
  return mnist;
}

/** The review-sentiment model (embedding 16 → mean over tokens → dense 16 → 2 logits), loaded once per page. */
export function sentimentModel(): Promise<tfl.LayersModel> {
  sentiment ??= ensureBackend().then(() => tfl.loadLayersModel(SENTIMENT_MODEL_URL));
  return sentiment;
}

interface Vocabulary {
  vocabulary: string[];
}
let vocabulary: Promise<Map<string, number>> | undefined;

/** Word ids of `words` in the sentiment model's vocabulary (0, "<unk>", for unknown words). */
export async function encode(words: readonly string[]): Promise<number[]> {
  vocabulary ??= fetch('/models/review-sentiment/vocab.json')
    .then((response) => response.json() as Promise<Vocabulary>)
    .then(({ vocabulary: list }) => new Map(list.map((word, i) => [word, i])));
  const ids = await vocabulary;
  return words.map((word) => ids.get(word) ?? 0);
}

/**
 * A large synthetic photograph-like image and a map of the same size: smooth
 * colour gradients with a bright disc, and a signed map that is a ring
 * around the disc (positive) with a negative blob. Made on the GPU, not from
 * a model: it exists to show drawing at size.
 */
export async function hugeImageAndMap(size: number): Promise<{ image: Tensor3D; map: tf.Tensor2D }> {
  await ensureBackend();
  return tf.tidy(() => {
    const axis = tf.linspace(0, 1, size);
    const x = tf.reshape(axis, [1, size]);
    const y = tf.reshape(axis, [size, 1]);
    const r = tf.sqrt(tf.add(tf.square(tf.sub(x, 0.45)), tf.square(tf.sub(y, 0.5))));
    const disc = tf.sigmoid(tf.mul(tf.sub(0.18, r), 60));
    const red = tf.add(tf.mul(x, 0.6), tf.mul(disc, 0.4));
    const green = tf.add(tf.mul(y, 0.5), tf.mul(disc, 0.45));
    const blue = tf.add(tf.mul(tf.sub(1, x), 0.5), tf.mul(disc, 0.2));
    const image = tf.clipByValue(tf.stack([red, green, blue], 2), 0, 1) as Tensor3D;
    const ring = tf.exp(tf.neg(tf.square(tf.div(tf.sub(r, 0.18), 0.02))));
    const blob = tf.exp(tf.neg(tf.div(tf.add(tf.square(tf.sub(x, 0.8)), tf.square(tf.sub(y, 0.25))), 0.004)));
    const map = tf.sub(ring, tf.mul(blob, 0.7)) as tf.Tensor2D;
    return { image, map };
  });
}
