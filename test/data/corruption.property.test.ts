import { expect } from 'chai';
import fc from 'fast-check';
import { tf } from '../../src/tf.js';
import { ensureBackend } from '../../src/backend/use-backend.js';
import { NnDataError } from '../../src/data/errors.js';
import { parseJsonTensor } from '../../src/data/json.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { listNpz, parseNpz } from '../../src/data/npz.js';
import { fixtureBytes } from './fixtures.js';
import { corrupt, corruption } from './property-arbitraries.js';

const ARCHIVES = ['npz_plain.npz', 'npz_compressed.npz', 'npz_zip64.npz', 'npz_single.npz'];
const ALL_FORMATS = [...ARCHIVES, 'npy_f2_be_f.npy', 'npy_v3_f4.npy', 'st_all.safetensors', 'st_single.safetensors', 'json_nested.json'];

const files = new Map<string, Uint8Array>();

/** Passes when `body` returns a consistent array or throws an NnDataError; anything else fails. */
async function expectDataErrorOrArray(body: () => Promise<{ data: ArrayLike<number>; shape: number[] }>): Promise<void> {
  try {
    const { data, shape } = await body();
    expect(data.length).to.equal(shape.reduce((a, b) => a * b, 1));
  } catch (error) {
    if (!(error instanceof NnDataError)) throw error;
  }
}

describe('corrupted and truncated inputs (property)', () => {
  before(async () => {
    await ensureBackend();
    for (const file of ALL_FORMATS) files.set(file, await fixtureBytes(file));
  });

  it('parseNpz(corrupted npz, stored or deflated, zip64 or not) throws NnDataError or returns a consistent array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ARCHIVES), corruption, fc.boolean(), async (file, mutation, tail) => {
        const bytes = files.get(file)!;
        // Half the writes hit the end, where the central directory lives.
        const mutated = tail ? corrupt(bytes.slice().reverse(), { ...mutation, keepFraction: undefined }).reverse() : corrupt(bytes, mutation);
        await expectDataErrorOrArray(async () => {
          const names = listNpz(mutated);
          return parseNpz(mutated, names[0]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('parseJsonTensor(corrupted JSON text) throws NnDataError or returns a consistent array', () => {
    const text = new TextDecoder().decode(files.get('json_nested.json')!);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('[', ']', ',', '"', '-', 'N', 'x', ' ', '{', '1')), { maxLength: 4 }),
        (cut, writes) => {
          const chars = text.slice(0, cut).split('');
          for (const [where, char] of writes) if (chars.length) chars[where % chars.length] = char;
          try {
            const decoded = parseJsonTensor(chars.join(''));
            expect(decoded.data.length).to.equal(decoded.shape.reduce((a, b) => a * b, 1));
          } catch (error) {
            if (!(error instanceof NnDataError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('loadTensor(corrupted bytes of any format) rejects with NnDataError or returns a tensor, leaking nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_FORMATS), corruption, async (file, mutation) => {
        const before = tf.memory().numTensors;
        await expectDataErrorOrArray(async () => {
          const tensor = await loadTensor(corrupt(files.get(file)!, mutation), { name: file === 'st_all.safetensors' ? 'layer.bf16' : undefined });
          const result = { data: await tensor.data(), shape: tensor.shape };
          tensor.dispose();
          return result;
        });
        expect(tf.memory().numTensors).to.equal(before);
      }),
      { numRuns: 200 },
    );
  });
});
