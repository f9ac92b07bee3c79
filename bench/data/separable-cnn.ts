/**
 * A MobileNet-sized CNN with seeded random weights, for timing attribution
 * on 224 x 224 x 3 images without downloading a model: MobileNet v1's stem
 * (3 x 3 conv, stride 2, 32 filters) and its first five depthwise-separable
 * blocks (Howard et al., 2017, Table 1: 64, 128 /2, 128, 256 /2, 256), then
 * global average pooling and 10 logits. Batch norm is left out (it folds
 * into the convolutions at inference). About 0.4 GFLOP an image forward,
 * a third of MobileNet v1's 1.1 (569 M multiply-adds), with the same
 * largest activations (112 x 112 x 64), which set the memory a batch needs.
 *
 * @example
 * ```ts
 * const model = separableCnn(1);
 * const logits = model.predict(tf.zeros([1, 224, 224, 3]));
 * ```
 */
import * as tfl from '@tensorflow/tfjs-layers';

/** [filters, stride] of each depthwise-separable block. */
const BLOCKS: [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
];

export const SEPARABLE_CNN_INPUT = [224, 224, 3];

export function separableCnn(seed: number): tfl.LayersModel {
  let next = seed;
  const init = () => tfl.initializers.heNormal({ seed: next++ });
  const model = tfl.sequential();
  model.add(
    tfl.layers.conv2d({
      inputShape: SEPARABLE_CNN_INPUT,
      filters: 32,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(),
    }),
  );
  for (const [filters, strides] of BLOCKS) {
    model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', activation: 'relu', depthwiseInitializer: init() }));
    model.add(tfl.layers.conv2d({ filters, kernelSize: 1, activation: 'relu', kernelInitializer: init() }));
  }
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: next++ }) }));
  return model;
}
