import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import { smoothGrad } from '../../../src/compute/attribution/smooth-grad.js';
import { vanillaGradient } from '../../../src/compute/attribution/vanilla-gradient.js';
import { seededNormal } from '../../../src/compute/attribution/seeded-normal.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../../helpers/leaks.js';
import { cnnInput, expectClose, expectRejection, onCpu, randomCnn, take } from './support.js';

describe('smoothGrad', () => {
  it('seededNormal(seed, first, …) gives example i the same noise in any batch, with mean 0 and the given scale', () => {
    const whole = seededNormal(5, 0, 4, 1001, 2);
    const tail = seededNormal(5, 2, 2, 1001, 2);
    expect(Array.from(tail)).to.deep.equal(Array.from(whole.subarray(2 * 1001)));
    const mean = whole.reduce((a, b) => a + b, 0) / whole.length;
    const sd = Math.sqrt(whole.reduce((a, b) => a + (b - mean) ** 2, 0) / whole.length);
    // 4004 samples: the mean's standard error is 2 / √4004 ≈ 0.03.
    expect(mean).to.be.closeTo(0, 0.12);
    expect(sd).to.be.closeTo(2, 0.1);
  });

  forEachBackend((backend) => {
    it('smoothGrad(f, x, { seed }) is reproducible: same seed, same map (whatever the batch size); another seed, another map', async () => {
      const x = cnnInput();
      const f = randomCnn();
      const first = await take((await smoothGrad(f, x, { seed: 3, samples: 12 })).attribution);
      const again = await take((await smoothGrad(f, x, { seed: 3, samples: 12, batchSize: 5 })).attribution);
      const other = await take((await smoothGrad(f, x, { seed: 4, samples: 12 })).attribution);
      expectClose(again, first, 1e-6, 'same seed');
      expect(Array.from(other)).to.not.deep.equal(Array.from(first));
      x.dispose();
    });

    it('smoothGrad(f, x, { squared: true }) is non-negative, and noise 0 gives the plain gradient', async () => {
      const x = cnnInput();
      const f = randomCnn();
      const squared = await take((await smoothGrad(f, x, { seed: 1, samples: 8, squared: true })).attribution);
      expect(Math.min(...squared)).to.be.at.least(0);
      expect(Math.max(...squared)).to.be.greaterThan(0);
      const noiseless = await take((await smoothGrad(f, x, { noise: 0, samples: 3 })).attribution);
      expectClose(noiseless, await take((await vanillaGradient(f, x)).attribution), 1e-5);
      x.dispose();
    });

    it('smoothGrad equals the cpu result for the same seed', async () => {
      const run = async () => {
        const x = cnnInput();
        const { attribution } = await smoothGrad(randomCnn(), x, { seed: 11, samples: 10 });
        x.dispose();
        return take(attribution);
      };
      const here = await run();
      expectClose(here, await onCpu(backend, run), 1e-4);
    });

    it('smoothGrad reports progress per batch and leaks nothing', async () => {
      const x = cnnInput();
      const f = randomCnn();
      const progress: string[] = [];
      await expectNoLeak(async () => {
        progress.length = 0;
        const { attribution } = await smoothGrad(f, x, {
          seed: 2,
          samples: 10,
          batchSize: 4,
          onProgress: ({ done, total }) => progress.push(`${done}/${total}`),
        });
        attribution.dispose();
      });
      expect(progress).to.deep.equal(['4/10', '8/10', '10/10']);
      expect(x.isDisposed).to.equal(false);
      x.dispose();
    });

    it('smoothGrad aborted mid-way rejects with the reason and frees everything', async () => {
      const x = cnnInput();
      const controller = new AbortController();
      const baseline = tensorBaseline();
      const batches: number[] = [];
      await expectRejection(
        smoothGrad(randomCnn(), x, {
          seed: 2,
          samples: 20,
          batchSize: 5,
          signal: controller.signal,
          onProgress: ({ done }) => {
            batches.push(done);
            if (done === 5) controller.abort(new Error('stop'));
          },
        }),
        /^stop$/,
      );
      expect(batches).to.deep.equal([5]);
      baseline.check('after abort');
      x.dispose();
    });

    it('smoothGrad rejects a step function and bad options', async () => {
      const x = cnnInput();
      const step = (batch: tf.Tensor) => tf.tidy(() => tf.sum(tf.round(tf.mul(tf.reshape(batch, [batch.shape[0], -1]), 1000)), 1)) as tf.Tensor1D;
      await expectRejection(
        smoothGrad(step, x, { seed: 1, samples: 4 }),
        /smoothGrad: f is not differentiable: its gradient is zero everywhere, yet the score ranges/,
      );
      await expectRejection(smoothGrad(randomCnn(), x, { samples: 0 }), /samples must be a whole number of at least 1, got 0/);
      await expectRejection(smoothGrad(randomCnn(), x, { noise: -1 }), /noise must be a fraction/);
      x.dispose();
    });
  });
});
