import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { reduceHeads, reduceHeadsArray } from '../../src/compute/attention/reduce-heads.js';
import { attentionRollout, rolloutStep, rolloutStepFromMean } from '../../src/compute/attention/rollout.js';
import { hideUpperTriangle, isCausal, maskTokens, normalizeMatrix, rowSumRange } from '../../src/compute/attention/matrix.js';
import { poolMatrix } from '../../src/compute/pool.js';
import { poolMatrixArray } from '../../src/compute/pool-array.js';
import { loadArray } from '../../src/data/load-tensor.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';
import { loadRolloutReference, type RolloutReference } from '../helpers/attention-reference.js';

let reference: RolloutReference;
before(async () => {
  reference = await loadRolloutReference();
});

describe('attention compute', () => {
  forEachBackend(() => {
    it('reduceHeads(layer, "mean" | "max" | h) matches numpy for every layer', async () => {
      const attention = tf.tensor4d(reference.attention, reference.shape);
      const [layers, heads, q, k] = reference.shape;
      await expectNoLeak(async () => {
        for (let layer = 0; layer < layers; layer++) {
          const layerHeads = tf.tidy(() => tf.reshape(tf.slice(attention, [layer, 0, 0, 0], [1, heads, q, k]), [heads, q, k]));
          const mean = reduceHeads(layerHeads, 'mean');
          const max = reduceHeads(layerHeads, 'max');
          const second = reduceHeads(layerHeads, 1);
          expectClose(await mean.data(), reference.mean_heads[layer], 1e-6, `mean layer ${layer}`);
          expectClose(await max.data(), reference.max_heads[layer], 1e-6, `max layer ${layer}`);
          const offset = (layer * heads + 1) * q * k;
          expectClose(await second.data(), reference.attention.slice(offset, offset + q * k), 0, `head 1 layer ${layer}`);
          tf.dispose([layerHeads, mean, max, second]);
        }
      });
      attention.dispose();
    });

    it('attentionRollout through each layer matches numpy (float64) to 1e-5, rows sum to 1', async () => {
      const attention = tf.tensor4d(reference.attention, reference.shape);
      await expectNoLeak(async () => {
        for (let layer = 0; layer < reference.shape[0]; layer++) {
          const rollout = attentionRollout(attention, layer);
          const values = await rollout.data();
          expectClose(values, reference.rollout[layer], 1e-5, `rollout through layer ${layer}`);
          expect(rowSumRange(values, 5, 5)![0]).to.be.closeTo(1, 1e-5);
          rollout.dispose();
        }
      });
      attention.dispose();
    });

    it("rolloutStepFromMean on typed-array head means (reduceHeadsArray) gives numpy's rollout", async () => {
      const [layers, heads, q, k] = reference.shape;
      await expectNoLeak(async () => {
        let rollout: tf.Tensor2D | undefined;
        for (let layer = 0; layer < layers; layer++) {
          const values = new Float32Array(reference.attention.slice(layer * heads * q * k, (layer + 1) * heads * q * k));
          const meanValues = reduceHeadsArray(values, heads, q, k, 'mean');
          expectClose(meanValues, reference.mean_heads[layer], 1e-6, `mean layer ${layer}`);
          expectClose(reduceHeadsArray(values, heads, q, k, 'max'), reference.max_heads[layer], 0, `max layer ${layer}`);
          const mean = tf.tensor2d(meanValues, [q, k]);
          const next = rolloutStepFromMean(rollout, mean);
          tf.dispose([mean, rollout!].filter(Boolean));
          rollout = next;
          expectClose(await rollout.data(), reference.rollout[layer], 1e-5, `rollout through layer ${layer}`);
        }
        rollout!.dispose();
      });
    });

    it('rolloutStep rejects cross-attention with the shape in the message', () => {
      const cross = tf.zeros([2, 3, 4]);
      expect(() => rolloutStep(undefined, cross)).to.throw(/self-attention.*\[2,3,4\]/);
      cross.dispose();
    });

    it('poolMatrix (GPU) and poolMatrixArray (one CPU pass) agree on a causal model with NaN', async () => {
      const { data, shape } = await loadArray('/test/fixtures/attention/causal.npy');
      const withNaN = Float32Array.from(data);
      withNaN[7] = NaN;
      const tensor = tf.tensor(withNaN, shape);
      for (const reduction of ['max', 'mean'] as const) {
        const gpu = poolMatrix(tensor, 4, 4, reduction);
        const cpu = poolMatrixArray(withNaN, shape, 4, 4, reduction);
        expect(gpu.pooled.shape).to.deep.equal(cpu.shape);
        expect([gpu.blockRows, gpu.blockCols]).to.deep.equal([cpu.blockRows, cpu.blockCols]);
        expectClose(await gpu.pooled.data(), Array.from(cpu.pooled), 1e-6, reduction);
        gpu.pooled.dispose();
      }
      tensor.dispose();
    });
  });

  describe('on one matrix (typed arrays)', () => {
    it('isCausal is true for numpy causal softmax heads, false once one upper entry is non-zero', async () => {
      const { data } = await loadArray('/test/fixtures/attention/causal.npy');
      const head = data.slice(0, 36);
      expect(isCausal(head, 6, 6)).to.equal(true);
      head[1] = 1e-9;
      expect(isCausal(head, 6, 6)).to.equal(false);
      expect(isCausal(new Float32Array(36), 6, 6)).to.equal(false); // all zero: nothing to call causal
      expect(isCausal(new Float32Array([1, 0, 0, 1, 0, 0]), 2, 3)).to.equal(false); // not square
    });

    it('hideUpperTriangle sets exactly the strictly upper cells to NaN', () => {
      const out = hideUpperTriangle(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3);
      expectClose(out, [1, NaN, NaN, 4, 5, NaN, 7, 8, 9], 0, 'hidden');
    });

    it('maskTokens hides rows and columns, and names indices outside the matrix', () => {
      const out = maskTokens(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3, [1], [0]);
      expectClose(out, [NaN, 2, 3, NaN, NaN, NaN], 0, 'masked');
      expect(() => maskTokens(new Float32Array(6), 2, 3, [2], [7])).to.throw(/token index 2, 7 is outside the matrix \(2 query x 3 key/);
    });

    it('normalizeMatrix divides each row or column by its largest |value|, leaving zero rows', () => {
      expectClose(normalizeMatrix(new Float32Array([1, 3, 2, 2]), 2, 2, 'row'), [1 / 3, 1, 1, 1], 1e-7, 'row');
      expectClose(normalizeMatrix(new Float32Array([1, -4, 2, 2]), 2, 2, 'column'), [0.5, -1, 1, 0.5], 1e-7, 'column');
      expectClose(normalizeMatrix(new Float32Array([0, 0, NaN, 2]), 2, 2, 'row'), [0, 0, NaN, 1], 1e-7, 'zero row');
    });

    it('rowSumRange reports the spread of row sums, skipping all-NaN rows', () => {
      const [low, high] = rowSumRange(new Float32Array([0.5, 0.5, 0.2, 0.3, NaN, NaN]), 3, 2)!;
      expect(low).to.be.closeTo(0.5, 1e-7);
      expect(high).to.equal(1);
    });
  });
});
