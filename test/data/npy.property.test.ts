import { expect } from 'chai';
import fc from 'fast-check';
import { NnDataError } from '../../src/data/errors.js';
import { parseNpy } from '../../src/data/npy.js';
import { expectSameValues } from './fixtures.js';
import { corrupt, corruption, expectedFromRaw, rawBytes, smallShape } from './property-arbitraries.js';
import { NPY_KINDS } from './reference.js';
import { atByteOffset, writeNpy } from './writers.js';

const npyCase = fc
  .record({
    kind: fc.constantFrom(...NPY_KINDS),
    littleEndian: fc.boolean(),
    shape: smallShape,
    fortranOrder: fc.boolean(),
    version: fc.constantFrom(1 as const, 2 as const, 3 as const),
    byteOffset: fc.integer({ min: 0, max: 7 }),
  })
  .chain((spec) => rawBytes(spec.kind, spec.shape).map((raw) => ({ ...spec, raw })));

function descrOf(kind: string, littleEndian: boolean): string {
  return `${kind[1] === '1' ? '|' : littleEndian ? '<' : '>'}${kind}`;
}

describe('parseNpy (property)', () => {
  it('parseNpy(writeNpy(random dtype, byte order, memory order, shape, bytes)) gives the reference values', () => {
    fc.assert(
      fc.property(npyCase, ({ kind, littleEndian, shape, fortranOrder, version, byteOffset, raw }) => {
        const descr = descrOf(kind, littleEndian);
        const file = writeNpy({ descr, shape, data: raw, fortranOrder, version });
        const decoded = parseNpy(atByteOffset(file, byteOffset));
        expect(decoded.shape).to.deep.equal(shape);
        expect(decoded.dtype).to.equal(descr);
        expectSameValues(decoded.data, expectedFromRaw(raw, kind, shape, littleEndian || kind[1] === '1', fortranOrder));
      }),
      { numRuns: 300 },
    );
  });

  it('parseNpy(corrupted or truncated npy) throws NnDataError or returns a consistent array', () => {
    fc.assert(
      fc.property(npyCase, corruption, (spec, mutation) => {
        const file = writeNpy({ descr: descrOf(spec.kind, spec.littleEndian), shape: spec.shape, data: spec.raw, version: spec.version });
        const bytes = corrupt(file, mutation);
        try {
          const decoded = parseNpy(bytes);
          expect(decoded.data.length).to.equal(decoded.shape.reduce((a, b) => a * b, 1));
        } catch (error) {
          if (!(error instanceof NnDataError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
