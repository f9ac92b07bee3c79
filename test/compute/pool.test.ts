import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { poolMatrix } from '../../src/compute/pool.js';
import { finiteRange } from '../../src/compute/range.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';

/** Straightforward reference: loop over blocks, skipping NaN. */
function referencePool(values: number[], rows: number, cols: number, br: number, bc: number, reduction: 'max' | 'mean'): number[] {
  const out: number[] = [];
  for (let r0 = 0; r0 < rows; r0 += br) {
    for (let c0 = 0; c0 < cols; c0 += bc) {
      const cells: number[] = [];
      for (let r = r0; r < Math.min(rows, r0 + br); r++) {
        for (let c = c0; c < Math.min(cols, c0 + bc); c++) {
          const v = values[r * cols + c];
          if (!Number.isNaN(v)) cells.push(v);
        }
      }
      if (cells.length === 0) out.push(NaN);
      else out.push(reduction === 'max' ? Math.max(...cells) : cells.reduce((a, b) => a + b, 0) / cells.length);
    }
  }
  return out;
}

describe('poolMatrix', () => {
  forEachBackend(() => {
    it('poolMatrix(x, 1, 1, "max") of [[1, 2], [3, 4]] is [[4]]', async () => {
      const x = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const { pooled, blockRows, blockCols } = poolMatrix(x, 1, 1, 'max');
      expect(pooled.shape).to.deep.equal([1, 1]);
      expect([blockRows, blockCols]).to.deep.equal([2, 2]);
      expect(Array.from(await pooled.data())).to.deep.equal([4]);
      tf.dispose([x, pooled]);
    });

    it('max and mean over partial edge blocks match a loop reference (7 x 5 into 3 x 2)', async () => {
      const rows = 7;
      const cols = 5;
      const values = Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 3);
      const x = tf.tensor2d(values, [rows, cols]);
      for (const reduction of ['max', 'mean'] as const) {
        const { pooled, blockRows, blockCols } = poolMatrix(x, 3, 2, reduction);
        // ceil(7 / 3) = 3-row blocks -> 3 rows; ceil(5 / 2) = 3-col blocks -> 2 cols.
        expect([blockRows, blockCols]).to.deep.equal([3, 3]);
        expect(pooled.shape).to.deep.equal([3, 2]);
        expectClose(await pooled.data(), referencePool(values, rows, cols, 3, 3, reduction), 1e-5);
        pooled.dispose();
      }
      x.dispose();
    });

    it('NaN cells are left out, and an all-NaN block stays NaN (causal mask)', async () => {
      // Lower-triangular 4 x 4 with NaN above the diagonal, pooled 2 x 2.
      const values = [1, NaN, NaN, NaN, 2, 3, NaN, NaN, 4, 5, 6, NaN, 7, 8, 9, 10];
      const x = tf.tensor2d(values, [4, 4]);
      const max = poolMatrix(x, 2, 2, 'max');
      const mean = poolMatrix(x, 2, 2, 'mean');
      expectClose(await max.pooled.data(), [3, NaN, 8, 10], 1e-5);
      expectClose(await mean.pooled.data(), [2, NaN, 6, 25 / 3], 1e-5);
      tf.dispose([x, max.pooled, mean.pooled]);
    });

    it('pools every matrix of a [layers, heads, q, k] tensor independently', async () => {
      const x = tf.tensor4d(
        Array.from({ length: 2 * 3 * 4 * 4 }, (_, i) => i),
        [2, 3, 4, 4],
      );
      const { pooled } = poolMatrix(x, 2, 2, 'max');
      expect(pooled.shape).to.deep.equal([2, 3, 2, 2]);
      const data = await pooled.data();
      // Matrix m holds 16m..16m+15 row-major; block maxima are 16m + [5, 7, 13, 15].
      for (let m = 0; m < 6; m++)
        expectClose(
          data.slice(m * 4, m * 4 + 4),
          [5, 7, 13, 15].map((v) => v + 16 * m),
          1e-5,
        );
      tf.dispose([x, pooled]);
    });

    it('leaves a matrix that already fits unchanged and leaks nothing', async () => {
      const x = tf.tensor2d([
        [0.5, NaN],
        [0.25, 1],
      ]);
      await expectNoLeak(async () => {
        const { pooled } = poolMatrix(x, 10, 10, 'mean');
        expectClose(await pooled.data(), [0.5, NaN, 0.25, 1], 1e-5);
        pooled.dispose();
      });
      expect(x.isDisposed).to.equal(false);
      x.dispose();
    });

    it('finiteRange ignores NaN and ±Infinity', async () => {
      const x = tf.tensor1d([NaN, 2, -1, Infinity, -Infinity, 0.5]);
      expect(await finiteRange(x)).to.deep.equal([-1, 2]);
      const none = tf.tensor1d([NaN, Infinity]);
      expect(await finiteRange(none)).to.equal(undefined);
      await expectNoLeak(() => finiteRange(x));
      tf.dispose([x, none]);
    });

    it('rejects rank 1 with a message naming the shape', () => {
      const x = tf.tensor1d([1, 2, 3]);
      expect(() => poolMatrix(x, 1, 1, 'max')).to.throw(/rank 2 or more.*rank 1 \(shape \[3\]\)/);
      x.dispose();
    });
  });
});
