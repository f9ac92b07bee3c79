import { tf } from '../../tf.js';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';

/**
 * One layer of attention rollout (Abnar & Zuidema, 2020, "Quantifying
 * Attention Flow in Transformers"): the layer's heads are averaged, the
 * residual connection is accounted for as `0.5 * A + 0.5 * I`, rows are
 * renormalised to sum to 1, and the result is multiplied onto the rollout so
 * far: `R_l = Â_l · R_(l-1)`, with `R_0 = Â_0` when `previous` is undefined.
 *
 * Taking one layer at a time lets callers stream a model whose attention is
 * too large to upload at once. Disposes neither input.
 *
 * @example
 * ```ts
 * let rollout;
 * for (const layer of layers) { const next = rolloutStep(rollout, layer); rollout?.dispose(); rollout = next; }
 * ```
 */
export function rolloutStep(previous: Tensor2D | undefined, layerHeads: Tensor): Tensor2D {
  if (layerHeads.rank !== 3 || layerHeads.shape[1] !== layerHeads.shape[2]) {
    throw new Error(`rollout needs self-attention: each layer [heads, q, k] with q = k, got shape [${layerHeads.shape}].`);
  }
  const n = layerHeads.shape[1] as number;
  if (previous && (previous.shape[0] !== n || previous.shape[1] !== n)) {
    throw new Error(`rolloutStep: previous rollout is [${previous.shape}], this layer is ${n} x ${n}.`);
  }
  return tf.tidy('rolloutStep', () => rolloutStepFromMean(previous, tf.mean(layerHeads, 0) as Tensor2D));
}

/**
 * {@link rolloutStep} for a layer whose heads are already averaged
 * (`[q, q]`), e.g. in one typed-array pass over attention kept in memory.
 * Disposes neither input.
 */
export function rolloutStepFromMean(previous: Tensor2D | undefined, headMean: Tensor2D): Tensor2D {
  const n = headMean.shape[0];
  if (headMean.shape[1] !== n || (previous && (previous.shape[0] !== n || previous.shape[1] !== n))) {
    throw new Error(
      `rolloutStepFromMean: the head mean is [${headMean.shape}] and the rollout so far [${previous?.shape ?? ''}]; both must be n x n.`,
    );
  }
  return tf.tidy('rolloutStepFromMean', () => {
    const mixed = tf.add(tf.mul(headMean, 0.5), tf.mul(tf.eye(n), 0.5));
    const renormalised = tf.div(mixed, tf.sum(mixed, 1, true)) as Tensor2D;
    return previous ? tf.matMul(renormalised, previous) : renormalised;
  });
}

/**
 * Attention rollout through layer `throughLayer` (default: the last) of
 * `attention` `[layers, heads, q, q]`; see {@link rolloutStep}. Row i of the
 * result says how much of token i's representation after that layer flows
 * from each input token. The caller disposes the result.
 *
 * @example
 * ```ts
 * const flow = attentionRollout(attention); // [q, q], rows sum to 1
 * ```
 */
export function attentionRollout(attention: Tensor, throughLayer = attention.shape[0] - 1): Tensor2D {
  if (attention.rank !== 4) {
    throw new Error(`attentionRollout: attention must be [layers, heads, q, k], got rank ${attention.rank} (shape [${attention.shape}]).`);
  }
  const [layers, heads, q, k] = attention.shape as [number, number, number, number];
  if (!Number.isInteger(throughLayer) || throughLayer < 0 || throughLayer >= layers) {
    throw new Error(`attentionRollout: layer ${throughLayer} is out of range; the model has layers 0 to ${layers - 1}.`);
  }
  let rollout: Tensor2D | undefined;
  for (let layer = 0; layer <= throughLayer; layer++) {
    const layerHeads = tf.tidy(() => tf.reshape(tf.slice(attention, [layer, 0, 0, 0], [1, heads, q, k]), [heads, q, k]));
    const next = rolloutStep(rollout, layerHeads);
    layerHeads.dispose();
    rollout?.dispose();
    rollout = next;
  }
  return rollout as Tensor2D;
}
