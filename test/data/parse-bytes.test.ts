import { expect } from 'chai';
import { listNpz, parseNpz } from '../../src/data/npz.js';
import { detectFormat, parseBytes } from '../../src/data/parse-bytes.js';
import { listSafetensors } from '../../src/data/safetensors.js';
import { expectSameValues, fixtureBytes } from './fixtures.js';
import { writeSafetensors } from './writers.js';

/** A safetensors file whose 8-byte header length is exactly `headerLength` (a multiple of 8). */
function safetensorsWithHeaderLength(headerLength: number): Uint8Array {
  const tensor = { name: 'x', dtype: 'F32', shape: [2], data: new Uint8Array(new Float32Array([1.5, -2]).buffer) };
  for (let pad = 0; pad < headerLength; pad++) {
    const bytes = writeSafetensors([tensor], { pad: 'p'.repeat(pad) });
    if (new DataView(bytes.buffer).getUint32(0, true) === headerLength) return bytes;
  }
  throw new Error(`no padding gives header length ${headerLength}`);
}

describe('detectFormat and parseBytes', () => {
  it('detectFormat(bytes) recognises npy, npz, safetensors and JSON by content', async () => {
    expect(detectFormat(await fixtureBytes('npy_f4_le_c.npy'))).to.equal('npy');
    expect(detectFormat(await fixtureBytes('npz_compressed.npz'))).to.equal('npz');
    expect(detectFormat(await fixtureBytes('st_all.safetensors'))).to.equal('safetensors');
    expect(detectFormat(new TextEncoder().encode('\ufeff \n [1]'))).to.equal('json');
    expect(detectFormat(new Uint8Array([1, 2, 3]))).to.equal(undefined);
  });

  it("parseBytes(safetensors whose header length begins with ' {' bytes) falls back from JSON to safetensors", async () => {
    // Header length 0x7b20 is stored as 20 7b 00 …: whitespace then '{', like JSON.
    for (const length of [0x7b20, 0x5b20]) {
      const bytes = safetensorsWithHeaderLength(length);
      const decoded = await parseBytes(bytes);
      expectSameValues(decoded.data, [1.5, -2]);
      expect(decoded.dtype).to.equal('F32');
    }
  });

  it('listNpz / listSafetensors list array names; parseNpz accepts a .npy suffix', async () => {
    const npz = await fixtureBytes('npz_plain.npz');
    expect(listNpz(npz)).to.deep.equal(['weights', 'arr_0', 'arr_1']);
    expect((await parseNpz(npz, 'weights.npy')).shape).to.deep.equal([6, 4]);
    expect(listNpz(await fixtureBytes('npz_zip64.npz'))).to.deep.equal(['extra', 'arr_0']);
    expect(listSafetensors(await fixtureBytes('st_single.safetensors'))).to.deep.equal(['hidden']);
  });
});
