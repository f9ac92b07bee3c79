import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../helpers/leaks.js';
import { expectSameValues, FIXTURES, fixtureBytes } from './fixtures.js';

/** Loads, checks shape and values, disposes. */
async function expectLoads(input: Parameters<typeof loadTensor>[0], shape: number[], values: number[], options = {}) {
  const tensor = await loadTensor(input, options);
  try {
    expect(tensor.dtype).to.equal('float32');
    expect(tensor.shape).to.deep.equal(shape);
    expectSameValues(await tensor.data(), values);
  } finally {
    tensor.dispose();
  }
}

describe('loadTensor', () => {
  forEachBackend(() => {
    it("loadTensor(int32 tensor) returns a new float32 tensor and leaves the caller's tensor alive", async () => {
      const ids = tf.tensor2d(
        [
          [1, -2],
          [3, 2147483647],
        ],
        undefined,
        'int32',
      );
      await expectNoLeak(async () => {
        const loaded = await loadTensor(ids);
        expect(loaded).to.not.equal(ids);
        expect(loaded.dtype).to.equal('float32');
        const values = await loaded.data();
        expect(values).to.be.instanceOf(Float32Array);
        expectSameValues(values, [1, -2, 3, 2147483648]);
        loaded.dispose();
      });
      expect(ids.isDisposed).to.equal(false);
      expect(ids.dtype).to.equal('int32');
      expect(Array.from(await ids.data())).to.deep.equal([1, -2, 3, 2147483647]);
      ids.dispose();
    });

    it('loadTensor(float32 tensor) returns a clone the caller can dispose separately', async () => {
      const attention = tf.tensor1d([0.25, NaN, -Infinity]);
      await expectNoLeak(async () => {
        const loaded = await loadTensor(attention, { rank: 1 });
        expect(loaded).to.not.equal(attention);
        loaded.dispose();
        expect(attention.isDisposed).to.equal(false);
        expectSameValues(await attention.data(), [0.25, NaN, -Infinity]);
      });
      attention.dispose();
    });

    it('loadTensor(nested array) keeps NaN, ±Infinity and -0', async () => {
      await expectNoLeak(() =>
        expectLoads(
          [
            [1, NaN],
            [-Infinity, -0],
          ],
          [2, 2],
          [1, NaN, -Infinity, -0],
        ),
      );
      await expectNoLeak(() => expectLoads([[], []], [2, 0], []));
      await expectNoLeak(() => expectLoads([new Float32Array([1, 2]), new Float32Array([3, 4])], [2, 2], [1, 2, 3, 4]));
    });

    it('loadTensor(number) gives a scalar', async () => {
      await expectNoLeak(() => expectLoads(2.5, [], [2.5]));
    });

    it('loadTensor({data: Int8Array | Float64Array | BigInt64Array, shape})', async () => {
      await expectNoLeak(() => expectLoads({ data: new Int8Array([-128, 0, 127, 5]), shape: [2, 2] }, [2, 2], [-128, 0, 127, 5]));
      await expectNoLeak(() => expectLoads({ data: new Float64Array([1 / 3, 1e300, -1e-300]), shape: [3] }, [3], [Math.fround(1 / 3), Infinity, -0]));
      const big = new BigInt64Array([-(2n ** 63n), 2n ** 62n + 2n ** 38n + 1n, -1n, 16777217n]);
      await expectNoLeak(() => expectLoads({ data: big, shape: [2, 2] }, [2, 2], [-(2 ** 63), 2 ** 62 + 2 ** 39, -1, 16777216]));
      await expectNoLeak(() =>
        expectLoads(
          {
            data: [
              [1, 2],
              [3, 4],
            ],
            shape: [4],
          },
          [4],
          [1, 2, 3, 4],
        ),
      );
    });

    it("loadTensor(Float32Array) copies: later writes to the caller's array do not reach the tensor", async () => {
      const values = new Float32Array([1, 2, 3]);
      await expectNoLeak(async () => {
        const tensor = await loadTensor({ data: values, shape: [3] });
        values[0] = 99;
        expectSameValues(await tensor.data(), [1, 2, 3]);
        values[0] = 1;
        tensor.dispose();
      });
      const flat = new Float32Array([5, 6]);
      const tensor = await loadTensor(flat);
      flat[1] = 0;
      expectSameValues(await tensor.data(), [5, 6]);
      tensor.dispose();
    });

    it('loadTensor(ArrayBuffer | Uint8Array at an offset | DataView) reads file bytes without aliasing them', async () => {
      const bytes = await fixtureBytes('npy_f4_le_c.npy');
      const expected = Array.from((await loadTensor(bytes).then(async (t) => [await t.data(), t.dispose()][0])) as Float32Array);
      await expectNoLeak(() => expectLoads(bytes.slice().buffer, [2, 3, 4], expected));
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes, 8);
      await expectNoLeak(() => expectLoads(padded.subarray(8), [2, 3, 4], expected));
      await expectNoLeak(() => expectLoads(new DataView(padded.buffer, 8), [2, 3, 4], expected));
      const tensor = await loadTensor(padded.subarray(8));
      padded.fill(0);
      expectSameValues(await tensor.data(), expected);
      tensor.dispose();
    });

    it('loadTensor(Blob | File) reads the bytes; the name option picks an array', async () => {
      const bytes = await fixtureBytes('npz_plain.npz');
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
      await expectNoLeak(async () => {
        const tensor = await loadTensor(blob, { name: 'arr_0', rank: [2, 3] });
        expect(tensor.shape).to.deep.equal([2, 3, 4]);
        tensor.dispose();
      });
      const file = new File([bytes as Uint8Array<ArrayBuffer>], 'model.npz');
      await expectNoLeak(async () => {
        const tensor = await loadTensor(file, { name: 'weights' });
        expect(tensor.shape).to.deep.equal([6, 4]);
        tensor.dispose();
      });
    });

    it("loadTensor(URL object with #name) and loadTensor('url', { name })", async () => {
      await expectNoLeak(async () => {
        const fromUrl = await loadTensor(new URL(`${FIXTURES}/npz_plain.npz#weights`, location.href));
        const fromOption = await loadTensor(`${FIXTURES}/npz_plain.npz`, { name: 'weights' });
        expectSameValues(await fromUrl.data(), Array.from(await fromOption.data()));
        tf.dispose([fromUrl, fromOption]);
      });
    });

    it('loadTensor(x, { signal: aborted }) rejects with the AbortError and creates no tensor', async () => {
      const controller = new AbortController();
      controller.abort();
      const inputs = [`${FIXTURES}/npy_f4_le_c.npy`, [[1, 2]], tf.tensor1d([1]), new Blob(['[1, 2]'])] as const;
      for (const input of inputs) {
        const baseline = tensorBaseline();
        let caught: unknown;
        await loadTensor(input, { signal: controller.signal }).catch((error) => (caught = error));
        expect(caught).to.be.instanceOf(DOMException);
        expect((caught as DOMException).name).to.equal('AbortError');
        baseline.check('aborted load');
      }
      (inputs[2] as tf.Tensor).dispose();
    });

    it("loadTensor(url, { signal }) aborted while fetching rejects with the signal's reason", async () => {
      const baseline = tensorBaseline();
      const controller = new AbortController();
      const loading = loadTensor(`${FIXTURES}/npz_compressed.npz#attention`, { signal: controller.signal });
      controller.abort();
      let caught: unknown;
      await loading.catch((error) => (caught = error));
      expect((caught as DOMException).name).to.equal('AbortError');
      baseline.check('aborted fetch');
      const reason = new Error('user left the page');
      const later = new AbortController();
      const pending = loadTensor(`${FIXTURES}/npy_f8_le_c.npy`, { signal: later.signal });
      later.abort(reason);
      expect(await pending.catch((error) => error)).to.equal(reason);
    });

    it('loadTensor(npy url) gives a tensor whose zero-copy data uploads to the backend for an op', async () => {
      // Little-endian float32 npy data is a view into the fetched buffer, 128 bytes in.
      const manifest = (await (await fetch(`${FIXTURES}/manifest.json`)).json()) as { arrays: { file: string; values: number[] }[] };
      const expected = manifest.arrays.find((fixture) => fixture.file === 'npy_rank5_f4.npy')!.values;
      await expectNoLeak(async () => {
        const tensor = await loadTensor(`${FIXTURES}/npy_rank5_f4.npy`);
        const doubled = tf.mul(tensor, 2);
        expectSameValues(
          await doubled.data(),
          expected.map((value) => value * 2),
        );
        tf.dispose([tensor, doubled]);
      });
    });

    it('loadTensor(JSON bytes with Python NaN / Infinity) via URL and via Blob', async () => {
      await expectNoLeak(() => expectLoads(new Blob(['[[NaN, Infinity], [-Infinity, null]]']), [2, 2], [NaN, Infinity, -Infinity, NaN]));
      await expectNoLeak(() => expectLoads(new TextEncoder().encode(' {"data": [1, 2], "shape": [2, 1]}'), [2, 1], [1, 2]));
    });
  });
});
