import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../src/tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { scoreFor } from '../../../src/compute/attribution/score-for.js';
import { vanillaGradient } from '../../../src/compute/attribution/vanilla-gradient.js';
import { gradientTimesInput } from '../../../src/compute/attribution/gradient-times-input.js';
import { smoothGrad } from '../../../src/compute/attribution/smooth-grad.js';
import { integratedGradients } from '../../../src/compute/attribution/integrated-gradients.js';
import { gradCam } from '../../../src/compute/attribution/grad-cam.js';
import { occlusion } from '../../../src/compute/attribution/occlusion.js';
import { forEachBackend } from '../../helpers/backends.js';
import { tensorBaseline } from '../../helpers/leaks.js';
import { take } from './support.js';

/** test/fixtures/attribution/mnist-digits.json, written by scripts/train_mnist.mjs: one held-out digit per class. */
interface Digits {
  labels: number[];
  shape: [number, number, number, number];
  data: number[];
}

describe('attribution on the MNIST CNN (models/mnist-cnn, trained by scripts/train_mnist.mjs)', () => {
  let digits: Digits;
  before(async () => {
    digits = await (await fetch('/test/fixtures/attribution/mnist-digits.json')).json();
  });

  forEachBackend((backend) => {
    let model: tfl.LayersModel;
    let images: Tensor;
    before(async () => {
      model = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
      images = tf.tensor4d(digits.data, digits.shape);
    });
    after(() => {
      model.dispose();
      images.dispose();
    });

    it('tf.loadLayersModel("/models/mnist-cnn/model.json") classifies at least 9 of the 10 held-out digits', async () => {
      const predicted = Array.from(await take(tf.tidy(() => tf.argMax(model.predict(images) as Tensor, 1))));
      const correct = predicted.filter((label, i) => label === digits.labels[i]).length;
      expect(correct, `predicted ${predicted} for ${digits.labels}`).to.be.at.least(9);
    });

    // Integrated gradients' gap on this digit, as a fraction of f(x) - f(0) = 7.0, measured on cpu:
    // midpoint 0.74% at 16 steps, 0.43% at 32, 0.06% at 256 (trapezoid 0.03%, Gauss-Legendre 0.05% at 256).
    // 256 steps take 0.6 s on cpu but 2.6 s on webgl and 8-16 s on this machine's software
    // webgpu, so the GPU backends run 32. They also send every batched method batches of 4:
    // each new batch shape compiles new shader programs, which costs more than the compute here.
    const steps = backend === 'cpu' ? 256 : 32;
    const batchSize = backend === 'cpu' ? undefined : 4;

    it(`every method explains a real digit: right shapes, finite values, IG complete to 1% at ${steps} steps, Grad-CAM non-negative`, async () => {
      const label = 3;
      const digit = tf.tidy(() => tf.reshape(tf.slice(images, [label, 0, 0, 0], [1, 28, 28, 1]), [28, 28, 1]));
      const f = scoreFor(model, label);
      const baseline = tensorBaseline();
      const maps: Record<string, Float32Array> = {};
      maps.vanilla = await take((await vanillaGradient(f, digit)).attribution);
      maps.gradientTimesInput = await take((await gradientTimesInput(f, digit)).attribution);
      maps.smoothGrad = await take((await smoothGrad(f, digit, { samples: 4, seed: 1, squared: true, batchSize })).attribution);
      const ig = await integratedGradients(f, digit, { steps, batchSize });
      maps.integratedGradients = await take(ig.attribution);
      const cam = await gradCam(model, digit, { layer: 'conv2', target: label });
      expect(cam.attribution.shape).to.deep.equal([28, 28]);
      maps.gradCam = await take(cam.attribution);
      cam.layerMap.dispose();
      maps.occlusion = await take((await occlusion(f, digit, { window: 14, batchSize })).attribution);
      baseline.check('after all methods');

      for (const [name, values] of Object.entries(maps)) {
        expect(values.length, name).to.equal(28 * 28);
        expect(values.every(Number.isFinite), `${name} is finite`).to.equal(true);
        expect(
          values.some((v) => v !== 0),
          `${name} is not all zero`,
        ).to.equal(true);
      }
      expect(Math.min(...maps.smoothGrad), 'SmoothGrad-Squared').to.be.at.least(0);
      expect(Math.min(...maps.gradCam), 'Grad-CAM').to.be.at.least(0);
      const change = Math.abs(ig.score - ig.baselineScore);
      expect(Math.abs(ig.completenessGap) / change, `gap ${ig.completenessGap} of ${change}`).to.be.below(0.01);
      // Gradient × input is zero wherever the digit is (background pixels are 0).
      const pixels = await take(tf.reshape(digit, [-1]));
      expect(maps.gradientTimesInput.every((v, i) => pixels[i] !== 0 || v === 0)).to.equal(true);
      digit.dispose();
    });
  });
});
