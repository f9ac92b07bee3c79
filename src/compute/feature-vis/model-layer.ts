import type { LayersModel, SymbolicTensor, layers } from '@tensorflow/tfjs-layers';

/** A named layer's output and the model's input, checked. */
export interface ModelLayer {
  /** The layer itself. */
  layer: layers.Layer;
  /** The model's one input, [batch, ...example shape]. */
  input: SymbolicTensor;
  /** The layer's output, [batch, ...]: [batch, H, W, C] for a spatial layer, [batch, C] for a dense one. */
  output: SymbolicTensor;
  /** The example shape the model takes (input shape without the batch axis); null where any size goes. */
  exampleShape: (number | null)[];
  /** The layer's output shape without the batch axis. */
  outputShape: (number | null)[];
}

/**
 * Finds layer `name` of `model`, with errors that list what would work: a
 * missing name lists every layer, so a typo is one glance from its fix.
 *
 * @example
 * ```ts
 * const { output } = modelLayer(model, 'conv2'); // SymbolicTensor [null, 11, 11, 16]
 * ```
 */
export function modelLayer(model: LayersModel, name: string | undefined): ModelLayer {
  if (model === null || typeof model !== 'object' || !Array.isArray(model.layers) || !Array.isArray(model.inputs)) {
    throw new Error('model must be a tf.LayersModel (from tf.loadLayersModel, tf.sequential or tf.model).');
  }
  if (model.inputs.length !== 1) throw new Error(`the model must have one input, it has ${model.inputs.length}.`);
  const names = model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => `"${layer.name}"`)
    .join(', ');
  if (!name) throw new Error(`set layer to the name of one of the model's layers: ${names}.`);
  const layer = model.layers.find((candidate) => candidate.name === name);
  if (!layer) throw new Error(`layer "${name}" is not in the model. Its layers: ${names}.`);
  if (layer.inboundNodes.length !== 1) {
    throw new Error(`layer "${name}" is applied ${layer.inboundNodes.length} times in the model, so its activations are ambiguous.`);
  }
  const output = layer.output as SymbolicTensor;
  if (Array.isArray(output)) throw new Error(`layer "${name}" has ${(output as unknown[]).length} outputs; pick a layer with one.`);
  const [input] = model.inputs;
  return { layer, input, output, exampleShape: input.shape.slice(1), outputShape: output.shape.slice(1) };
}

/** Whether a layer output shape (without batch) is spatial: [H, W, C]. */
export function isSpatial(outputShape: readonly (number | null)[]): boolean {
  return outputShape.length === 3;
}
