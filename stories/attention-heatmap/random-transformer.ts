// The real attention of a small transformer encoder whose weights are random
// (seeded), computed with tfjs-core ops. Nothing here is trained: the patterns
// come from the architecture alone (token identity through the embeddings,
// position through the sinusoids, mixing through the residual stream), which
// is exactly what the Rollout story wants to show honestly.
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../../src/tf.js';
import { ensureBackend } from '../../src/backend/use-backend.js';
import { gaussian, mulberry32 } from './synthetic-attention.js';

/** The architecture; every weight is drawn from N(0, (gain / √fanIn)²) with `seed`. */
export interface RandomTransformerConfig {
  layers: number;
  heads: number;
  /** Width of the residual stream; each head gets `dModel / heads`. */
  dModel: number;
  seed: number;
  /**
   * Scale of the query and key weights. At 1 (Xavier-like) the logits have a
   * standard deviation near 1 and every head is close to uniform. Measured on
   * the Rollout story's 16 tokens: at 1.5 the heads' mean row entropy is
   * 1.4 to 2.3 nats (uniform: 2.77), a spread like trained BERT heads'; at 2
   * most rows put over 90% on one token.
   */
  gain: number;
}

/** 6 layers x 8 heads, d_model 64: a forward pass takes milliseconds on any backend. */
export const RANDOM_TRANSFORMER: RandomTransformerConfig = { layers: 6, heads: 8, dModel: 64, seed: 2024, gain: 1.5 };

/** BERT's vocabulary size: a token's id is its FNV-1a hash modulo this. */
const VOCABULARY = 30522;

/** FNV-1a, 32 bits: a stable id for a token string (case-insensitive, as bert-base-uncased). */
export function tokenId(token: string): number {
  let hash = 0x811c9dc5;
  for (const char of token.toLowerCase()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % VOCABULARY;
}

function randomMatrix(rows: number, cols: number, std: number, random: () => number): Tensor2D {
  const normal = gaussian(random);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = normal() * std;
  return tf.tensor2d(values, [rows, cols]);
}

/** Row i: token i's embedding (seeded by its id, so equal tokens embed equally) plus the sinusoidal position code (Vaswani et al., 2017). */
function embed(tokens: readonly string[], dModel: number): Tensor2D {
  const values = new Float32Array(tokens.length * dModel);
  tokens.forEach((token, position) => {
    const normal = gaussian(mulberry32(tokenId(token) + 1));
    for (let d = 0; d < dModel; d++) {
      const angle = position / 10000 ** ((2 * Math.floor(d / 2)) / dModel);
      values[position * dModel + d] = normal() + (d % 2 === 0 ? Math.sin(angle) : Math.cos(angle));
    }
  });
  return tf.tensor2d(values, [tokens.length, dModel]);
}

/** Layer normalisation without the learned scale and shift (they would be 1 and 0 at initialisation). */
function layerNorm(x: Tensor2D): Tensor2D {
  const { mean, variance } = tf.moments(x, 1, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
}

/** `[n, dModel]` → `[heads, n, dModel / heads]`. */
function splitHeads(x: Tensor, heads: number): Tensor {
  const [n, d] = x.shape;
  return tf.transpose(tf.reshape(x, [n, heads, d / heads]), [1, 0, 2]);
}

/**
 * Runs the encoder on `tokens` and returns each layer's attention
 * softmax(QKᵀ / √d_head) as a `[1, heads, n, n]` tensor: the form of Hugging
 * Face's `outputs.attentions`. Post-LN blocks as in BERT:
 * `x = LN(x + Attn(x))`, `x = LN(x + W₂ ReLU(W₁ x))`. The caller owns the
 * tensors.
 *
 * @example
 * ```ts
 * const attentions = await randomTransformerAttention(['[CLS]', 'hi', '[SEP]']);
 * el.attention = attentions; // a list of [1, 8, 3, 3] tensors
 * ```
 */
export async function randomTransformerAttention(tokens: readonly string[], config = RANDOM_TRANSFORMER): Promise<Tensor4D[]> {
  await ensureBackend();
  const { layers, heads, dModel, gain } = config;
  const dHead = dModel / heads;
  const random = mulberry32(config.seed);
  return tf.tidy('randomTransformer', () => {
    let x = layerNorm(embed(tokens, dModel));
    const attentions: Tensor4D[] = [];
    for (let layer = 0; layer < layers; layer++) {
      const wq = randomMatrix(dModel, dModel, gain / Math.sqrt(dModel), random);
      const wk = randomMatrix(dModel, dModel, gain / Math.sqrt(dModel), random);
      const wv = randomMatrix(dModel, dModel, 1 / Math.sqrt(dModel), random);
      const wo = randomMatrix(dModel, dModel, 1 / Math.sqrt(dModel), random);
      const w1 = randomMatrix(dModel, 4 * dModel, 1 / Math.sqrt(dModel), random);
      const w2 = randomMatrix(4 * dModel, dModel, 1 / Math.sqrt(4 * dModel), random);
      const q = splitHeads(tf.matMul(x, wq), heads);
      const k = splitHeads(tf.matMul(x, wk), heads);
      const v = splitHeads(tf.matMul(x, wv), heads);
      const attention = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dHead)));
      attentions.push(tf.expandDims(attention, 0) as Tensor4D);
      const mixed = tf.reshape(tf.transpose(tf.matMul(attention, v), [1, 0, 2]), [tokens.length, dModel]);
      x = layerNorm(tf.add(x, tf.matMul(mixed, wo)));
      x = layerNorm(tf.add(x, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)));
    }
    return attentions;
  });
}
