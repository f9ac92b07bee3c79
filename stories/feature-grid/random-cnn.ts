// A MobileNet-sized CNN with random, seeded weights, for channel-rich layers:
// 112 x 112 x 3 → conv 3x3/2 (16) → conv 3x3/2 (64) → conv 3x3/2 (512, 14 x 14)
// → conv 1x1/2 (2048, 7 x 7, ResNet-50's last stage width). Untrained: its
// channels respond to random directions, which is what a scale test needs.
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

let cached: Promise<{ model: tfl.LayersModel; image: Tensor3D }> | undefined;

export function randomCnn(): Promise<{ model: tfl.LayersModel; image: Tensor3D }> {
  cached ??= (async () => {
    const conv = (filters: number, kernelSize: number, name: string, seed: number, inputShape?: number[]) =>
      tfl.layers.conv2d({
        filters,
        kernelSize,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        name,
        inputShape,
        kernelInitializer: tfl.initializers.heNormal({ seed }),
        biasInitializer: tfl.initializers.constant({ value: 0.01 }),
      });
    const model = tfl.sequential({
      layers: [conv(16, 3, 'block1', 1, [112, 112, 3]), conv(64, 3, 'block2', 2), conv(512, 3, 'block3', 3), conv(2048, 1, 'block4', 4)],
    });
    // A smooth seeded test image: sums of low-frequency sines per colour channel.
    const image = tf.tidy(() => {
      const y = tf.reshape(tf.linspace(0, 1, 112), [112, 1, 1]);
      const x = tf.reshape(tf.linspace(0, 1, 112), [1, 112, 1]);
      const phase = tf.tensor3d([0, 2, 4], [1, 1, 3]);
      return tf.add(0.5, tf.mul(0.25, tf.add(tf.sin(tf.add(tf.mul(y, 9), phase)), tf.cos(tf.add(tf.mul(x, 13), tf.mul(phase, 0.7)))))) as Tensor3D;
    });
    return { model, image };
  })();
  return cached;
}
