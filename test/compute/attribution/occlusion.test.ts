import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { occlusion, windowStarts } from '../../../src/compute/attribution/occlusion.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../../helpers/leaks.js';
import { cnnInput, expectClose, expectRejection, onCpu, randomCnn, take } from './support.js';

const ROWS = 5;
const COLS = 6;
const VALUES = Array.from({ length: ROWS * COLS }, (_, i) => ((i * 7) % 11) - 3);
/** Rows 1-2, columns 2-4 (inclusive) of a [5, 6] input. */
const inRegion = (r: number, c: number) => r >= 1 && r <= 2 && c >= 2 && c <= 4;

/** The score is the sum of the region, so occluding a window (baseline b) drops it by Σ_(window ∩ region) (x - b). */
const regionSum = (batch: tf.Tensor) =>
  tf.tidy(() => tf.sum(tf.reshape(tf.slice(batch, [0, 1, 2], [-1, 2, 3]), [batch.shape[0], -1]), 1)) as Tensor1D;

/** Loop reference: every window, its drop, averaged per element over the windows covering it. */
function reference(window: [number, number], stride: [number, number], baseline: number): number[] {
  const rowStarts = windowStarts(ROWS, window[0], stride[0]);
  const colStarts = windowStarts(COLS, window[1], stride[1]);
  const sum = new Array(ROWS * COLS).fill(0);
  const count = new Array(ROWS * COLS).fill(0);
  for (const r0 of rowStarts) {
    for (const c0 of colStarts) {
      let drop = 0;
      for (let r = r0; r < r0 + window[0]; r++) for (let c = c0; c < c0 + window[1]; c++) if (inRegion(r, c)) drop += VALUES[r * COLS + c] - baseline;
      for (let r = r0; r < r0 + window[0]; r++)
        for (let c = c0; c < c0 + window[1]; c++) {
          sum[r * COLS + c] += drop;
          count[r * COLS + c]++;
        }
    }
  }
  return sum.map((s, i) => s / count[i]);
}

describe('occlusion', () => {
  it('windowStarts(dim, size, stride) steps by stride and ends flush with the axis', () => {
    expect(windowStarts(6, 2, 2)).to.deep.equal([0, 2, 4]);
    expect(windowStarts(5, 2, 2)).to.deep.equal([0, 2, 3]);
    expect(windowStarts(5, 3, 1)).to.deep.equal([0, 1, 2]);
    expect(windowStarts(4, 4, 1)).to.deep.equal([0]);
  });

  forEachBackend((backend) => {
    it('occlusion(regionSum, x, { window: 1 }) is x inside the region and 0 outside (each element its own drop)', async () => {
      const x = tf.tensor2d(VALUES, [ROWS, COLS]);
      const { attribution, score, windows } = await occlusion(regionSum, x, { window: 1 });
      expect(windows).to.equal(30);
      expect(score).to.equal(VALUES.reduce((sum, v, i) => sum + (inRegion(Math.floor(i / COLS), i % COLS) ? v : 0), 0));
      expectClose(
        await take(attribution),
        VALUES.map((v, i) => (inRegion(Math.floor(i / COLS), i % COLS) ? v : 0)),
        1e-6,
      );
      x.dispose();
    });

    it('occlusion with overlapping 2 x 3 windows, stride 1 x 2, baseline 0.5 matches the loop reference', async () => {
      const x = tf.tensor2d(VALUES, [ROWS, COLS]);
      const { attribution, windows } = await occlusion(regionSum, x, { window: [2, 3], stride: [1, 2], baseline: 0.5 });
      expect(windows).to.equal(4 * 3); // rows: 0..3; columns: 0, 2 and the flush 3
      expectClose(await take(attribution), reference([2, 3], [1, 2], 0.5), 1e-5);
      x.dispose();
    });

    it('occlusion with a baseline tensor replaces windows by its values, and batches give the same result', async () => {
      const x = tf.tensor2d(VALUES, [ROWS, COLS]);
      const baseline = tf.fill([ROWS, COLS], 0.5);
      const progress: number[] = [];
      const { attribution } = await occlusion(regionSum, x, {
        window: [2, 3],
        stride: [1, 2],
        baseline,
        batchSize: 5,
        onProgress: ({ done }) => progress.push(done),
      });
      expectClose(await take(attribution), reference([2, 3], [1, 2], 0.5), 1e-5);
      expect(progress).to.deep.equal([5, 10, 12]);
      expect(baseline.isDisposed).to.equal(false);
      tf.dispose([x, baseline]);
    });

    it('occlusion equals the cpu result on a CNN input [6, 6, 1] (the channel axis covered whole)', async () => {
      const run = async () => {
        const x = cnnInput();
        const { attribution } = await occlusion(randomCnn(), x, { window: [3, 3], stride: 2 });
        x.dispose();
        return take(attribution);
      };
      const here = await run();
      expectClose(here, await onCpu(backend, run), 1e-4);
    });

    it('occlusion leaks nothing; aborted mid-way it rejects with the reason and frees everything', async () => {
      const x = tf.tensor2d(VALUES, [ROWS, COLS]);
      await expectNoLeak(async () => (await occlusion(regionSum, x, { window: 2, stride: 1, batchSize: 7 })).attribution.dispose());
      const controller = new AbortController();
      const baseline = tensorBaseline();
      await expectRejection(
        occlusion(regionSum, x, {
          window: 2,
          stride: 1,
          batchSize: 7,
          signal: controller.signal,
          onProgress: () => controller.abort(new Error('halt')),
        }),
        /halt/,
      );
      baseline.check('after abort');
      x.dispose();
    });

    it('occlusion rejects a bad window and a baseline of another shape', async () => {
      const x = tf.tensor2d(VALUES, [ROWS, COLS]);
      await expectRejection(
        occlusion(regionSum, x, { window: 0 }),
        /window must be a whole number of at least 1, or one per axis of x \(shape \[5,6\]\), got 0/,
      );
      await expectRejection(occlusion(regionSum, x, { window: [1, 1, 1] }), /one per axis/);
      const wrong = tf.zeros([6, 5]);
      await expectRejection(occlusion(regionSum, x, { window: 1, baseline: wrong }), /baseline has shape \[6,5\], but x has shape \[5,6\]/);
      tf.dispose([x, wrong]);
    });
  });
});
