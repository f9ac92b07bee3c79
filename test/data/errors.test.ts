import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { ensureBackend } from '../../src/backend/use-backend.js';
import { NnDataError } from '../../src/data/errors.js';
import { fromJs } from '../../src/data/from-js.js';
import { parseJsonTensor } from '../../src/data/json.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { parseNpy } from '../../src/data/npy.js';
import { parseNpz } from '../../src/data/npz.js';
import { parseSafetensors } from '../../src/data/safetensors.js';
import { expectDataError, FIXTURES, fixtureBytes } from './fixtures.js';
import { writeNpy, writeSafetensors } from './writers.js';

describe('NnDataError', () => {
  it('new NnDataError(message, { source, cause }) prefixes the source and keeps both', () => {
    const cause = new Error('inner');
    const error = new NnDataError('expected rank 2', { source: 'attention', cause });
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('NnDataError');
    expect(error.message).to.equal('attention: expected rank 2');
    expect(error.source).to.equal('attention');
    expect(error.cause).to.equal(cause);
    expect(new NnDataError('plain').message).to.equal('plain');
  });
});

describe('truncated files', () => {
  it('parseNpy(npy cut inside its data) says how many bytes the shape needs and how many are present', async () => {
    const bytes = await fixtureBytes('npy_f8_le_c.npy');
    await expectDataError(() => parseNpy(bytes.subarray(0, bytes.length - 1), 'x.npy'), 'x.npy: truncated npy file', 'needs 192 bytes', 'only 191');
  });

  it('parseNpy(npy cut inside its header or preamble) says truncated', async () => {
    const bytes = await fixtureBytes('npy_f4_le_c.npy');
    await expectDataError(() => parseNpy(bytes.subarray(0, 40)), 'truncated npy file', 'header');
    await expectDataError(() => parseNpy(bytes.subarray(0, 8)), 'truncated npy file', 'preamble');
  });

  it('parseNpz(npz cut anywhere) says truncated', async () => {
    const bytes = await fixtureBytes('npz_compressed.npz');
    for (const length of [bytes.length - 1, bytes.length - 30, Math.floor(bytes.length / 2), 30]) {
      await expectDataError(() => parseNpz(bytes.subarray(0, length), 'attention'), 'truncated');
    }
  });

  it('parseSafetensors(file cut in its data or header) says truncated', async () => {
    const bytes = await fixtureBytes('st_all.safetensors');
    await expectDataError(() => parseSafetensors(bytes.subarray(0, bytes.length - 5), 'scalar'), "tensor 'scalar'", 'truncated');
    await expectDataError(() => parseSafetensors(bytes.subarray(0, 100)), 'truncated safetensors file', 'header');
    await expectDataError(() => parseSafetensors(bytes.subarray(0, 5)), 'truncated safetensors file', '8-byte');
  });

  it('parseJsonTensor(text cut short) says it is not valid JSON', async () => {
    const text = new TextDecoder().decode(await fixtureBytes('json_nested.json'));
    await expectDataError(() => parseJsonTensor(text.slice(0, 50), 'a.json'), 'a.json: not valid JSON');
  });

  it('loadTensor(truncated bytes of each format) rejects with an NnDataError', async () => {
    for (const file of ['npy_i2_le_c.npy', 'npz_single.npz', 'st_single.safetensors', 'json_null.json']) {
      const bytes = await fixtureBytes(file);
      await expectDataError(() => loadTensor(bytes.slice(0, bytes.length - 3)));
      await expectDataError(() => loadTensor(bytes.slice(0, 12)));
    }
  });
});

