import { tf } from '../../tf.js';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { loadArray, onThisBackend, type TensorInput } from '../../data/load-tensor.js';
import { NnDataError } from '../../data/errors.js';
import { reduceHeads, reduceHeadsArray, type HeadSelection } from '../../compute/attention/reduce-heads.js';
import { rolloutStep, rolloutStepFromMean } from '../../compute/attention/rollout.js';
import { poolMatrix, type PoolReduction } from '../../compute/pool.js';
import { poolMatrixArray } from '../../compute/pool-array.js';

/** What the element accepts as attention: any loadable input, or Hugging Face's per-layer list. */
export type AttentionInput = TensorInput | readonly Tensor[];

/**
 * Attention as `[layers, heads, q, k]`, kept where it already is: in memory
 * (a Float32Array, e.g. decoded from a file, never uploaded whole) or on the
 * backend (a tensor the element owns, e.g. a clone of the caller's GPU
 * tensor). Each operation runs where that is cheapest.
 */
export type AttentionSource = ({ kind: 'array'; data: Float32Array } | { kind: 'tensor'; tensor: Tensor }) & {
  /** Always `[layers, heads, q, k]`; a rank 2 or 3 input gets axes of size 1. */
  shape: [number, number, number, number];
  /** The rank the user gave: 2 (one matrix), 3 (heads) or 4 (layers x heads). */
  rank: number;
};

/** Pads rank 2 and 3 to `[layers, heads, q, k]`. */
function asFourAxes(shape: readonly number[]): [number, number, number, number] {
  if (shape.length === 2) return [1, 1, shape[0], shape[1]];
  if (shape.length === 3) return [1, shape[0], shape[1], shape[2]];
  return [shape[0], shape[1], shape[2], shape[3]];
}

/**
 * Loads attention from anything a user has. A tensor stays on its backend
 * (cloned; the caller's is never disposed); Hugging Face's
 * `outputs.attentions` (one `[1, heads, q, k]` tensor per layer) is
 * concatenated there; everything else is decoded into memory.
 */
export async function loadAttention(input: AttentionInput, signal: AbortSignal): Promise<AttentionSource> {
  const source = 'attention';
  if (Array.isArray(input) && input.length > 0 && (input as unknown[]).every((item) => item instanceof tf.Tensor)) {
    const layers = input as unknown as readonly Tensor[];
    layers.forEach((layer, index) => {
      if (layer.isDisposed) throw new NnDataError(`layer ${index} of the list has been disposed`, { source });
      if (layer.dtype === 'complex64' || layer.dtype === 'string') {
        throw new NnDataError(`layer ${index} of the list has dtype '${layer.dtype}'; pass numeric tensors`, { source });
      }
      if (layer.rank !== 4 || layer.shape[0] !== 1) {
        throw new NnDataError(
          `a list of per-layer tensors must hold [1, heads, q, k] tensors (as Hugging Face's outputs.attentions), but layer ${index} has shape [${layer.shape}]`,
          { source },
        );
      }
      if (layer.shape.some((size, axis) => size !== layers[0].shape[axis])) {
        throw new NnDataError(`layer ${index} has shape [${layer.shape}] but layer 0 has [${layers[0].shape}]`, { source });
      }
    });
    // Tensors made on another backend (the page switched since) are read, not moved by tfjs's synchronous readSync.
    const local: Tensor[] = [];
    try {
      for (const layer of layers) local.push(await onThisBackend(layer, { source, signal }));
      const tensor = tf.tidy(() => tf.cast(tf.concat(local as Tensor[], 0), 'float32'));
      return { kind: 'tensor', tensor, shape: asFourAxes(tensor.shape), rank: 4 };
    } finally {
      local.forEach((copy, index) => copy !== layers[index] && copy.dispose());
    }
  }
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) throw new NnDataError('the tensor passed in has already been disposed', { source });
    // A cast would keep only the real part of a complex tensor and draw it as if it were the data.
    if (input.dtype === 'complex64' || input.dtype === 'string') {
      throw new NnDataError(`unsupported tensor dtype '${input.dtype}'; pass a numeric tensor (for complex, tf.abs(x) or tf.real(x))`, { source });
    }
    if (input.rank < 2 || input.rank > 4) {
      throw new NnDataError(`expected rank 2 [q, k], 3 [heads, q, k] or 4 [layers, heads, q, k], got rank ${input.rank} (shape [${input.shape}])`, {
        source,
      });
    }
    const shape = asFourAxes(input.shape);
    const local = await onThisBackend(input, { source, signal });
    try {
      const tensor = tf.tidy(() => tf.reshape(tf.cast(local, 'float32'), shape));
      return { kind: 'tensor', tensor, shape, rank: input.rank };
    } finally {
      if (local !== input) local.dispose();
    }
  }
  const decoded = await loadArray(input as TensorInput, { rank: [2, 3, 4], signal, source });
  return { kind: 'array', data: decoded.data, shape: asFourAxes(decoded.shape), rank: decoded.shape.length };
}

