import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { loadArray } from '../../src/data/load-tensor.js';
import { NnDataError } from '../../src/data/errors.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak } from '../helpers/leaks.js';
import { expectedValues, expectSameValues, fixtureUrl, loadManifest } from './fixtures.js';

describe('loadArray', () => {
  forEachBackend(() => {
    it("loadArray(tensor) reads the values back, makes no lasting tensor, and leaves the caller's alive", async () => {
      const ids = tf.tensor2d(
        [
          [1, -2],
          [3, 2147483647],
        ],
        undefined,
        'int32',
      );
      await expectNoLeak(async () => {
        const { data, shape, dtype } = await loadArray(ids, { rank: 2 });
        expect(shape).to.deep.equal([2, 2]);
        expect(dtype).to.equal('int32');
        expectSameValues(data, [1, -2, 3, 2147483648]);
      });
      expect(ids.isDisposed).to.equal(false);
      ids.dispose();
    });
  });

  describe('on CPU data', () => {
    before(async () => {
      await useBackend('auto');
    });

    it("loadArray({data, shape}) returns the caller's Float32Array without copying and never writes to it", async () => {
      const data = new Float32Array([0.1, 0.9, 0.6, 0.4]);
      const before = tf.memory().numTensors;
      const decoded = await loadArray({ data, shape: [2, 2] });
      expect(decoded.data.buffer).to.equal(data.buffer);
      expect(decoded.shape).to.deep.equal([2, 2]);
      expect(tf.memory().numTensors).to.equal(before);
      expectSameValues(data, [0.1, 0.9, 0.6, 0.4].map(Math.fround));
    });

    it('loadArray(url) decodes every value of a numpy-written fixture', async () => {
      const { arrays } = await loadManifest();
      const fixture = arrays.find((f) => f.file.endsWith('.npy') && f.shape.length === 2)!;
      const decoded = await loadArray(fixtureUrl(fixture));
      expect(decoded.shape).to.deep.equal(fixture.shape);
      expectSameValues(decoded.data, expectedValues(fixture));
    });

    it('loadArray checks the rank like loadTensor, naming the source', async () => {
      let error: unknown;
      await loadArray([1, 2, 3], { rank: [2, 3, 4], source: 'attention' }).catch((e) => (error = e));
      expect(error).to.be.instanceOf(NnDataError);
      expect((error as Error).message).to.match(/^attention: expected rank 2, 3 or 4, got rank 1/);
    });
  });
});
