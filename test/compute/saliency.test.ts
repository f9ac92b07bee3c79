import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { percentile, absPercentile } from '../../src/compute/saliency/percentile.js';
import { topPercentMask } from '../../src/compute/saliency/top-percent.js';
import { spearman, averageRanks } from '../../src/compute/saliency/rank-correlation.js';
import { reduceChannels } from '../../src/compute/saliency/reduce-channels.js';
import { resizeMap } from '../../src/compute/saliency/resize-map.js';
import { imageBaseline } from '../../src/compute/saliency/baselines.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { SALIENCY_REFERENCE_URL, type SaliencyReference } from '../helpers/saliency-reference.js';

let reference: SaliencyReference;
before(async () => {
  reference = await (await fetch(SALIENCY_REFERENCE_URL)).json();
});

describe('percentile(values, q)', () => {
  it('percentile(values, q) interpolates linearly between ranks, as np.percentile', () => {
    // Hand-derived: sorted [1, 2, 3, 4], q = 50 sits at index 1.5 -> 2.5; q = 10 at index 0.3 -> 1.3.
    expect(percentile(Float32Array.of(4, 1, 3, 2), 50)).to.equal(2.5);
    expect(percentile([4, 1, 3, 2], 10)).to.be.closeTo(1.3, 1e-12);
    expect(percentile([4, 1, 3, 2], 0)).to.equal(1);
    expect(percentile([4, 1, 3, 2], 100)).to.equal(4);
  });

  it('absPercentile(map, q) matches numpy at 50, 90, 99.5 and 100', () => {
    for (const [q, expected] of Object.entries(reference.absPercentiles)) {
      expect(absPercentile(reference.sum, Number(q)), `q = ${q}`).to.be.closeTo(expected, 1e-9);
    }
  });

  it('percentile skips NaN and Infinity, gives NaN for no finite value, and rejects q outside [0, 100]', () => {
    expect(percentile([NaN, 1, Infinity, 3], 50)).to.equal(2);
    expect(Number.isNaN(percentile([NaN], 50))).to.equal(true);
    expect(() => percentile([1], 101)).to.throw('q must be between 0 and 100, got 101');
  });

  it('percentile of 100,000 shuffled values equals the sorted reference at every decile', () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % 100_000) / 7);
    const sorted = Float64Array.from(values).sort();
    for (let q = 0; q <= 100; q += 10) {
      const position = (q / 100) * (sorted.length - 1);
      const lo = Math.floor(position);
      const expected = sorted[lo] + (position - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]);
      expect(percentile(values, q), `q = ${q}`).to.be.closeTo(expected, 1e-9);
    }
  });
});

describe('topPercentMask(values, percent)', () => {
  it('keeps exactly round(percent / 100 * n) values, the largest |value|', () => {
    expect(Array.from(topPercentMask(Float32Array.of(0.1, -3, 2, 0), 50))).to.deep.equal([0, 1, 1, 0]);
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * i);
    const mask = topPercentMask(values, 7.5);
    expect(mask.reduce((a, b) => a + b, 0)).to.equal(75);
    const smallestKept = Math.min(
      ...Array.from(values)
        .filter((_, i) => mask[i])
        .map(Math.abs),
    );
    const largestDropped = Math.max(
      ...Array.from(values)
        .filter((_, i) => !mask[i])
        .map(Math.abs),
    );
    expect(smallestKept).to.be.at.least(largestDropped);
  });

  it('breaks ties by index so the count is exact on a flat map, and NaN ranks last', () => {
    expect(Array.from(topPercentMask(new Float32Array(8).fill(1), 25))).to.deep.equal([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(topPercentMask(Float32Array.of(NaN, 0, 1, NaN), 50))).to.deep.equal([0, 1, 1, 0]);
    expect(Array.from(topPercentMask(Float32Array.of(1, 2), 0))).to.deep.equal([0, 0]);
    expect(Array.from(topPercentMask(Float32Array.of(1, 2), 100))).to.deep.equal([1, 1]);
  });
});

