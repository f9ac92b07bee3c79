// Regression tests for the data-layer items of issue 15: corrupt archives,
// absurd shapes, bare internal messages, and what an aborted load rejects with.
// Each test fails with its fix removed (checked by reverting each fix once).
import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { crc32 } from '../../src/data/crc32.js';
import { NnDataError } from '../../src/data/errors.js';
import { fromJs } from '../../src/data/from-js.js';
import { parseJsonTensor } from '../../src/data/json.js';
import { loadArray, loadTensor } from '../../src/data/load-tensor.js';
import { parseNpy } from '../../src/data/npy.js';
import { parseNpz } from '../../src/data/npz.js';
import { parseSafetensors } from '../../src/data/safetensors.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { expectDataError, expectSameValues, FIXTURES, fixtureBytes } from './fixtures.js';
import { crc32Reference, deflateRaw, writeNpy, writeSafetensors, writeZip } from './writers.js';

/** An npy file of float32 values 0, 1, 2, … in the given shape. */
function npyOfCount(count: number, shape: readonly number[] = [count]): Uint8Array {
  return writeNpy({ descr: '<f4', shape, data: new Uint8Array(Float32Array.from({ length: count }, (_, i) => i).buffer) });
}

/** The substrings of messages that are JavaScript's or the browser's, not nnscope's. */
const BARE = [
  'Cannot read properties',
  'is not a function',
  'Invalid array length',
  'Invalid typed array length',
  'Failed to execute',
  'Do not know how to serialize',
];

function expectOwnMessage(error: NnDataError): void {
  for (const part of BARE) expect(error.message).to.not.contain(part);
}

