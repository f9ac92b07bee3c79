import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import { embeddingScore } from '../../src/compute/saliency/embedding-score.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { tensorBaseline } from '../helpers/leaks.js';

// A text model small enough to compute by hand: ids [3] -> Embedding (5 words x 2 features)
// -> Flatten [6] -> Dense (2 classes). logits = flatten(E[ids]) W + b.
const EMBEDDING = [
  [0.5, -1],
  [1, 0.25],
  [-0.75, 0.5],
  [0.2, 0.4],
  [-1, -0.5],
];
const KERNEL = [
  [0.3, -0.2],
  [0.1, 0.4],
  [-0.5, 0.25],
  [0.7, -0.1],
  [0.05, 0.6],
  [-0.3, -0.45],
];
const BIAS = [0.1, -0.2];
const IDS = [3, 0, 2];

/** The reference: logit `target` of embeddings `x` [3][2], in float64. */
function referenceLogit(x: number[][], target: number): number {
  return x.flat().reduce((sum, value, i) => sum + value * KERNEL[i][target], BIAS[target]);
}

function textModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.embedding({ name: 'embedding', inputDim: EMBEDDING.length, outputDim: 2, inputLength: IDS.length, inputShape: [IDS.length] }),
      tfl.layers.flatten(),
      tfl.layers.dense({ name: 'logits', units: 2 }),
    ],
  });
  tf.tidy(() => {
    model.getLayer('embedding').setWeights([tf.tensor2d(EMBEDDING)]);
    model.getLayer('logits').setWeights([tf.tensor2d(KERNEL), tf.tensor1d(BIAS)]);
  });
  return model;
}

describe('embeddingScore', () => {
  forEachBackend(() => {
    it("embeddingScore(model, ids, target) gives the ids' embedding rows, and f of them is the model's logit", async () => {
      const model = textModel();
      const baseline = tensorBaseline();
      const { embeddings, f, dispose } = embeddingScore(model, IDS, 1);
      const rows = IDS.map((id) => EMBEDDING[id]);
      expect(embeddings.shape).to.deep.equal([3, 2]);
      expectClose(await embeddings.data(), rows.flat(), 1e-6, 'embeddings');
      const batch = tf.expandDims(embeddings, 0);
      const score = f(batch);
      expectClose(await score.data(), [referenceLogit(rows, 1)], 1e-5, 'f(embeddings)');
      tf.dispose([batch, score]);
      dispose();
      baseline.check('embeddingScore');
      model.dispose();
    });

    it("f feeds each example of the batch past the Embedding layer, instead of the ids' embeddings", async () => {
      const model = textModel();
      const { embeddings, f, dispose } = embeddingScore(model, IDS, 0);
      const changed = [
        [1, 2],
        [-0.5, 0],
        [0.25, -1],
      ];
      const batch = tf.tidy(() => tf.stack([embeddings, tf.tensor2d(changed)]));
      const scores = f(batch);
      const rows = IDS.map((id) => EMBEDDING[id]);
      expectClose(await scores.data(), [referenceLogit(rows, 0), referenceLogit(changed, 0)], 1e-5, 'f([embeddings, changed])');
      tf.dispose([batch, scores]);
      dispose();
      model.dispose();
    });
  });
});
