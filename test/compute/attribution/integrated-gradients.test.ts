import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { integratedGradients } from '../../../src/compute/attribution/integrated-gradients.js';
import { gaussLegendre, integrationPoints, type IntegrationRule } from '../../../src/compute/attribution/quadrature.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../../helpers/leaks.js';
import { cnnInput, expectClose, expectRejection, onCpu, randomCnn, take } from './support.js';

const RULES: IntegrationRule[] = ['riemann-midpoint', 'riemann-trapezoid', 'gauss-legendre'];

describe('integratedGradients', () => {
  describe('integrationPoints', () => {
    it('integrationPoints("riemann-midpoint", 4) samples (k + 0.5) / 4 with weight 1/4', () => {
      const { alphas, weights } = integrationPoints('riemann-midpoint', 4);
      expect(Array.from(alphas)).to.deep.equal([0.125, 0.375, 0.625, 0.875]);
      expect(Array.from(weights)).to.deep.equal([0.25, 0.25, 0.25, 0.25]);
    });

    it('integrationPoints("riemann-trapezoid", 4) samples k / 4 with half weight at both ends', () => {
      const { alphas, weights } = integrationPoints('riemann-trapezoid', 4);
      expect(Array.from(alphas)).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
      expect(Array.from(weights)).to.deep.equal([0.125, 0.25, 0.25, 0.25, 0.125]);
    });

    it('gaussLegendre(2) is 0.5 ∓ 0.5/√3 with weights 1/2 (the closed form)', () => {
      const { alphas, weights } = gaussLegendre(2);
      expectClose(alphas, [0.5 - 0.5 / Math.sqrt(3), 0.5 + 0.5 / Math.sqrt(3)], 1e-15);
      expectClose(weights, [0.5, 0.5], 1e-15);
    });

    it('gaussLegendre(n) integrates t^(2n-1) on [0, 1] exactly (1 / 2n), for n up to 256', () => {
      for (const n of [1, 3, 8, 33, 256]) {
        const { alphas, weights } = gaussLegendre(n);
        const integral = alphas.reduce((sum, t, k) => sum + weights[k] * t ** (2 * n - 1), 0);
        expect(integral, `n = ${n}`).to.be.closeTo(1 / (2 * n), 1e-12);
        expect(
          weights.reduce((a, b) => a + b, 0),
          `n = ${n} weights`,
        ).to.be.closeTo(1, 1e-12);
        for (let k = 1; k < n; k++) expect(alphas[k]).to.be.greaterThan(alphas[k - 1]);
      }
    });

    it('rejects a step count that is not a whole number of at least 1', () => {
      expect(() => integrationPoints('gauss-legendre', 0)).to.throw(/at least 1, got 0/);
    });
  });

  forEachBackend((backend) => {
    it('integratedGradients of a linear f(x) = w·x + c is exactly (x - baseline) ⊙ w, for every rule', async () => {
      // ∂f/∂x = w everywhere, and every rule's weights sum to 1, so the
      // integral is w and the gap is 0 up to float32 rounding.
      const w = [0.5, -2, 3, 1.25];
      const f = (batch: tf.Tensor) => tf.tidy(() => tf.add(tf.reshape(tf.matMul(batch as tf.Tensor2D, tf.tensor2d(w, [4, 1])), [-1]), 7)) as Tensor1D;
      const x = tf.tensor1d([1, 2, -1, 0.5]);
      const baseline = tf.tensor1d([0.5, -1, 1, 0]);
      const expected = [0.25, -6, -6, 0.625];
      for (const rule of RULES) {
        const result = await integratedGradients(f, x, { baseline, steps: 5, rule });
        expectClose(await take(result.attribution), expected, 1e-5, rule);
        expect(Math.abs(result.completenessGap), rule).to.be.below(1e-4);
        expect(result.score).to.be.closeTo(1 * 0.5 - 4 - 3 + 0.625 + 7, 1e-5);
        expect(result.baselineScore).to.be.closeTo(0.25 + 2 + 3 + 7, 1e-5);
      }
      expect(baseline.isDisposed || x.isDisposed).to.equal(false);
      tf.dispose([x, baseline]);
    });

    it('integratedGradients at 256 steps closes the completeness gap to under 1% on a seeded CNN, for every rule', async () => {
      const x = cnnInput();
      for (const rule of RULES) {
        const { attribution, completenessGap, score, baselineScore } = await integratedGradients(randomCnn(), x, {
          steps: 256,
          rule,
          batchSize: 128,
        });
        attribution.dispose();
        const change = Math.abs(score - baselineScore);
        expect(change, 'f(x) - f(0) must not be tiny for the check to mean anything').to.be.greaterThan(0.1);
        expect(Math.abs(completenessGap) / change, rule).to.be.below(0.01);
      }
      x.dispose();
    });

    it("integratedGradients equals the cpu result (and a baseline number fills x's shape)", async () => {
      const run = async () => {
        const x = cnnInput();
        const { attribution, completenessGap } = await integratedGradients(randomCnn(), x, { steps: 16, baseline: 0.25, rule: 'gauss-legendre' });
        x.dispose();
        return { attribution: await take(attribution), completenessGap };
      };
      const here = await run();
      const reference = await onCpu(backend, run);
      expectClose(here.attribution, reference.attribution, 1e-4);
      expect(here.completenessGap).to.be.closeTo(reference.completenessGap, 1e-4);
    });

    it('integratedGradients gives the same map in one batch or many, reports progress, and leaks nothing', async () => {
      const x = cnnInput();
      const f = randomCnn();
      const whole = await take((await integratedGradients(f, x, { steps: 12, rule: 'riemann-trapezoid' })).attribution);
      const progress: number[] = [];
      const batched = await integratedGradients(f, x, {
        steps: 12,
        rule: 'riemann-trapezoid',
        batchSize: 5,
        onProgress: ({ done }) => progress.push(done),
      });
      expectClose(await take(batched.attribution), whole, 1e-5);
      expect(progress).to.deep.equal([5, 10, 13]); // 12 intervals: 13 points
      await expectNoLeak(async () => (await integratedGradients(f, x, { steps: 8, batchSize: 3 })).attribution.dispose());
      expect(x.isDisposed).to.equal(false);
      x.dispose();
    });

    it('integratedGradients aborted mid-way rejects with the reason and frees everything', async () => {
      const x = cnnInput();
      const controller = new AbortController();
      const baseline = tensorBaseline();
      await expectRejection(
        integratedGradients(randomCnn(), x, {
          steps: 32,
          batchSize: 8,
          signal: controller.signal,
          onProgress: ({ done }) => {
            if (done === 16) controller.abort(new DOMException('navigated away', 'AbortError'));
          },
        }),
        /navigated away/,
      );
      baseline.check('after abort');
      x.dispose();
    });

    it('integratedGradients rejects a step function, a disconnected f and a baseline of another shape', async () => {
      const x = tf.tensor1d([0.3, 0.7, 0.2]);
      const step = (batch: tf.Tensor) => tf.tidy(() => tf.sum(tf.round(tf.mul(batch, 10)), 1)) as Tensor1D;
      await expectRejection(
        integratedGradients(step, x, { steps: 4 }),
        /integratedGradients: f is not differentiable: its gradient is zero everywhere/,
      );
      const detached = (batch: tf.Tensor) => tf.zeros([batch.shape[0]]) as Tensor1D;
      await expectRejection(integratedGradients(detached, x), /not differentiable with respect to its input/);
      const wrong = tf.zeros([4]);
      await expectRejection(integratedGradients(step, x, { baseline: wrong }), /baseline has shape \[4\], but x has shape \[3\]/);
      tf.dispose([x, wrong]);
    });
  });
});
