import { tf } from '../../tf.js';
import type { Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';

/** One random transformation of a step: a translation, a zoom and a turn about the image centre. */
export interface Transform {
  /** Shift in pixels, down and right. */
  dy: number;
  dx: number;
  /** Zoom factor (1.1 enlarges by 10%). */
  scale: number;
  /** Rotation in degrees, counter-clockwise. */
  degrees: number;
}

/** Ranges the optimiser draws a {@link Transform} from each step. */
export interface TransformRanges {
  /** Largest shift in pixels, each way. */
  jitter: number;
  /** Zoom factors drawn uniformly from [1 / (1 + s), 1 + s]. */
  scale: number;
  /** Largest rotation in degrees, each way. */
  rotate: number;
}

/**
 * Lucid's standard transforms (pad 12, jitter 8, scale 0.95-1.05, rotate
 * ±10°, jitter 4, at 224 pixels) scaled to the image size: jitter 1/28 of the
 * side (1 pixel at 28), at least 1.
 */
export function defaultTransformRanges(h: number, w: number): TransformRanges {
  return { jitter: Math.max(1, Math.round(Math.min(h, w) / 28)), scale: 0.05, rotate: 10 };
}

/** Draws one transform from `ranges` with `random` (uniform in [0, 1)). */
export function sampleTransform(random: () => number, ranges: TransformRanges): Transform {
  const shift = () => Math.round((random() * 2 - 1) * ranges.jitter);
  const dy = shift();
  const dx = shift();
  const scale = Math.exp((random() * 2 - 1) * Math.log(1 + ranges.scale));
  const degrees = (random() * 2 - 1) * ranges.rotate;
  return { dy, dx, scale, degrees };
}

/**
 * The four bilinear neighbours and weights of every output pixel of an
 * h x w image under `t`: output (y, x) samples the input at
 * R(−θ)·((y, x) − c) / scale + c − (dy, dx), c the centre. Neighbours
 * outside the image get weight 0 (and a valid index), so the warp fills
 * with `pad` there.
 */
export function warpSamples(h: number, w: number, t: Transform): { index: Int32Array; weight: Float32Array } {
  const n = h * w;
  const index = new Int32Array(4 * n);
  const weight = new Float32Array(4 * n);
  const theta = (t.degrees * Math.PI) / 180;
  const cos = Math.cos(theta) / t.scale;
  const sin = Math.sin(theta) / t.scale;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const oy = y - cy;
      const ox = x - cx;
      const sy = cos * oy - sin * ox + cy - t.dy;
      const sx = sin * oy + cos * ox + cx - t.dx;
      const y0 = Math.floor(sy);
      const x0 = Math.floor(sx);
      const fy = sy - y0;
      const fx = sx - x0;
      const p = y * w + x;
      const corners: [number, number, number][] = [
        [y0, x0, (1 - fy) * (1 - fx)],
        [y0, x0 + 1, (1 - fy) * fx],
        [y0 + 1, x0, fy * (1 - fx)],
        [y0 + 1, x0 + 1, fy * fx],
      ];
      corners.forEach(([cy0, cx0, wt], k) => {
        const inside = cy0 >= 0 && cy0 < h && cx0 >= 0 && cx0 < w;
        index[k * n + p] = inside ? cy0 * w + cx0 : 0;
        weight[k * n + p] = inside ? wt : 0;
      });
    }
  }
  return { index, weight };
}

/**
 * Applies `t` to every image of `images` `[B, h, w, c]` by bilinear sampling
 * (the four neighbours, weighted), filling with `pad` where the
 * transformed image does not reach. Differentiable with respect to `images`
 * on every backend, unlike
 * tf.image.transform and rotateWithOffset, which have no gradients in tfjs.
 * Call inside a tidy.
 *
 * @example
 * ```ts
 * const moved = warp(images, { dy: 1, dx: 0, scale: 1, degrees: 0 }); // shifted down one pixel
 * ```
 */
export function warp(images: Tensor4D, t: Transform, pad = 0): Tensor4D {
  const [b, h, w, c] = images.shape;
  const n = h * w;
  const { index, weight } = warpSamples(h, w, t);
  let sampled: Tensor;
  if (n <= DENSE_WARP_LIMIT) {
    // The warp as one [n, n] sampling matrix (4 non-zeros a row) times the
    // pixels: matmul's gradient is a matmul, fast everywhere. gather's
    // gradient is unsortedSegmentSum, which tfjs-backend-cpu runs in
    // O(pixels x segments): 12 s a step for 16 MNIST images, against 0.13 s
    // this way (measured on this repository's 2-core test machine).
    const matrix = new Float32Array(n * n);
    for (let k = 0; k < 4; k++) for (let p = 0; p < n; p++) matrix[p * n + index[k * n + p]] += weight[k * n + p];
    const pixels = tf.reshape(tf.transpose(tf.reshape(images, [b, n, c]), [1, 0, 2]), [n, b * c]);
    sampled = tf.transpose(tf.reshape(tf.matMul(tf.tensor2d(matrix, [n, n]), pixels), [n, b, c]), [1, 0, 2]);
  } else {
    const flat = tf.reshape(images, [b, n, c]);
    const gathered = tf.reshape(tf.gather(flat, tf.tensor1d(index, 'int32') as Tensor1D, 1), [b, 4, n, c]);
    sampled = tf.sum(tf.mul(gathered, tf.tensor4d(weight, [1, 4, n, 1])), 1);
  }
  if (pad !== 0) {
    const covered = new Float32Array(n);
    for (let k = 0; k < 4; k++) for (let p = 0; p < n; p++) covered[p] += weight[k * n + p];
    sampled = tf.add(
      sampled,
      tf.mul(
        tf.tensor3d(
          covered.map((v) => 1 - v),
          [1, n, 1],
        ),
        pad,
      ),
    );
  }
  return tf.reshape(sampled, [b, h, w, c]) as Tensor4D;
}

/**
 * Up to this many pixels (64 x 64) the warp is a dense sampling matrix
 * (16 MB at the limit); larger images gather their neighbours instead.
 */
export const DENSE_WARP_LIMIT = 4096;
