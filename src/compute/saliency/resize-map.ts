import { tf } from '../../tf.js';
import type { Tensor2D } from '@tensorflow/tfjs-core';

/**
 * The largest difference in aspect ratio (relative) that still counts as
 * "the same shape": a map of a downsampled image is rounded to whole pixels
 * (a 224 x 224 crop's 7 x 7 Grad-CAM, a 500 x 375 photo's 32 x 24 map).
 */
export const ASPECT_TOLERANCE = 0.02;

/**
 * A `[h, w]` map brought to `[height, width]` (an image's size) by bilinear
 * interpolation with half-pixel centres (as OpenCV's `resize` and
 * `tf.image.resize(..., 'bilinear')` in TensorFlow 2), when the two have the
 * same aspect ratio within {@link ASPECT_TOLERANCE}. Different aspects
 * throw, naming both sizes: stretching a map onto another picture would put
 * its evidence on the wrong pixels. Returns a new tensor the caller disposes.
 *
 * @example
 * ```ts
 * resizeMap(gradCam7x7, [224, 224]); // [224, 224]
 * ```
 */
export function resizeMap(map: Tensor2D, size: readonly [number, number], name = 'saliency'): Tensor2D {
  if (map.rank !== 2) throw new Error(`resizeMap: the map must be [height, width], got shape [${map.shape}].`);
  const [h, w] = map.shape;
  const [height, width] = size;
  if (h === height && w === width) return tf.clone(map);
  const mapAspect = w / h;
  const imageAspect = width / height;
  if (Math.abs(mapAspect / imageAspect - 1) > ASPECT_TOLERANCE) {
    throw new Error(
      `${name} is ${h} x ${w} (height x width) but the image is ${height} x ${width}: their aspect ratios differ ` +
        `(${mapAspect.toFixed(3)} vs ${imageAspect.toFixed(3)} width per height), so the map cannot be resized onto the image. ` +
        "Give a map of the image's size or aspect ratio.",
    );
  }
  return tf.tidy('resizeMap', () => {
    const resized = tf.image.resizeBilinear(tf.expandDims(tf.expandDims(map, 0), -1) as tf.Tensor4D, [height, width], false, true);
    return tf.reshape(resized, [height, width]) as Tensor2D;
  });
}
