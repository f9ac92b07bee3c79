/**
 * mulberry32: a small 32-bit PRNG with a full 2^32 period, uniform in [0, 1).
 * Seeded work draws from it on the CPU (SmoothGrad's noise, the feature
 * optimiser's initial spectrum and every step's transform), so a seed gives
 * the same run on every backend.
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // 0.6011...
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` samples of N(0, scale²) from `random` (Box-Muller). */
export function normals(random: () => number, count: number, scale = 1): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random())) * scale;
    const angle = 2 * Math.PI * random();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
