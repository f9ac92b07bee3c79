// The trained MNIST CNN (models/mnist-cnn, trained by scripts/train_mnist.mjs:
// conv1 8 → pool1 → conv2 16 → pool2 → logits 10, 96.4 % test accuracy) and
// one held-out digit per class (test/fixtures/attribution/mnist-digits.json),
// loaded once per page. Storybook serves models/ at /models/ and the test
// fixtures at /fixtures/.
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

interface Digits {
  labels: number[];
  shape: [number, number, number, number];
  data: number[];
}

let model: Promise<tfl.LayersModel> | undefined;
let digits: Promise<Digits> | undefined;

export function mnistModel(): Promise<tfl.LayersModel> {
  model ??= tfl.loadLayersModel('/models/mnist-cnn/model.json');
  return model;
}

/** Held-out digit `label` (0-9) as [28, 28, 1] in [0, 1]: a new tensor each call, kept by the story for the page's life. */
export async function mnistDigit(label: number): Promise<Tensor3D> {
  digits ??= fetch('/fixtures/attribution/mnist-digits.json').then((response) => response.json() as Promise<Digits>);
  const all = await digits;
  const index = all.labels.indexOf(label);
  const size = 28 * 28;
  return tf.tensor3d(all.data.slice(index * size, (index + 1) * size), [28, 28, 1]);
}
