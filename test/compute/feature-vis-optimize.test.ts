import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import { featureObjective, visualizeChannels } from '../../src/compute/feature-vis/optimize.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { seededValues as seeded, take } from './attribution/support.js';

/** conv 3x3 (4 filters, tanh: smooth, so finite differences hold) on [8, 8, 1], then conv 3x3 (3 filters, relu). */
function smallCnn(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'tanh', name: 'conv1' }),
      tfl.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', name: 'conv2' }),
    ],
  });
  model.getLayer('conv1').setWeights([tf.tensor4d(seeded(1, 36, 0.8), [3, 3, 1, 4]), tf.tensor1d(seeded(2, 4, 0.1))]);
  model.getLayer('conv2').setWeights([tf.tensor4d(seeded(3, 108, 0.5), [3, 3, 4, 3]), tf.tensor1d([0.2, 0.2, 0.2])]);
  return model;
}

describe('feature visualisation (visualizeChannels)', () => {
  forEachBackend((backend) => {
    let model: tfl.LayersModel;
    before(() => {
      model = smallCnn();
    });
    after(() => model.dispose());

    it('the gradient of the Fourier-parameterised objective matches central finite differences', async () => {
      const { f, paramShape, dispose } = featureObjective(model, 'conv1', [0, 2]);
      const size = paramShape.reduce((a, b) => a * b);
      const point = seeded(7, size, 0.3);
      const params = tf.tensor(point, paramShape);
      const gradient = await take(tf.grad(f)(params));
      // f(p ± εe_i) in float32: ε = 1e-2 keeps rounding error (~1e-6 / ε) well under the 2e-3 tolerance.
      const eps = 1e-2;
      for (const i of [0, 5, 37, 64, 100, size - 1]) {
        const plus = point.slice();
        plus[i] += eps;
        const minus = point.slice();
        minus[i] -= eps;
        const fp = (await take(tf.tidy(() => f(tf.tensor(plus, paramShape)))))[0];
        const fm = (await take(tf.tidy(() => f(tf.tensor(minus, paramShape)))))[0];
        const numeric = (fp - fm) / (2 * eps);
        expect(gradient[i], `∂f/∂p[${i}]`).to.be.closeTo(numeric, 2e-3 + 0.02 * Math.abs(numeric));
      }
      expect(
        gradient.some((g) => Math.abs(g) > 1e-4),
        'gradient is not zero',
      ).to.equal(true);
      params.dispose();
      dispose();
    });

    it('raises each channel’s activation, in one batch, with progress and previews, reproducibly from a seed, without leaks', async () => {
      const steps = backend === 'cpu' ? 40 : backend === 'webgl' ? 16 : 8;
      const baseline = tensorBaseline();
      const progress: number[] = [];
      const previews: number[][] = [];
      const first = await visualizeChannels(model, 'conv2', [0, 1, 2], {
        steps,
        seed: 3,
        learningRate: 0.1,
        onProgress: ({ done }) => progress.push(done),
        onPreview: (images) => void previews.push(images.shape),
        previewEvery: 4,
      });
      expect(first.images.shape).to.deep.equal([3, 8, 8, 1]);
      for (let i = 0; i < 3; i++) {
        expect(first.activation[i], `channel ${i}: ${first.initialActivation[i]} -> ${first.activation[i]}`).to.be.greaterThan(
          first.initialActivation[i] + 0.05,
        );
      }
      expect(progress).to.deep.equal(Array.from({ length: steps }, (_, i) => i + 1));
      expect(previews.length).to.equal(steps / 4);
      expect(previews[0]).to.deep.equal([3, 8, 8, 1]);
      const pixels = await take(first.images);
      expect(Math.min(...pixels)).to.be.at.least(0);
      expect(Math.max(...pixels)).to.be.at.most(1);
      const again = await visualizeChannels(model, 'conv2', [0, 1, 2], { steps, seed: 3, learningRate: 0.1 });
      // Identical on cpu; GPU reductions may reorder float sums, so allow 1e-4.
      const repeated = await take(again.images);
      const tolerance = backend === 'cpu' ? 0 : 1e-4;
      expect(Math.max(...repeated.map((v, i) => Math.abs(v - pixels[i]))), 'same seed').to.be.at.most(tolerance);
      const other = await take((await visualizeChannels(model, 'conv2', [0, 1, 2], { steps, seed: 4, learningRate: 0.1 })).images);
      expect(Math.max(...other.map((v, i) => Math.abs(v - pixels[i]))), 'another seed').to.be.greaterThan(0.01);
      baseline.check('three runs');
    });

    it('a run aborted midway rejects with the reason and frees everything; bad channels and layers are named', async () => {
      const baseline = tensorBaseline();
      const controller = new AbortController();
      let reached = 0;
      const run = visualizeChannels(model, 'conv2', [0, 1], {
        steps: 50,
        signal: controller.signal,
        onProgress: ({ done }) => {
          reached = done;
          if (done === 5) controller.abort(new DOMException('input changed', 'AbortError'));
        },
      });
      let error: unknown;
      await run.catch((reason) => (error = reason));
      expect((error as DOMException).name).to.equal('AbortError');
      expect(reached).to.equal(5);
      baseline.check('aborted run');
      const rejects = async (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (reason: Error) => reason.message,
        );
      expect(await rejects(visualizeChannels(model, 'conv2', [3]))).to.equal('channel 3 is out of range: layer "conv2" has 3 channels (0 to 2).');
      expect(await rejects(visualizeChannels(model, 'conv9', [0]))).to.equal('layer "conv9" is not in the model. Its layers: "conv1", "conv2".');
      baseline.check('errors');
    });
  });

  describe('on the MNIST CNN (models/mnist-cnn)', () => {
    // One backend: 16 channels of 28 x 28 take ~0.2 s a step on webgl here, ~0.4 s on cpu, ~2 s on software webgpu.
    it('16 channels of conv2 optimised together end more active than they start (webgl)', async function () {
      this.timeout(60_000);
      const { useBackend } = await import('../../src/backend/use-backend.js');
      expect(await useBackend('webgl')).to.equal('webgl');
      const mnist = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
      const channels = Array.from({ length: 16 }, (_, i) => i);
      const { images, activation, initialActivation } = await visualizeChannels(mnist, 'conv2', channels, { steps: 24, seed: 1, learningRate: 0.1 });
      expect(images.shape).to.deep.equal([16, 28, 28, 1]);
      // Measured: 15 of 16 rise within 24 steps (channel 10 stays below its ReLU); the mean about doubles.
      const rose = channels.filter((i) => activation[i] > initialActivation[i] + 1e-3);
      const facts = `rose: ${rose}; start ${Array.from(initialActivation)}; end ${Array.from(activation)}`;
      expect(rose.length, facts).to.be.at.least(14);
      const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean(activation) - mean(initialActivation), facts).to.be.at.least(0.2);
      images.dispose();
      mnist.dispose();
    });
  });
});