describe('spearman(a, b)', () => {
  it('averageRanks gives ties the mean of their ranks, as scipy.stats.rankdata', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).to.deep.equal([2, 3.5, 3.5, 1]);
  });

  it('spearman([1, 2, 3, 4], [10, 20, 30, 5]) is -0.2 (hand-derived: ranks of b are 2, 3, 4, 1, so 1 - 6 * 12 / (4 * 15))', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 5])).to.be.closeTo(-0.2, 1e-12);
    expect(spearman([1, 2, 3], [3, 2, 1])).to.be.closeTo(-1, 1e-12);
  });

  it('spearman matches the numpy reference on arrays with and without ties', () => {
    for (const { a, b, rho } of reference.spearman) expect(spearman(a, b), `n = ${a.length}`).to.be.closeTo(rho, 1e-12);
  });

  it('spearman drops non-finite pairs, is NaN for a constant array, and rejects different lengths', () => {
    expect(spearman([1, NaN, 2, 3], [1, 5, 2, 3])).to.be.closeTo(1, 1e-12);
    expect(Number.isNaN(spearman([1, 1, 1], [1, 2, 3]))).to.equal(true);
    expect(() => spearman([1], [1, 2])).to.throw('equally long, got 1 and 2');
  });
});

describe('saliency tensors', () => {
  forEachBackend(() => {
    it('reduceChannels(map, "sum" | "max-abs") matches numpy, and leaves the map alone', async () => {
      const baseline = tensorBaseline();
      const map = tf.tensor3d(reference.map.data, reference.map.shape);
      const summed = reduceChannels(map, 'sum');
      const maxAbs = reduceChannels(map, 'max-abs');
      expectClose(await summed.data(), reference.sum, 1e-5, 'sum');
      expectClose(await maxAbs.data(), reference.maxAbs, 1e-6, 'max-abs');
      const flat = tf.tensor2d([[-1, 2]]);
      const magnitude = reduceChannels(flat, 'max-abs');
      expect(Array.from(await magnitude.data())).to.deep.equal([1, 2]);
      const rank4 = tf.zeros([1, 1, 1, 1]);
      expect(() => reduceChannels(rank4, 'sum')).to.throw('got rank 4 (shape [1,1,1,1])');
      expect(map.isDisposed).to.equal(false);
      tf.dispose([map, summed, maxAbs, flat, magnitude, rank4]);
      baseline.check('reduceChannels');
    });

    it('resizeMap brings a map to the image size bilinearly with half-pixel centres (numpy reference), up and down', async () => {
      const baseline = tensorBaseline();
      const map = tf.tensor2d(reference.sum, [6, 8]);
      const up = resizeMap(map, [12, 16]);
      const down = resizeMap(map, [3, 4]);
      expectClose(await up.data(), reference.resizeUp, 1e-4, 'up');
      expectClose(await down.data(), reference.resizeDown, 1e-4, 'down');
      tf.dispose([up, down]);
      expect(() => resizeMap(map, [8, 8])).to.throw(
        'saliency is 6 x 8 (height x width) but the image is 8 x 8: their aspect ratios differ (1.333 vs 1.000',
      );
      map.dispose();
      baseline.check('resizeMap');
    });

    it('imageBaseline: black, white, noise in [0, 1] (seeded), blur keeps a flat image flat and the mean of a pattern', async () => {
      const baseline = tensorBaseline();
      const flat = tf.fill([9, 7, 3], 0.4) as tf.Tensor3D;
      const blurred = imageBaseline(flat, 'blur');
      expectClose(await blurred.data(), new Array(9 * 7 * 3).fill(0.4), 1e-5, 'blurred flat image');
      const stripes = tf.tensor3d(
        Array.from({ length: 16 * 16 }, (_, i) => (i % 2 ? 1 : 0)),
        [16, 16, 1],
      );
      const smooth = imageBaseline(stripes, 'blur', { blurSigma: 2 });
      const values = await smooth.data();
      expect(Math.max(...values) - Math.min(...values)).to.be.below(0.1);
      const noise = imageBaseline(flat, 'noise', { seed: 3 });
      const again = imageBaseline(flat, 'noise', { seed: 3 });
      const noiseValues = await noise.data();
      expect(Array.from(noiseValues)).to.deep.equal(Array.from(await again.data()));
      expect(noiseValues.every((v) => v >= 0 && v <= 1)).to.equal(true);
      const white = imageBaseline(flat, 'white');
      const black = imageBaseline(flat, 'black');
      expect(Array.from(await white.data()).every((v) => v === 1)).to.equal(true);
      expect(Array.from(await black.data()).every((v) => v === 0)).to.equal(true);
      expect(() => imageBaseline(flat, 'grey' as never)).to.throw('baseline must be one of black, white, blur, noise; got "grey"');
      tf.dispose([flat, blurred, stripes, smooth, noise, again, white, black]);
      baseline.check('imageBaseline');
    });
  });
});
