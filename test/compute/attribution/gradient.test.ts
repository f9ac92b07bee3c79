import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { vanillaGradient } from '../../../src/compute/attribution/vanilla-gradient.js';
import { gradientTimesInput } from '../../../src/compute/attribution/gradient-times-input.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../../helpers/leaks.js';
import { cnnInput, expectClose, expectRejection, HAND, handModel, onCpu, randomCnn, randomCnnPreActivations, take } from './support.js';

describe('vanillaGradient and gradientTimesInput', () => {
  forEachBackend((backend) => {
    it('vanillaGradient(w·relu(Ax + b), x) is the gradient derived by hand, [3, -5, -1]', async () => {
      const x = tf.tensor1d(HAND.x);
      const { attribution, score } = await vanillaGradient(handModel(), x);
      expect(attribution.shape).to.deep.equal([3]);
      expectClose(await take(attribution), HAND.gradient, 1e-5);
      expect(score).to.be.closeTo(HAND.score, 1e-5);
      expect(x.isDisposed).to.equal(false);
      x.dispose();
    });

    it('gradientTimesInput(w·relu(Ax + b), x) is x ⊙ gradient, [3, -2.5, -2]', async () => {
      const x = tf.tensor1d(HAND.x);
      const { attribution } = await gradientTimesInput(handModel(), x);
      expectClose(await take(attribution), HAND.gradientTimesInput, 1e-5);
      x.dispose();
    });

    it('vanillaGradient agrees with central finite differences on a seeded conv + relu + dense model', async () => {
      // The model is piecewise linear, so (f(x + h e_i) - f(x - h e_i)) / 2h is
      // the exact partial derivative as long as no pre-activation changes sign
      // when one input moves by h, i.e. none is within h·max|kernel| ≤ h of 0
      // (checked below: kernel weights are in [-1, 1)); what remains is float32 rounding of
      // f (|f| ≈ 1, ulp ≈ 1e-7) divided by 2h = 2e-2: ≈ 1e-5. Tolerance 2e-4.
      const f = randomCnn();
      const x = cnnInput();
      const h = 1e-2;
      const pre = randomCnnPreActivations(x);
      const margin = (await take(tf.min(tf.abs(pre))))[0];
      pre.dispose();
      expect(margin, 'closest pre-activation to a ReLU kink').to.be.greaterThan(h);
      const { attribution } = await vanillaGradient(f, x);
      const size = x.size;
      const differences = tf.tidy(() => {
        const steps = tf.mul(tf.reshape(tf.eye(size), [size, 6, 6, 1]), h);
        const scores = f(tf.concat([tf.add(x, steps), tf.sub(x, steps)])) as Tensor1D;
        const [plus, minus] = tf.split(scores, 2);
        return tf.div(tf.sub(plus, minus), 2 * h);
      });
      expectClose(await take(attribution), await take(differences), 2e-4, 'gradient vs finite difference');
      x.dispose();
    });

    it('vanillaGradient and gradientTimesInput equal the cpu results', async () => {
      const run = async () => {
        const x = cnnInput();
        const vanilla = await vanillaGradient(randomCnn(), x);
        const times = await gradientTimesInput(randomCnn(), x);
        x.dispose();
        return { vanilla: await take(vanilla.attribution), times: await take(times.attribution), score: vanilla.score };
      };
      const here = await run();
      const reference = await onCpu(backend, run);
      expectClose(here.vanilla, reference.vanilla, 1e-4, 'vanillaGradient');
      expectClose(here.times, reference.times, 1e-4, 'gradientTimesInput');
      expect(here.score).to.be.closeTo(reference.score, 1e-4);
    });

    it('leak nothing, and never dispose x', async () => {
      const x = cnnInput();
      const f = randomCnn();
      await expectNoLeak(async () => (await vanillaGradient(f, x)).attribution.dispose(), 'vanillaGradient');
      await expectNoLeak(async () => (await gradientTimesInput(f, x)).attribution.dispose(), 'gradientTimesInput');
      // An int32 input is cast for the computation and the cast freed.
      const ints = tf.tensor1d([1, 0, 2], 'int32');
      await expectNoLeak(async () => (await vanillaGradient(handModel(), ints)).attribution.dispose(), 'int32 x');
      expect(x.isDisposed || ints.isDisposed).to.equal(false);
      tf.dispose([x, ints]);
    });

    it('reject a score function that is not connected to its input, naming the cause, and leak nothing', async () => {
      const x = tf.tensor1d(HAND.x);
      // As a model whose execution is not recorded: the scores are a new tensor.
      const detached = (batch: tf.Tensor) => tf.ones([batch.shape[0]]) as Tensor1D;
      const baseline = tensorBaseline();
      await expectRejection(vanillaGradient(detached, x), /not differentiable with respect to its input.*gradient is null/);
      await expectRejection(gradientTimesInput(detached, x), /gradientTimesInput: f is not differentiable/);
      baseline.check('after the errors');
      x.dispose();
    });

    it('reject a step function (zero gradient, yet f changes near x)', async () => {
      const x = tf.tensor1d([0.3, 0.7, 0.2]);
      const step = (batch: tf.Tensor) => tf.tidy(() => tf.sum(tf.round(tf.mul(batch, 1000)), 1)) as Tensor1D;
      await expectRejection(vanillaGradient(step, x), /gradient is zero everywhere, yet the score changes/);
      // A flat function is not an error: its gradient really is zero.
      const flat = (batch: tf.Tensor) => tf.tidy(() => tf.mul(tf.sum(batch, 1), 0)) as Tensor1D;
      const { attribution } = await vanillaGradient(flat, x);
      expect(Array.from(await take(attribution))).to.deep.equal([0, 0, 0]);
      x.dispose();
    });

    it('reject scores of the wrong shape, naming it', async () => {
      const x = tf.tensor1d(HAND.x);
      const logits = (batch: tf.Tensor) => tf.tidy(() => tf.stack([tf.sum(batch, 1), tf.sum(batch, 1)], 1)) as unknown as Tensor1D;
      await expectRejection(vanillaGradient(logits, x), /one score per example, shape \[1\] for a batch of 1, got shape \[1,2\].*scoreFor/);
      x.dispose();
    });

    it("reject with the signal's reason when aborted, making nothing", async () => {
      const x = tf.tensor1d(HAND.x);
      const controller = new AbortController();
      controller.abort(new Error('user left'));
      const baseline = tensorBaseline();
      await expectRejection(vanillaGradient(handModel(), x, { signal: controller.signal }), /user left/);
      baseline.check();
      x.dispose();
    });
  });
});
