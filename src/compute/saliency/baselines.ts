import { tf } from '../../tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

/**
 * The reference inputs Integrated Gradients and occlusion compare an image
 * with, as Sturmfels, Lundberg & Lee (2020, "Visualizing the Impact of
 * Feature Attribution Baselines", Distill) survey them, for images in
 * [0, 1]: `black` (all 0), `white` (all 1), `blur` (the image under a
 * Gaussian blur, so edges and not brightness carry the attribution) and
 * `noise` (uniform noise in [0, 1], seeded).
 */
export type ImageBaseline = 'black' | 'white' | 'blur' | 'noise';

/** The names {@link imageBaseline} takes. */
export const IMAGE_BASELINES: readonly ImageBaseline[] = ['black', 'white', 'blur', 'noise'];

/**
 * The baseline for `image` ([height, width, channels], values in [0, 1]) as
 * a new tensor of its shape, the caller's to dispose. The blur's standard
 * deviation is `blurSigma` pixels (default: 1/16 of the shorter side, at
 * least 1), applied separably per channel with a kernel of ±3σ and edges
 * mirrored.
 *
 * @example
 * ```ts
 * const reference = imageBaseline(image, 'blur'); // then integratedGradients(f, image, { baseline: reference })
 * ```
 */
export function imageBaseline(image: Tensor3D, kind: ImageBaseline, options: { seed?: number; blurSigma?: number } = {}): Tensor3D {
  if (image.rank !== 3) throw new Error(`imageBaseline: the image must be [height, width, channels], got shape [${image.shape}].`);
  return tf.tidy('imageBaseline', () => {
    switch (kind) {
      case 'black':
        return tf.zerosLike(image);
      case 'white':
        return tf.onesLike(image);
      case 'noise':
        return tf.randomUniform(image.shape, 0, 1, 'float32', options.seed ?? 0) as Tensor3D;
      case 'blur': {
        const [height, width] = image.shape;
        const sigma = options.blurSigma ?? Math.max(1, Math.min(height, width) / 16);
        return gaussianBlur(image, sigma);
      }
      default:
        throw new Error(`baseline must be one of ${IMAGE_BASELINES.join(', ')}; got ${JSON.stringify(kind)}.`);
    }
  });
}

function gaussianBlur(image: Tensor3D, sigma: number): Tensor3D {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((a, b) => a + b, 0);
  const kernel = weights.map((w) => w / total);
  const channels = image.shape[2];
  const [height, width] = image.shape;
  // Mirrored borders (tf's 'reflect', scipy.ndimage's 'mirror': the pattern continues in phase), so the borders are not darkened by zeros.
  const padded = tf.mirrorPad(
    tf.expandDims(image, 0) as tf.Tensor4D,
    [
      [0, 0],
      [Math.min(radius, height - 1), Math.min(radius, height - 1)],
      [Math.min(radius, width - 1), Math.min(radius, width - 1)],
      [0, 0],
    ],
    'reflect',
  );
  const k = tf.tensor1d(kernel);
  const rows = tf.tile(tf.reshape(k, [2 * radius + 1, 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
  const cols = tf.tile(tf.reshape(k, [1, 2 * radius + 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
  const padH = Math.min(radius, height - 1);
  const padW = Math.min(radius, width - 1);
  // A radius larger than the image: pad what the image allows and let 'same' zero-pad the rest.
  const vertical = tf.depthwiseConv2d(padded, rows, 1, padH === radius ? 'valid' : 'same');
  const both = tf.depthwiseConv2d(vertical, cols, 1, padW === radius ? 'valid' : 'same');
  const cropped = tf.slice(both, [0, padH === radius ? 0 : padH, padW === radius ? 0 : padW, 0], [1, height, width, channels]);
  return tf.reshape(cropped, image.shape) as Tensor3D;
}
