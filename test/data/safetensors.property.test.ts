import { expect } from 'chai';
import fc from 'fast-check';
import { NnDataError } from '../../src/data/errors.js';
import { listSafetensors, parseSafetensors } from '../../src/data/safetensors.js';
import { expectSameValues } from './fixtures.js';
import { corrupt, corruption, expectedFromRaw, rawBytes, smallShape } from './property-arbitraries.js';
import { SAFETENSORS_KINDS } from './reference.js';
import { atByteOffset, writeSafetensors } from './writers.js';

type ArbitraryValue<A> = A extends fc.Arbitrary<infer T> ? T : never;

const DTYPES = Object.keys(SAFETENSORS_KINDS) as (keyof typeof SAFETENSORS_KINDS)[];

const tensorCase = fc
  .record({ dtype: fc.constantFrom(...DTYPES), shape: smallShape })
  .chain((spec) => rawBytes(SAFETENSORS_KINDS[spec.dtype], spec.shape).map((raw) => ({ ...spec, raw })));

const fileCase = fc.record({
  tensors: fc.array(tensorCase, { minLength: 1, maxLength: 4 }),
  byteOffset: fc.integer({ min: 0, max: 7 }),
  metadata: fc.boolean(),
});

function write({ tensors, metadata }: ArbitraryValue<typeof fileCase>) {
  return writeSafetensors(
    tensors.map((tensor, i) => ({ name: `t${i}.${tensor.dtype}`, dtype: tensor.dtype, shape: tensor.shape, data: tensor.raw })),
    metadata ? { format: 'pt' } : undefined,
  );
}

describe('parseSafetensors (property)', () => {
  it("parseSafetensors(writeSafetensors(random tensors), name) gives each tensor's reference values", () => {
    fc.assert(
      fc.property(fileCase, (spec) => {
        const bytes = atByteOffset(write(spec), spec.byteOffset);
        const names = listSafetensors(bytes);
        expect(names).to.deep.equal(spec.tensors.map((tensor, i) => `t${i}.${tensor.dtype}`));
        spec.tensors.forEach((tensor, i) => {
          const decoded = parseSafetensors(bytes, names[i]);
          expect(decoded.shape).to.deep.equal(tensor.shape);
          expect(decoded.dtype).to.equal(tensor.dtype);
          expectSameValues(decoded.data, expectedFromRaw(tensor.raw, SAFETENSORS_KINDS[tensor.dtype], tensor.shape, true, false));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('parseSafetensors(corrupted or truncated file) throws NnDataError or returns a consistent array', () => {
    fc.assert(
      fc.property(fileCase, corruption, (spec, mutation) => {
        const bytes = corrupt(write(spec), mutation);
        try {
          const decoded = parseSafetensors(bytes, 't0.' + spec.tensors[0].dtype);
          expect(decoded.data.length).to.equal(decoded.shape.reduce((a, b) => a * b, 1));
        } catch (error) {
          if (!(error instanceof NnDataError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
