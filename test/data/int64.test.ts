import { expect } from 'chai';
import fc from 'fast-check';
import { bigintToNumber } from '../../src/data/int64.js';
import { typedArrayToFloat32 } from '../../src/data/typed-arrays.js';
import { bigintToFloat32 } from './reference.js';

describe('64-bit integers to float32', () => {
  it('typedArrayToFloat32(BigInt64Array) rounds once, like numpy (2^62 + 2^38 + 1 → 2^62 + 2^39)', () => {
    const values = typedArrayToFloat32(new BigInt64Array([2n ** 62n + 2n ** 38n + 1n, -(2n ** 63n), 2n ** 63n - 1n, -1n]));
    expect(Array.from(values)).to.deep.equal([2 ** 62 + 2 ** 39, -(2 ** 63), 2 ** 63, -1]);
  });

  it('typedArrayToFloat32(BigInt64Array | BigUint64Array) equals exact BigInt rounding for random values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 20 }),
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 20 }),
        (signed, unsigned) => {
          const a = typedArrayToFloat32(BigInt64Array.from(signed));
          signed.forEach((value, i) => expect(a[i], String(value)).to.equal(bigintToFloat32(value)));
          const b = typedArrayToFloat32(BigUint64Array.from(unsigned));
          unsigned.forEach((value, i) => expect(b[i], String(value)).to.equal(bigintToFloat32(value)));
          for (const value of [...signed, ...unsigned]) expect(Math.fround(bigintToNumber(value))).to.equal(bigintToFloat32(value));
        },
      ),
      { numRuns: 300 },
    );
  });
});