describe('bad magic and unrecognised bytes', () => {
  it('parseNpy(bytes without \\x93NUMPY) says it is not an npy file', async () => {
    await expectDataError(() => parseNpy(new TextEncoder().encode('hello world')), 'not an npy file', '\\x93NUMPY');
  });

  it('loadTensor(unrecognised bytes) lists the formats it knows and what the bytes start with', async () => {
    const error = await expectDataError(
      () => loadTensor(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { source: 'upload' }),
      'upload:',
      'cannot tell the format',
      '01 02 03 04',
      'npy',
      'npz',
      'safetensors',
      'JSON',
    );
    expect(error.source).to.equal('upload');
  });

  it('loadTensor(an HTML page) suspects the server sent a page instead of the file', async () => {
    await expectDataError(() => loadTensor(new TextEncoder().encode('<!DOCTYPE html><html></html>')), 'HTML');
  });

  it('loadTensor(File named .pt) explains that PyTorch pickles cannot be read', async () => {
    const file = new File([new Uint8Array([0x80, 2, 3, 4, 5, 6, 7, 8, 9, 10])], 'model.pt');
    await expectDataError(() => loadTensor(file), 'model.pt:', 'PyTorch', 'safetensors');
  });

  it('loadTensor(File named .npy without the magic) gives the npy error', async () => {
    const file = new File([new Uint8Array(20).fill(7)], 'weights.npy');
    await expectDataError(() => loadTensor(file), 'weights.npy: not an npy file');
  });

  it('parseNpy(malformed header) quotes the header and the position', async () => {
    const bytes = writeNpy({ descr: '<f4', shape: [2], data: new Uint8Array(8) });
    const broken = bytes.slice();
    broken.set(new TextEncoder().encode("{'descr' '<f4'"), 10);
    await expectDataError(() => parseNpy(broken), 'malformed npy header', "expected ':'", 'character');
    const missingShape = writeNpy({ descr: '<f4', shape: [2], data: new Uint8Array(8) });
    missingShape.set(new TextEncoder().encode("{'descr': '<f4', 'fortran_order': False, 'shope'"), 10);
    await expectDataError(() => parseNpy(missingShape), 'malformed npy header', "'shape'");
  });

  it('parseNpy(npy format version 4.0) names the version', async () => {
    const bytes = writeNpy({ descr: '<f4', shape: [2], data: new Uint8Array(8) });
    bytes[6] = 4;
    await expectDataError(() => parseNpy(bytes), 'unsupported npy format version 4.0');
  });
});

describe('unsupported dtypes are named', () => {
  for (const [descr, named] of [
    ['<c16', 'complex128'],
    ['<f16', 'float128'],
    ['|S5', 'byte strings'],
    ['|V4', 'void'],
    ['<m8[s]', 'timedelta64[s]'],
    ['<i16', 'int128'],
  ]) {
    it(`parseNpy(descr '${descr}') names it (${named})`, async () => {
      const bytes = writeNpy({ descr, shape: [1], data: new Uint8Array(16) });
      await expectDataError(() => parseNpy(bytes), `unsupported dtype '${descr}'`, named, 'f4');
    });
  }

  for (const [dtype, named] of [
    ['F8_E5M2', 'float8 e5m2'],
    ['C64', 'complex64'],
    ['STR', ''],
  ]) {
    it(`parseSafetensors(dtype ${dtype}) names it`, async () => {
      const bytes = writeSafetensors([{ name: 'x', dtype, shape: [1], data: new Uint8Array(8) }]);
      await expectDataError(() => parseSafetensors(bytes), `'${dtype}'`, named, 'BF16');
    });
  }

  it('parseSafetensors(data_offsets that disagree with the shape) says both sizes', async () => {
    const bytes = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [2, 2], data: new Uint8Array(12) }]);
    await expectDataError(() => parseSafetensors(bytes), "tensor 'x'", 'cover 12 bytes', 'shape [2,2] of F32 needs 16');
  });
});

