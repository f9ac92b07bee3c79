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
 * around the disc (positive) with a negative blob top right. Made on the CPU
 * in one pass (no model, no GPU work before the element's own), to show
 * drawing at size.
 */
export function hugeImageAndMap(size: number): { image: ImageData; map: { data: Float32Array; shape: [number, number] } } {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const map = new Float32Array(size * size);
  for (let row = 0; row < size; row++) {
    const y = row / (size - 1);
    for (let col = 0; col < size; col++) {
      const x = col / (size - 1);
      const r = Math.hypot(x - 0.45, y - 0.5);
      const disc = 1 / (1 + Math.exp(-(0.18 - r) * 60));
      const i = row * size + col;
      pixels[i * 4] = 255 * Math.min(1, x * 0.6 + disc * 0.4);
      pixels[i * 4 + 1] = 255 * Math.min(1, y * 0.5 + disc * 0.45);
      pixels[i * 4 + 2] = 255 * Math.min(1, (1 - x) * 0.5 + disc * 0.2);
      pixels[i * 4 + 3] = 255;
      map[i] = Math.exp(-(((r - 0.18) / 0.02) ** 2)) - 0.7 * Math.exp(-((x - 0.8) ** 2 + (y - 0.25) ** 2) / 0.004);
    }
  }
  return { image: new ImageData(pixels, size, size), map: { data: map, shape: [size, size] } };
}
