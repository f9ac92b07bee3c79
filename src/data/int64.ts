/**
 * 64-bit integers to numbers that round to float32 the way numpy's cast does.
 *
 * Above 2^53 a float64 holds an int64 only approximately, so "int64 →
 * float64 → float32" rounds twice, and two roundings can differ from numpy's
 * one: 2^62 + 2^38 + 1 rounds to 2^62 + 2^38 in float64, a float32 tie that
 * goes to 2^62, while the exact value rounds up to 2^62 + 2^39. These helpers
 * return a float64 whose float32 rounding equals the exact value's.
 */

const TWO_POW_32 = 0x1_0000_0000;

/**
 * An unsigned 64-bit integer, given as its low and high 32-bit halves, as a
 * number whose float32 rounding is exact (see the module comment).
 *
 * At or above 2^53 the value has 54 to 64 significant bits and float32 keeps
 * 24, so float32's rounding bit is bit 29 or higher and bits 0–27 matter only
 * as "something below is set" (the sticky bit). Folding them into bit 27
 * leaves at most 37 significant bits: exact in float64, and Float32Array's
 * single rounding then matches numpy.
 *
 * @example
 * ```ts
 * new Float32Array([uint64ToNumber(0xffffffff, 0xffffffff)])[0]; // 2 ** 64
 * ```
 */
export function uint64ToNumber(low: number, high: number): number {
  low >>>= 0;
  high >>>= 0;
  if (high < 0x20_0000) return high * TWO_POW_32 + low;
  const sticky = (low & 0x0fff_ffff) !== 0 ? 0x0800_0000 : 0;
  return high * TWO_POW_32 + ((low & 0xf000_0000) >>> 0) + sticky;
}

/**
 * A two's-complement signed 64-bit integer, given as its low and high 32-bit
 * halves, as a number whose float32 rounding is exact.
 *
 * @example
 * ```ts
 * int64ToNumber(0, 0x80000000); // -(2 ** 63), int64 min
 * int64ToNumber(0xffffffff, 0xffffffff); // -1
 * ```
 */
export function int64ToNumber(low: number, high: number): number {
  if ((high | 0) >= 0) return uint64ToNumber(low, high);
  // Magnitude = two's complement negation; rounding is symmetric in sign.
  const negatedLow = (~low + 1) >>> 0;
  const negatedHigh = (~high + (negatedLow === 0 ? 1 : 0)) >>> 0;
  return -uint64ToNumber(negatedLow, negatedHigh);
}

/**
 * A bigint as a number whose float32 rounding is exact for values that fit
 * in 64 bits (larger ones round through float64).
 *
 * @example
 * ```ts
 * bigintToNumber(-(2n ** 63n)); // -(2 ** 63)
 * ```
 */
export function bigintToNumber(value: bigint): number {
  if (value >= -(2n ** 63n) && value < 2n ** 64n) {
    const bits = BigInt.asUintN(64, value);
    const low = Number(bits & 0xffff_ffffn);
    const high = Number(bits >> 32n);
    return value < 0n ? int64ToNumber(low, high) : uint64ToNumber(low, high);
  }
  return Number(value);
}