describe('ragged arrays and bad values', () => {
  it('fromJs(ragged nested array) names the index path', async () => {
    await expectDataError(
      () => fromJs([[1, 2], [3]]),
      'ragged nested array',
      'element [1] is an array of length 1',
      'element [0] is an array of length 2',
    );
    await expectDataError(
      () =>
        fromJs([
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
          [[9, 10], [11]],
        ]),
      'element [2][1] is an array of length 1',
    );
    await expectDataError(() => fromJs([[1, 2], 3]), 'element [1] is a number (3)');
    await expectDataError(() => fromJs([1, [2]]), 'element [1] is an array of length 1', 'element [0] is a number');
  });

  it("fromJs(nested array with a string) names the path and the value's type", async () => {
    await expectDataError(
      () =>
        fromJs(
          [
            [1, 2],
            [3, 'x'],
          ],
          'tokens',
        ),
      'tokens:',
      'element [1][1] is a string ("x")',
      'expected a number',
    );
    await expectDataError(() => fromJs([[1, {}]]), 'element [0][1] is an object');
    // eslint-disable-next-line no-sparse-arrays
    await expectDataError(() => fromJs([1, , 3]), 'element [1] is undefined');
  });

  it('fromJs({data, shape}) with the wrong number of values names both', async () => {
    await expectDataError(() => fromJs({ data: new Float32Array(5), shape: [2, 3] }), 'data has 5 values', 'shape [2,3] needs 6');
    await expectDataError(() => fromJs({ data: [1, 2, 3], shape: [2, 2] }), 'data has 3 values', 'shape [2,2] needs 4');
    await expectDataError(() => fromJs({ data: [1, 2], shape: [2, -1] }), 'shape [2,-1]: dimension 1 is a number (-1), not a non-negative integer');
  });

  it('fromJs(a self-containing array) stops instead of recursing forever', async () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    await expectDataError(() => fromJs(cyclic), 'levels deep');
  });
});

describe('loadTensor errors', () => {
  before(() => ensureBackend());

  it("loadTensor(url#unknown) lists the archive's array names", async () => {
    // np.savez stores keyword arrays first.
    await expectDataError(() => loadTensor(`${FIXTURES}/npz_plain.npz#missing`), "no array named 'missing'", "'weights', 'arr_0', 'arr_1'");
    await expectDataError(() => loadTensor(`${FIXTURES}/st_all.safetensors`, { name: 'missing' }), "'layer.bf16'");
  });

  it('loadTensor(multi-array file without a name) asks for one and lists them', async () => {
    await expectDataError(() => loadTensor(`${FIXTURES}/npz_compressed.npz`), '4 arrays', "'attention'", '#name');
  });

  it('loadTensor(x, { rank, source }) names the source, the ranks allowed and the shape', async () => {
    const error = await expectDataError(() =>
      loadTensor({ data: new Float32Array(120), shape: [1, 2, 3, 4, 5] }, { rank: [2, 3, 4], source: 'attention' }),
    );
    expect(error.message).to.equal('attention: expected rank 2, 3 or 4, got rank 5 (shape [1,2,3,4,5])');
    await expectDataError(
      () => loadTensor(`${FIXTURES}/npy_rank5_f4.npy`, { rank: 2, source: 'attention' }),
      'attention (/test/fixtures/npy_rank5_f4.npy): expected rank 2, got rank 5 (shape [1,2,1,3,2])',
    );
    const tensor = tf.scalar(1);
    await expectDataError(() => loadTensor(tensor, { rank: [1, 2] }), 'expected rank 1 or 2, got rank 0 (shape [])');
    tensor.dispose();
  });

  it('loadTensor(url that answers 404) names the status and the URL', async () => {
    const error = await expectDataError(
      () => loadTensor(`${FIXTURES}/does-not-exist.npy`, { source: 'attention' }),
      'attention (/test/fixtures/does-not-exist.npy): HTTP 404',
      '/test/fixtures/does-not-exist.npy',
    );
    expect(error.source).to.equal('attention (/test/fixtures/does-not-exist.npy)');
  });

  it('loadTensor(url#a, { name: "b" }) refuses two different names', async () => {
    await expectDataError(() => loadTensor(`${FIXTURES}/npz_plain.npz#arr_0`, { name: 'arr_1' }), "'arr_0'", "'arr_1'");
  });

  it('loadTensor(npy bytes, { name }) says an npy file holds one array', async () => {
    const bytes = await fixtureBytes('npy_f4_le_c.npy');
    await expectDataError(() => loadTensor(bytes, { name: 'x' }), "'x'", 'npy file holds a single array');
  });

  it('loadTensor(unsupported values) names the type', async () => {
    await expectDataError(() => loadTensor({ values: [1] } as never), 'an object');
    await expectDataError(() => loadTensor(true as never), 'a boolean');
  });

  it('loadTensor(a disposed or string tensor) rejects', async () => {
    const disposed = tf.tensor1d([1, 2]);
    disposed.dispose();
    await expectDataError(() => loadTensor(disposed), 'disposed');
    const strings = tf.tensor(['a', 'b']);
    await expectDataError(() => loadTensor(strings), "dtype 'string'");
    strings.dispose();
  });
});