describe('issue 15, item 1: zip entries are checked (CRC-32, sizes, names)', () => {
  it('crc32(bytes) gives the standard check value and agrees with the bitwise definition', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).to.equal(0xcbf43926);
    expect(crc32(new Uint8Array(0))).to.equal(0);
    for (const length of [1, 7, 8, 9, 63, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(crc32(bytes), `length ${length}`).to.equal(crc32Reference(bytes));
    }
  });

  for (const method of [0, 8] as const) {
    const kind = method === 0 ? 'stored' : 'deflated';

    it(`parseNpz(${kind} entry, sound) gives its values`, async () => {
      const zip = await writeZip([{ name: 'a.npy', data: npyOfCount(6, [2, 3]), method }]);
      const decoded = await parseNpz(zip, 'a');
      expect(decoded.shape).to.deep.equal([2, 3]);
      expectSameValues(decoded.data, [0, 1, 2, 3, 4, 5]);
    });

    it(`parseNpz(${kind} entry whose data differs from its CRC-32 in both headers) names the entry`, async () => {
      const npy = npyOfCount(6);
      const zip = await writeZip([
        { name: 'good.npy', data: npy, method },
        { name: 'bad.npy', data: npy, method, crc: crc32Reference(npy) ^ 0x10 },
      ]);
      expect((await parseNpz(zip, 'good')).shape).to.deep.equal([6]);
      const error = await expectDataError(() => parseNpz(zip, 'bad', 'model.npz'), 'model.npz:', "entry 'bad.npy'", 'CRC-32');
      expectOwnMessage(error);
    });

    it(`parseNpz(${kind} entry whose local-header CRC-32 field alone is wrong) says the headers disagree`, async () => {
      const zip = await writeZip([{ name: 'arr_0.npy', data: npyOfCount(4), method }]);
      zip[14] ^= 0x01; // the local header's CRC-32 field
      await expectDataError(() => parseNpz(zip), "entry 'arr_0.npy'", 'CRC-32', 'local header', 'central directory');
    });

    it(`parseNpz(${kind} entry whose local-header sizes disagree with the central directory) names the field`, async () => {
      const zip = await writeZip([{ name: 'arr_0.npy', data: npyOfCount(4), method }]);
      const compressed = zip.slice();
      new DataView(compressed.buffer).setUint32(18, new DataView(zip.buffer).getUint32(18, true) - 1, true);
      await expectDataError(() => parseNpz(compressed), "entry 'arr_0.npy'", 'compressed size');
      const uncompressed = zip.slice();
      new DataView(uncompressed.buffer).setUint32(22, 1, true);
      await expectDataError(() => parseNpz(uncompressed), "entry 'arr_0.npy'", 'uncompressed size 1');
    });
  }

  it('parseNpz(deflate stream of other bytes of the same length, CRC-32 of the original) fails the CRC-32 check', async () => {
    const npy = npyOfCount(8);
    const other = npy.slice();
    other[other.length - 1] ^= 0x40; // one bit of the last value
    const zip = await writeZip([{ name: 'arr_0.npy', data: npy, method: 8, deflated: await deflateRaw(other) }]);
    await expectDataError(() => parseNpz(zip), "entry 'arr_0.npy'", 'fails its CRC-32 check');
  });

  it('parseNpz(numpy archives with one bit flipped inside an entry) always rejects, naming the entry', async () => {
    for (const file of ['npz_plain.npz', 'npz_compressed.npz', 'npz_zip64.npz', 'npz_single.npz']) {
      const bytes = await fixtureBytes(file);
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      // The first entry: its local header starts at 0; data after name and extra fields.
      const name = new TextDecoder().decode(bytes.subarray(30, 30 + view.getUint16(26, true)));
      const start = 30 + view.getUint16(26, true) + view.getUint16(28, true);
      const stored = view.getUint16(8, true) === 0;
      // Stored: a byte of the values after the 128-byte npy header; deflated: a byte of the stream.
      const flipped = bytes.slice();
      const end = stored ? start + 140 : start + 20;
      flipped[end] ^= 0x04;
      const error = await expectDataError(() => parseNpz(flipped, name.replace(/\.npy$/, ''), file), `'${name}'`);
      expectOwnMessage(error);
    }
  });

  it('parseNpz(central-directory CRC-32 field of a numpy archive changed) rejects', async () => {
    for (const file of ['npz_plain.npz', 'npz_compressed.npz', 'npz_zip64.npz']) {
      const bytes = await fixtureBytes(file);
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const end = bytes.length - 22;
      const directory = view.getUint32(end + 16, true);
      const name = new TextDecoder().decode(bytes.subarray(directory + 46, directory + 46 + view.getUint16(directory + 28, true)));
      const changed = bytes.slice();
      changed[directory + 16] ^= 0x80;
      await expectDataError(() => parseNpz(changed, name.replace(/\.npy$/, '')), `'${name}'`, 'CRC-32');
    }
  });
});

