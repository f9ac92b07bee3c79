import { expect } from 'chai';
import { bfloat16ToNumber, float16Table, float16ToNumber } from '../../src/data/float16.js';

describe('float16ToNumber', () => {
  it('float16ToNumber(bits) decodes ±0, subnormals, normals, ±Infinity and NaN', () => {
    expect(Object.is(float16ToNumber(0x0000), 0)).to.equal(true);
    expect(Object.is(float16ToNumber(0x8000), -0)).to.equal(true);
    expect(float16ToNumber(0x0001)).to.equal(2 ** -24); // smallest subnormal
    expect(float16ToNumber(0x03ff)).to.equal(1023 * 2 ** -24); // largest subnormal
    expect(float16ToNumber(0x0400)).to.equal(2 ** -14); // smallest normal
    expect(float16ToNumber(0x3c00)).to.equal(1);
    expect(float16ToNumber(0xc000)).to.equal(-2);
    expect(float16ToNumber(0x3555)).to.equal(0.333251953125);
    expect(float16ToNumber(0x7bff)).to.equal(65504);
    expect(float16ToNumber(0x7c00)).to.equal(Infinity);
    expect(float16ToNumber(0xfc00)).to.equal(-Infinity);
    expect(Number.isNaN(float16ToNumber(0x7e00))).to.equal(true);
    expect(Number.isNaN(float16ToNumber(0xfc01))).to.equal(true);
  });

  it("float16Table() agrees with the browser's Float16Array on all 65,536 bit patterns", () => {
    const Float16 = (globalThis as { Float16Array?: new (buffer: ArrayBuffer) => ArrayLike<number> }).Float16Array;
    // Chromium ships Float16Array since version 135; the tests run only there.
    if (!Float16) expect.fail('this browser has no Float16Array to compare with');
    const bits = new Uint16Array(0x10000).map((_, i) => i);
    const reference = new Float16(bits.buffer);
    const table = float16Table();
    for (let i = 0; i < 0x10000; i++) {
      if (!Object.is(table[i], reference[i])) expect.fail(`0x${i.toString(16)}: ${table[i]} vs Float16Array ${reference[i]}`);
    }
  });
});

describe('bfloat16ToNumber', () => {
  it('bfloat16ToNumber(bits) is the float32 whose upper half the bits are', () => {
    expect(bfloat16ToNumber(0x3f80)).to.equal(1);
    expect(bfloat16ToNumber(0xc040)).to.equal(-3);
    expect(bfloat16ToNumber(0x0001)).to.equal(2 ** -133); // subnormal
    expect(Object.is(bfloat16ToNumber(0x8000), -0)).to.equal(true);
    expect(bfloat16ToNumber(0x7f80)).to.equal(Infinity);
    expect(bfloat16ToNumber(0xff80)).to.equal(-Infinity);
    expect(Number.isNaN(bfloat16ToNumber(0x7fc0))).to.equal(true);
  });
});
