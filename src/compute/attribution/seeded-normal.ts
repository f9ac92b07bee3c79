import { mulberry32, normals } from '../random.js';

/**
 * Gaussian noise that depends only on `(seed, example index)`: example i of
 * a SmoothGrad run gets the same noise whether it is drawn in a batch of 1 or
 * of 100, on any backend, so a seed reproduces a map exactly. Generated on
 * the CPU (mulberry32 seeded by a hash of seed and index, then Box-Muller),
 * because tfjs's seeded `randomNormal` draws a whole batch from one stream
 * and would tie the noise to the batch size.
 *
 * Fills `count` examples of `size` values, starting at example `first`, with
 * samples of N(0, scale²).
 *
 * @example
 * ```ts
 * const noise = seededNormal(42, 0, 25, 784, 0.15); // 25 noisy copies' worth for a 28 x 28 digit
 * ```
 */
export function seededNormal(seed: number, first: number, count: number, size: number, scale: number): Float32Array {
  const out = new Float32Array(count * size);
  for (let e = 0; e < count; e++) {
    out.set(normals(mulberry32(mix(seed, first + e)), size, scale), e * size);
  }
  return out;
}

/** A 32-bit seed for example `index` of stream `seed` (murmur3's finaliser over both). */
function mix(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
