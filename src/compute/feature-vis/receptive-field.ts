import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * Where a spatial layer's positions sit on the input, per axis: position i's
 * receptive field is centred on input pixel `start + i * jump` (pixel
 * centres at integers). From Araujo, Norris & Sim, 2019, "Computing
 * Receptive Fields of Convolutional Neural Networks" (Distill), eq. for
 * the effective stride and offset of a chain of layers.
 */
export interface ReceptiveField {
  start: [number, number];
  jump: [number, number];
  /** The receptive field's size in input pixels. */
  size: [number, number];
}

/** The fields of a layer's getConfig() that move positions (tfjs-layers writes them in camelCase). */
interface LayerConfig {
  kernelSize?: number | number[];
  poolSize?: number | number[];
  strides?: number | number[];
  padding?: string;
  dilationRate?: number | number[];
}

const pair = (value: number | number[] | undefined, fallback: number): [number, number] =>
  value === undefined ? [fallback, fallback] : Array.isArray(value) ? [value[0], value[1] ?? value[0]] : [value, value];

/**
 * The receptive field of layer `layer`'s positions in a model whose layers
 * from the input to it form a chain of convolutions, poolings and layers
 * that keep positions (activations, batch norm, dropout). Undefined when the
 * graph branches or a layer changes positions in another way: callers then
 * spread the positions evenly over the image.
 *
 * @example
 * ```ts
 * receptiveField(mnist, 'conv2'); // { start: [3.5, 3.5], jump: [2, 2], size: [8, 8] }: conv 3 → pool 2 → conv 3
 * ```
 */
export function receptiveField(model: LayersModel, layer: string): ReceptiveField | undefined {
  const index = model.layers.findIndex((candidate) => candidate.name === layer);
  if (index < 0) return undefined;
  let start: [number, number] = [0, 0];
  let jump: [number, number] = [1, 1];
  let size: [number, number] = [1, 1];
  for (let i = 0; i <= index; i++) {
    const current = model.layers[i];
    if (current.inboundNodes.length !== 1 || current.inboundNodes[0].inboundLayers.length > 1) return undefined;
    const name = current.getClassName();
    const config = current.getConfig() as LayerConfig;
    if (['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling2D', 'AveragePooling2D'].includes(name)) {
      const kernel = pair(config.kernelSize ?? config.poolSize, 1);
      const strides = pair(config.strides ?? config.poolSize, 1);
      const dilation = pair(config.dilationRate, 1);
      for (const axis of [0, 1] as const) {
        const span = (kernel[axis] - 1) * dilation[axis];
        // 'valid' starts the first window at pixel 0; 'same' centres it on pixel 0 (up to tfjs's one-pixel asymmetry for even kernels).
        if (config.padding !== 'same') start[axis] += (span / 2) * jump[axis];
        size[axis] += span * jump[axis];
        jump[axis] *= strides[axis];
      }
      start = [...start];
      size = [...size];
      jump = [...jump];
    } else if (
      !['InputLayer', 'Activation', 'ReLU', 'LeakyReLU', 'BatchNormalization', 'Dropout', 'SpatialDropout2D', 'GaussianNoise'].includes(name)
    ) {
      return undefined;
    }
  }
  return { start, jump, size };
}
