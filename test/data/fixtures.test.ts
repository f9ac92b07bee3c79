import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { expectDataError, expectedValues, expectSameValues, fixtureBytes, fixtureUrl, loadManifest, parseFixture } from './fixtures.js';

// The manifest decides which tests exist, so it is read before mocha starts.
const manifest = await loadManifest();

const label = (fixture: { file: string; name?: string }) => fixture.file + (fixture.name ? `#${fixture.name}` : '');

describe('numpy-written fixtures (scripts/make_fixtures.py)', () => {
  it('cover every npy dtype in both byte orders and both memory orders', () => {
    const files = new Set(manifest.arrays.map((fixture) => fixture.file));
    for (const kind of ['f2', 'f4', 'f8', 'i2', 'i4', 'i8', 'u2', 'u4', 'u8']) {
      for (const endian of ['le', 'be']) {
        for (const order of ['c', 'f']) expect(files).to.include(`npy_${kind}_${endian}_${order}.npy`);
      }
    }
    for (const kind of ['i1', 'u1', 'b1']) for (const order of ['c', 'f']) expect(files).to.include(`npy_${kind}_na_${order}.npy`);
  });

  describe('parsers on the bytes', () => {
    for (const fixture of manifest.arrays) {
      it(`parse(${label(fixture)}) gives shape [${fixture.shape}], dtype ${fixture.dtype} and numpy's float32 values`, async () => {
        const decoded = await parseFixture(fixture.file, await fixtureBytes(fixture.file), fixture.name);
        expect(decoded.shape).to.deep.equal(fixture.shape);
        expect(decoded.dtype).to.equal(fixture.dtype);
        expect(decoded.data).to.be.instanceOf(Float32Array);
        expectSameValues(decoded.data, expectedValues(fixture), label(fixture));
      });
    }
  });

  describe('loadTensor(url)', () => {
    forEachBackend(() => {
      for (const fixture of manifest.arrays) {
        it(`loadTensor('${fixtureUrl(fixture)}') matches numpy exactly`, async () => {
          const baseline = tensorBaseline();
          const tensor = await loadTensor(fixtureUrl(fixture));
          expect(tensor.dtype).to.equal('float32');
          expect(tensor.shape).to.deep.equal(fixture.shape);
          expectSameValues(await tensor.data(), expectedValues(fixture), label(fixture));
          tensor.dispose();
          baseline.check(label(fixture));
        });
      }
    });
  });

  describe('files nnscope must reject', () => {
    for (const fixture of manifest.errors) {
      it(`loadTensor('${fixtureUrl(fixture)}') rejects naming ${fixture.error.join(', ')}`, async () => {
        const baseline = tensorBaseline();
        const error = await expectDataError(() => loadTensor(fixtureUrl(fixture)), ...fixture.error);
        expect(error.message).to.contain(fixture.file);
        await expectDataError(async () => parseFixture(fixture.file, await fixtureBytes(fixture.file), fixture.name), ...fixture.error);
        baseline.check();
        expect(tf.memory().numTensors).to.equal(baseline.count);
      });
    }
  });
});