describe('issue 15, item 2: shapes are checked before anything is allocated or looped over', () => {
  it('parseNpy(shape (0, 2**40)) refuses the dimension, naming the limit, at once', async () => {
    const bytes = writeNpy({ descr: '<f4', shape: [0, 2 ** 40], data: new Uint8Array(0) });
    const started = performance.now();
    const error = await expectDataError(
      () => parseNpy(bytes, 'states.npy'),
      'states.npy:',
      "the npy header's shape [0,1099511627776]",
      'dimension 1 is 1099511627776',
      '2147483647 (2^31 - 1)',
    );
    expect(performance.now() - started).to.be.below(1000);
    expectOwnMessage(error);
  });

  it("loadArray(npy of shape (0, 2**40), { rank: [2, 3] }), the tracer's call, rejects", async () => {
    const bytes = writeNpy({ descr: '<f4', shape: [0, 2 ** 40], data: new Uint8Array(0) });
    await expectDataError(() => loadArray(bytes, { rank: [2, 3], source: 'states' }), 'states:', 'dimension 1');
  });

  it('parseNpy(dims whose product overflows) gives the exact element count, not a truncation or a RangeError', async () => {
    const huge = 2 ** 31 - 1;
    const bytes = writeNpy({ descr: '<f4', shape: [huge, huge, huge], data: new Uint8Array(16) });
    await expectDataError(() => parseNpy(bytes), `holds ${BigInt(huge) ** 3n} elements`, '2^31 - 1');
    await expectDataError(() => parseNpy(writeNpy({ descr: '<f4', shape: [65536, 65536], data: new Uint8Array(16) })), 'holds 4294967296 elements');
    // Within the limit, a short file is a truncation, said as such.
    await expectDataError(() => parseNpy(writeNpy({ descr: '<f4', shape: [65536, 32767], data: new Uint8Array(16) })), 'truncated npy file');
  });

  it('parseSafetensors(shape [0, 2**40]) refuses the dimension', async () => {
    const bytes = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [0, 2 ** 40], data: new Uint8Array(0) }]);
    await expectDataError(() => parseSafetensors(bytes), "tensor 'x': shape [0,1099511627776]", 'dimension 1', '2^31 - 1');
  });

  it('fromJs({data, shape}) refuses huge, overflowing and non-integer shapes with a message about the shape', async () => {
    await expectDataError(() => fromJs({ data: [], shape: [0, 2 ** 40] }), 'dimension 1 is 1099511627776');
    await expectDataError(() => fromJs({ data: new Float32Array(0), shape: [2 ** 53 - 1, 0] }), 'dimension 0');
    await expectDataError(() => fromJs({ data: [1], shape: [2 ** 16, 2 ** 16] }), 'holds 4294967296 elements');
    const error = await expectDataError(() => fromJs({ data: [1], shape: [1n] as never }), 'dimension 0 is a bigint');
    expectOwnMessage(error);
    await expectDataError(() => fromJs({ data: [1], shape: new Array(65).fill(1) }), '65 dimensions', 'at most 64');
  });

  it('fromJs(nested sparse array of length 2**32 - 1) refuses the shape instead of allocating', async () => {
    const error = await expectDataError(() => fromJs([new Array(2 ** 32 - 1)]), 'nested array of shape [1,4294967295]', 'dimension 1');
    expectOwnMessage(error);
  });

  it('loadTensor(JSON {data, shape} with a huge dimension) refuses it', async () => {
    await expectDataError(() => loadTensor(new TextEncoder().encode('{"data": [], "shape": [0, 1e15]}')), 'dimension 1 is 1000000000000000');
  });
});

