/**
 * Half-precision (IEEE 754 binary16) and bfloat16 decoding.
 *
 * Both decode exactly: every half and every bfloat16 value, subnormals,
 * ±0, ±Infinity and NaN included, is representable in float32.
 */

/**
 * Decodes the 16 bits of an IEEE 754 half-precision float.
 *
 * Arithmetic instead of bit tricks: every step is exact in float64, and it
 * handles subnormals (exponent 0, value = fraction × 2^-24) without a
 * normalisation loop.
 *
 * @example
 * ```ts
 * float16ToNumber(0x3c00); // 1
 * float16ToNumber(0x0001); // 2 ** -24, the smallest subnormal
 * float16ToNumber(0xfc00); // -Infinity
 * ```
 */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (0x400 + fraction) * 2 ** (exponent - 25);
}

let table: Float32Array | undefined;

/**
 * All 65,536 half-precision values as float32, indexed by their bits; built
 * once (256 KiB). A table lookup per element is the fastest decode for the
 * large arrays npy and safetensors files hold.
 *
 * @example
 * ```ts
 * const halves = new Uint16Array(buffer);
 * const floats = new Float32Array(halves.length);
 * const lookup = float16Table();
 * for (let i = 0; i < halves.length; i++) floats[i] = lookup[halves[i]];
 * ```
 */
export function float16Table(): Float32Array {
  if (!table) {
    table = new Float32Array(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) table[bits] = float16ToNumber(bits);
  }
  return table;
}

const bfloat16Bits = new Uint32Array(1);
const bfloat16Value = new Float32Array(bfloat16Bits.buffer);

/**
 * Decodes the 16 bits of a bfloat16: they are the upper half of a float32.
 *
 * @example
 * ```ts
 * bfloat16ToNumber(0x3f80); // 1
 * bfloat16ToNumber(0x7f80); // Infinity
 * ```
 */
export function bfloat16ToNumber(bits: number): number {
  bfloat16Bits[0] = (bits & 0xffff) << 16;
  return bfloat16Value[0];
}
