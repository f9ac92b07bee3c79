import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../src/tf.js';
import { scoreFor } from '../../../src/compute/attribution/score-for.js';
import { vanillaGradient } from '../../../src/compute/attribution/vanilla-gradient.js';
import { occlusion } from '../../../src/compute/attribution/occlusion.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak } from '../../helpers/leaks.js';
import { expectClose, expectRejection, take } from './support.js';

const W = [
  [1, -1, 2],
  [0.5, 3, -2],
]; // [features 2, classes 3]

/** A LayersModel computing batch · W (dense, no bias). */
function denseModel(): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, useBias: false, name: 'logits' })] });
  model.getLayer('logits').setWeights([tf.tensor2d(W)]);
  return model;
}

describe('scoreFor', () => {
  forEachBackend(() => {
    it('scoreFor(layersModel, 2) scores batch · W[:, 2], and its gradient is W[:, 2]', async () => {
      const model = denseModel();
      const batch = tf.tensor2d([
        [1, 2],
        [3, -1],
      ]);
      const scores = tf.tidy(() => scoreFor(model, 2)(batch));
      expect(scores.shape).to.deep.equal([2]);
      expectClose(await take(scores), [1 * 2 + 2 * -2, 3 * 2 + -1 * -2]);
      const x = tf.tensor1d([1, 2]);
      expectClose(await take((await vanillaGradient(scoreFor(model, 2), x)).attribution), [2, -2]);
      await expectNoLeak(async () => (await vanillaGradient(scoreFor(model, 1), x)).attribution.dispose());
      tf.dispose([batch, x]);
      model.dispose();
    });

    it('scoreFor(graphModelLike, i) uses predict, else execute; scoreFor(fn, i) calls fn', async () => {
      const weights = tf.tensor2d(W);
      const logits = (batch: tf.Tensor) => tf.matMul(batch as tf.Tensor2D, weights);
      const batch = tf.tensor2d([[1, 2]]);
      for (const model of [{ predict: logits }, { execute: logits }, logits]) {
        expectClose(await take(tf.tidy(() => scoreFor(model, 1)(batch))), [-1 + 6]);
      }
      tf.dispose([weights, batch]);
    });

    it('scoreFor names the shape when the output is not rank 2, and the index when it is out of range', async () => {
      const model = denseModel();
      expect(() => scoreFor(model, 3)).to.throw(/classIndex 3 is out of range; the model outputs 3 classes \(0 to 2\)/);
      expect(() => scoreFor(model, -1)).to.throw(/classIndex must be a whole number of 0 or more, got -1/);
      const batch = tf.zeros([2, 2]);
      const rank3 = (b: tf.Tensor) => tf.reshape(tf.tile(b, [1, 2]), [2, 2, 2]);
      expect(() => tf.tidy(() => scoreFor(rank3, 0)(batch))).to.throw(
        /must output logits \[batch, classes\] \(rank 2\), got rank 3 \(shape \[2,2,2\]\)/,
      );
      expect(() => tf.tidy(() => scoreFor({ predict: (b: tf.Tensor) => b }, 5)(batch))).to.throw(
        /classIndex 5 is out of range; the model outputs 2 classes/,
      );
      expect(() => tf.tidy(() => scoreFor({ predict: (b: tf.Tensor) => [b, b] }, 0)(batch))).to.throw(
        /model.predict returned 2 tensors, not one logits tensor/,
      );
      expect(() => scoreFor({} as never, 0)).to.throw(/must be a tf.LayersModel, an object with predict\(\) or execute\(\)/);
      batch.dispose();
      model.dispose();
    });

    it('a GraphModel-like object whose execution is not recorded gives a clear gradient error; occlusion still works', async () => {
      // As a converted model that runs outside the gradient tape: its logits
      // are a tensor made afresh, unconnected to the batch.
      const opaque = { predict: (batch: tf.Tensor) => tf.zeros([batch.shape[0], 3]) };
      const x = tf.tensor1d([1, 2]);
      await expectRejection(vanillaGradient(scoreFor(opaque, 0), x), /not differentiable with respect to its input.*gradient is null/);
      const { attribution } = await occlusion(scoreFor(opaque, 0), x, { window: 1 });
      expect(Array.from(await take(attribution))).to.deep.equal([0, 0]);
      x.dispose();
    });
  });
});