describe('issue 15, item 6: messages describe the input, never bare internals', () => {
  before(() => tf.ready());

  it('loadTensor(x, options of the wrong types) names the option', async () => {
    const npz = await fixtureBytes('npz_plain.npz');
    const cases: [unknown, string][] = [
      [{ signal: {} }, "'signal' must be an AbortSignal, got an object"],
      [{ signal: () => undefined }, "'signal' must be an AbortSignal, got a function"],
      [{ name: 5 }, "'name' must be a string, got a number (5)"],
      [{ rank: {} }, "'rank' must be a non-negative integer"],
      [{ rank: ['2'] }, "'rank'"],
      [{ source: Symbol('s') }, "'source' must be a string, got a symbol"],
      [null, 'expected an object like { name, rank, signal, source }, got null'],
      [7, 'got a number (7)'],
    ];
    for (const [options, message] of cases) {
      const error = await expectDataError(() => loadTensor(npz, options as never), 'loadTensor options:', message);
      expectOwnMessage(error);
    }
  });

  it('parseSafetensors(header that is not UTF-8) says so, not "Failed to execute \'decode\'"', async () => {
    const bytes = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [1], data: new Uint8Array(4) }]);
    bytes[10] = 0xff;
    const error = await expectDataError(() => parseSafetensors(bytes), 'malformed safetensors header', 'not valid UTF-8');
    expectOwnMessage(error);
    expect(error.cause).to.be.instanceOf(TypeError);
  });

  it('parseSafetensors(overlapping data_offsets) names both tensors and says they overlap', async () => {
    const bytes = writeSafetensors([
      { name: 'a', dtype: 'F32', shape: [4], data: new Uint8Array(16) },
      { name: 'b', dtype: 'F32', shape: [2], data: new Uint8Array(8) },
    ]);
    const text = new TextDecoder().decode(bytes.subarray(8));
    // b's [16, 24] becomes [08, 16]: same length, inside a's [0, 16].
    const edited = new TextEncoder().encode(text.replace('[16,24]', '[ 8,16]'));
    bytes.set(edited, 8);
    for (const name of ['a', 'b']) {
      await expectDataError(() => parseSafetensors(bytes, name), "'a' [0, 16]", "'b' [8, 16]", 'overlap');
    }
  });

  it('loadTensor(a file of NUL bytes, as bytes, npy, safetensors or JSON) says the bytes are NUL', async () => {
    await expectDataError(() => loadTensor(new Uint8Array(64), { source: 'upload' }), 'upload: all 64 bytes are NUL');
    await expectDataError(() => loadTensor(new File([new Uint8Array(32)], 'weights.safetensors')), 'weights.safetensors:', 'NUL');
    const st = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [1], data: new Uint8Array(4) }]);
    st.fill(0, 20, 30);
    await expectDataError(() => parseSafetensors(st), 'byte 20', 'NUL');
    await expectDataError(() => parseJsonTensor('[[1, 2]]\0\0\0'), 'character 8 is a NUL');
  });

  it('loadTensor(an unparsable URL) says it is not a URL, not "Failed to execute \'fetch\'"', async () => {
    const error = await expectDataError(() => loadTensor('http://[::1', { source: 'attention' }), 'attention (http://[::1):', 'is not a valid URL');
    expectOwnMessage(error);
    expect(error.cause).to.be.instanceOf(TypeError);
  });

  it('loadTensor(a detached ArrayBuffer) says it is detached', async () => {
    const buffer = new ArrayBuffer(16);
    const view = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    await expectDataError(() => loadTensor(view), 'detached');
    await expectDataError(() => loadTensor(buffer), 'detached');
  });

  it('loadTensor(input whose reading throws) wraps the error, keeping it as cause', async () => {
    const boom = new TypeError('x.y is not a function');
    const hostile = new Proxy([1, 2], {
      get(target, key) {
        if (key === 'length') throw boom;
        return Reflect.get(target, key);
      },
    });
    const error = await expectDataError(() => loadTensor(hostile as never, { source: 'tokens' }), 'tokens: could not load', 'see error.cause');
    expect(error.cause).to.equal(boom);
    expectOwnMessage(error);
  });
});

describe("issue 15, item 7: an aborted load rejects with the signal's own reason", () => {
  forEachBackend(() => {
    it('loadTensor(x, { signal: AbortSignal.timeout(1) }) after the timeout rejects with that TimeoutError, no tensor', async () => {
      const signal = AbortSignal.timeout(1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (const input of [`${FIXTURES}/npy_f4_le_c.npy`, [[1, 2]], new Blob(['[1]'])]) {
        const baseline = tensorBaseline();
        const caught = await loadTensor(input, { signal }).catch((error: unknown) => error);
        expect(caught).to.equal(signal.reason);
        expect((caught as DOMException).name).to.equal('TimeoutError');
        baseline.check('timed-out load');
      }
    });

    it('loadTensor(corrupt npz, { signal }) aborted while decoding rejects with the reason, not the corruption', async () => {
      const npy = npyOfCount(6);
      const zip = await writeZip([{ name: 'arr_0.npy', data: npy, method: 8, crc: crc32Reference(npy) ^ 1 }]);
      const controller = new AbortController();
      const reason = new DOMException('the figure was closed', 'TimeoutError');
      const baseline = tensorBaseline();
      const loading = loadTensor(zip, { signal: controller.signal });
      controller.abort(reason);
      expect(await loading.catch((error: unknown) => error)).to.equal(reason);
      baseline.check('aborted decode');
      // Not aborted, the same bytes give the corruption.
      await expectDataError(() => loadTensor(zip), 'CRC-32');
    });
  });
});
