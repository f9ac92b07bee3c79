/**
 * The one TensorFlow.js engine nnscope uses.
 *
 * nnscope builds on tfjs-core plus the cpu, webgl and webgpu backends rather
 * than the `@tensorflow/tfjs` umbrella, so a page that only shows attention
 * does not download tfjs-layers and tfjs-converter. Pages that also run their
 * own models should import `tf` from here, so that one engine (one registry of
 * backends and tensors) exists on the page.
 *
 * @example
 * ```ts
 * import { tf } from 'nnscope';
 * const x = tf.tensor2d([[1, 2], [3, 4]]);
 * ```
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers neither gradients nor the chained API (`t.sum()`):
// attribution needs gradients, and user code expects the chained API.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

export { tf };
