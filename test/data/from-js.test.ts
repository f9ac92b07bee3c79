import { expect } from 'chai';
import fc from 'fast-check';
import { fromJs } from '../../src/data/from-js.js';
import { expectDataError, expectSameValues } from './fixtures.js';

describe('fromJs', () => {
  it('fromJs(number) is a scalar; fromJs(typed array) is rank 1 with the numpy dtype name', () => {
    expect(fromJs(2.5)).to.deep.equal({ data: Float32Array.of(2.5), shape: [], dtype: 'float64' });
    const cases: [ArrayLike<number | bigint>, string][] = [
      [new Int8Array([-1, 2]), 'int8'],
      [new Uint8ClampedArray([255, 0]), 'uint8'],
      [new Int16Array([-300, 2]), 'int16'],
      [new Uint32Array([4294967295, 0]), 'uint32'],
      [new Float64Array([0.1, 2]), 'float64'],
      [new BigInt64Array([-5n, 2n]), 'int64'],
      [new BigUint64Array([2n ** 64n - 1n, 2n]), 'uint64'],
    ];
    for (const [array, dtype] of cases) {
      const decoded = fromJs(array);
      expect(decoded.dtype).to.equal(dtype);
      expect(decoded.shape).to.deep.equal([2]);
      expectSameValues(
        decoded.data,
        Array.from(array, (value) => Math.fround(Number(value))),
      );
    }
  });

  it('fromJs(Float32Array) uses the array as is (no copy)', () => {
    const values = new Float32Array([1, 2]);
    expect(fromJs(values).data).to.equal(values);
    expect(fromJs({ data: values, shape: [2, 1] }).data).to.equal(values);
  });

  it('fromJs(nested arrays, typed rows, nulls, bigints, empty axes)', () => {
    expect(fromJs([[new Int16Array([1, 2]), new Int16Array([3, 4])]])).to.deep.include({ shape: [1, 2, 2], dtype: 'int16' });
    expectSameValues(
      fromJs([
        [null, 1n],
        [2, -0],
      ]).data,
      [NaN, 1, 2, -0],
    );
    expect(fromJs([]).shape).to.deep.equal([0]);
    expect(fromJs([[[]], [[]]]).shape).to.deep.equal([2, 1, 0]);
    expect(fromJs({ data: [], shape: [3, 0] }).shape).to.deep.equal([3, 0]);
  });

  it('fromJs(unsupported values) names the type', async () => {
    await expectDataError(() => fromJs('1,2,3', 'tokens'), 'tokens:', 'a string');
    await expectDataError(() => fromJs(new ArrayBuffer(4)), 'raw bytes');
    await expectDataError(() => fromJs({ data: 'abc', shape: [3] }), 'data must be a typed array');
    await expectDataError(
      () => fromJs([[new Float32Array(2)], [new Float32Array(3)]]),
      'element [1][0] is a Float32Array of length 3',
      'element [0][0] is an array of length 2',
    );
  });

  it('fromJs(nested(random values, random shape)) flattens in C order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.float({ noDefaultInfinity: false }), { minLength: 256, maxLength: 256 }),
        (shape, pool) => {
          const flat = pool.slice(
            0,
            shape.reduce((a, b) => a * b, 1),
          );
          const nest = (at: number, depth: number): unknown => {
            if (depth === shape.length) return flat[at];
            const inner = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
            return Array.from({ length: shape[depth] }, (_, i) => nest(at + i * inner, depth + 1));
          };
          const decoded = fromJs(nest(0, 0));
          expect(decoded.shape).to.deep.equal(shape);
          expectSameValues(decoded.data, flat);
        },
      ),
      { numRuns: 200 },
    );
  });
});
