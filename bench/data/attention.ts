/**
 * Seeded, attention-like weights for benchmarks: every row along the last
 * axis (one query's weights over its keys) is a softmax of Gaussian logits,
 * so rows sum to 1 and most values sit near 1/keys, as in a real attention
 * tensor. The values, their digits and so the JSON text length are the same
 * on every run and machine.
 *
 * @example
 * ```ts
 * const weights = attentionWeights([12, 12, 512, 512]); // BERT-base, all layers and heads
 * weights.length; // 37_748_736
 * ```
 */
export function attentionWeights(shape: readonly number[], seed = 1, logitSpread = 2): Float32Array {
  const keys = shape[shape.length - 1];
  const size = shape.reduce((product, length) => product * length, 1);
  if (!(keys > 0) || !Number.isInteger(size)) {
    throw new Error(`attentionWeights: shape must be whole numbers ending in keys > 0, got [${shape.join(', ')}].`);
  }
  const random = mulberry32(seed);
  const weights = new Float32Array(size);
  const row = new Float64Array(keys);
  for (let start = 0; start < size; start += keys) {
    let max = -Infinity;
    for (let k = 0; k < keys; k++) {
      // Irwin–Hall sum of four uniforms: mean 2, variance 1/3, near-Gaussian.
      const logit = (random() + random() + random() + random() - 2) * Math.sqrt(3) * logitSpread;
      row[k] = logit;
      if (logit > max) max = logit;
    }
    let sum = 0;
    for (let k = 0; k < keys; k++) {
      row[k] = Math.exp(row[k] - max);
      sum += row[k];
    }
    for (let k = 0; k < keys; k++) weights[start + k] = row[k] / sum;
  }
  return weights;
}

/** Mulberry32 (Tommy Ettinger): a small, fast 32-bit PRNG, ample for test data. */
function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeded causal (decoder, GPT-style) attention: query `i` attends to keys
 * `0..i` only, as a softmax of Gaussian logits over them; the keys after it
 * are exactly 0, as a causal mask leaves them. Shape `[..., n, n]`.
 *
 * @example
 * ```ts
 * const weights = causalAttentionWeights([12, 12, 1024, 1024]); // GPT-2 small at its full context
 * ```
 */
export function causalAttentionWeights(shape: readonly number[], seed = 1, logitSpread = 2): Float32Array {
  const n = shape[shape.length - 1];
  const size = shape.reduce((product, length) => product * length, 1);
  if (shape.length < 2 || shape[shape.length - 2] !== n || !(n > 0) || !Number.isInteger(size)) {
    throw new Error(`causalAttentionWeights: shape must be whole numbers ending in [n, n], got [${shape.join(', ')}].`);
  }
  const random = mulberry32(seed);
  const weights = new Float32Array(size);
  const row = new Float64Array(n);
  for (let start = 0; start < size; start += n) {
    const query = (start / n) % n;
    let max = -Infinity;
    for (let k = 0; k <= query; k++) {
      const logit = (random() + random() + random() + random() - 2) * Math.sqrt(3) * logitSpread;
      row[k] = logit;
      if (logit > max) max = logit;
    }
    let sum = 0;
    for (let k = 0; k <= query; k++) {
      row[k] = Math.exp(row[k] - max);
      sum += row[k];
    }
    for (let k = 0; k <= query; k++) weights[start + k] = row[k] / sum;
  }
  return weights;
}