/** Frees what the source holds on the backend. */
export function disposeSource(source: AttentionSource | undefined): void {
  if (source?.kind === 'tensor' && !source.tensor.isDisposed) source.tensor.dispose();
}

/** The heads of one layer of attention on the backend, as a `[heads, q, k]` tensor the caller disposes. */
function layerHeads(source: AttentionSource & { kind: 'tensor' }, layer: number): Tensor {
  const [, heads, q, k] = source.shape;
  return tf.tidy(() => tf.reshape(tf.slice(source.tensor, [layer, 0, 0, 0], [1, heads, q, k]), [heads, q, k]));
}

/** Which matrix to show. */
export interface Selection {
  layer: number;
  head: HeadSelection;
  rollout: boolean;
}

/** Checks a selection against the shape, with messages that name the valid range. */
export function checkSelection(shape: readonly number[], { layer, head, rollout }: Selection): void {
  const [layers, heads, q, k] = shape;
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
    throw new Error(`layer ${layer} is out of range: the attention has ${layers} layer${layers === 1 ? '' : 's'} (0 to ${layers - 1}).`);
  }
  if (typeof head === 'number' && (!Number.isInteger(head) || head < 0 || head >= heads)) {
    throw new Error(
      `head ${head} is out of range: each layer has ${heads} head${heads === 1 ? '' : 's'} (0 to ${heads - 1}), or use "mean" or "max".`,
    );
  }
  if (rollout && q !== k) {
    throw new Error(`rollout needs self-attention (as many query as key tokens), but the attention is ${q} x ${k}.`);
  }
}

/**
 * The `[q, k]` matrix for a selection, read back once. Where the attention
 * is on the backend, heads are reduced and rollout multiplied there; where
 * it is in memory, heads are reduced in one typed-array pass (uploading a
 * whole layer to average it costs more than averaging it) and only rollout's
 * `q x q` products run as tfjs ops.
 */
export async function selectMatrix(source: AttentionSource, selection: Selection): Promise<Float32Array> {
  checkSelection(source.shape, selection);
  const [, heads, q, k] = source.shape;
  const { layer, head, rollout } = selection;
  const layerValues = (l: number) => (source as { data: Float32Array }).data.subarray(l * heads * q * k, (l + 1) * heads * q * k);
  if (!rollout && source.kind === 'array') return reduceHeadsArray(layerValues(layer), heads, q, k, head);
  let matrix: Tensor2D | undefined;
  try {
    if (rollout) {
      for (let l = 0; l <= layer; l++) {
        let next: Tensor2D;
        if (source.kind === 'array') {
          const mean = tf.tensor2d(reduceHeadsArray(layerValues(l), heads, q, k, 'mean'), [q, k]);
          next = rolloutStepFromMean(matrix, mean);
          mean.dispose();
        } else {
          const headsOfLayer = layerHeads(source, l);
          next = rolloutStep(matrix, headsOfLayer);
          headsOfLayer.dispose();
        }
        matrix?.dispose();
        matrix = next;
      }
    } else if (source.kind === 'tensor') {
      const headsOfLayer = layerHeads(source, layer);
      matrix = reduceHeads(headsOfLayer, head);
      headsOfLayer.dispose();
    }
    return (await matrix!.data()) as Float32Array;
  } finally {
    matrix?.dispose();
  }
}

/** Every head's thumbnail: `[layers, heads, rows, cols]` values and the block size each cell covers. */
export interface Thumbnails {
  data: Float32Array;
  rows: number;
  cols: number;
  blockRows: number;
  blockCols: number;
}

/**
 * Reduces every head to at most `size x size` cells for the model view,
 * where that is fastest: in one typed-array pass when the attention is in
 * memory, with pooling ops on the backend when it is already there.
 */
export async function thumbnails(source: AttentionSource, size: number, reduction: PoolReduction): Promise<Thumbnails> {
  if (source.kind === 'array') {
    const { pooled, shape, blockRows, blockCols } = poolMatrixArray(source.data, source.shape, size, size, reduction);
    return { data: pooled, rows: shape[2], cols: shape[3], blockRows, blockCols };
  }
  const { pooled, blockRows, blockCols } = poolMatrix(source.tensor, size, size, reduction);
  try {
    return { data: (await pooled.data()) as Float32Array, rows: pooled.shape[2]!, cols: pooled.shape[3]!, blockRows, blockCols };
  } finally {
    pooled.dispose();
  }
}

/** The heads of one layer as one array `[heads, q, k]` (for the lines view). */
export async function layerArray(source: AttentionSource, layer: number): Promise<Float32Array> {
  const [, heads, q, k] = source.shape;
  if (source.kind === 'array') return source.data.subarray(layer * heads * q * k, (layer + 1) * heads * q * k);
  const tensor = layerHeads(source, layer);
  try {
    return (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
}
