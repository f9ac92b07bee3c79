import { tf } from '../../tf.js';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import type { LayersModel, RNN, SymbolicTensor } from '@tensorflow/tfjs-layers';
// Evaluates the model up to any symbolic tensor (here the recurrent layer's
// input: the embedding of the tokens, say), as grad-cam.ts does.
import { execute, FeedDict } from '@tensorflow/tfjs-layers/dist/engine/executor.js';

/** The recurrent layers {@link statesFromModel} can trace. */
export const RECURRENT_LAYERS = ['LSTM', 'GRU', 'SimpleRNN'] as const;

/** What {@link statesFromModel} resolves to. */
export interface ModelStates {
  /** Hidden state h_t after each step, row-major `[steps, units]`. */
  hidden: Float32Array;
  /** The LSTM cell (carry) state c_t after each step, `[steps, units]`; undefined for GRU and SimpleRNN. */
  cell?: Float32Array;
  steps: number;
  units: number;
  /** The layer's class: 'LSTM', 'GRU' or 'SimpleRNN'. */
  kind: (typeof RECURRENT_LAYERS)[number];
}

/** Options of {@link statesFromModel}. */
export interface StatesFromModelOptions {
  /** Name of the recurrent layer; default: the first LSTM, GRU or SimpleRNN layer of the model. */
  layer?: string;
  signal?: AbortSignal;
}

/** The model's recurrent layers' names, for messages. */
function recurrentNames(model: LayersModel): string[] {
  return model.layers.filter((l) => (RECURRENT_LAYERS as readonly string[]).includes(l.getClassName())).map((l) => l.name);
}

function findLayer(model: LayersModel, name: string | undefined, method: string): RNN {
  const names = recurrentNames(model);
  const listed = names.length ? `its recurrent layers are ${names.map((n) => `"${n}"`).join(', ')}` : 'it has no LSTM, GRU or SimpleRNN layer';
  if (name === undefined) {
    if (!names.length) throw new Error(`${method}: the model "${model.name}" has no LSTM, GRU or SimpleRNN layer to trace.`);
    name = names[0];
  }
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`${method}: the model "${model.name}" has no layer "${name}"; ${listed}.`);
  if (!(RECURRENT_LAYERS as readonly string[]).includes(layer.getClassName())) {
    throw new Error(`${method}: layer "${name}" is a ${layer.getClassName()}, not an LSTM, GRU or SimpleRNN; ${listed}.`);
  }
  const rnn = layer as RNN;
  if (rnn.goBackwards) throw new Error(`${method}: layer "${name}" runs backwards (goBackwards); trace a forward layer.`);
  return rnn;
}

/** The model input for one sequence: ids `[T]` become `[1, T]`; a `[T, F]` tensor becomes `[1, T, F]`. */
function batchOfOne(input: ArrayLike<number> | Tensor, inputShape: readonly (number | null)[], method: string): Tensor {
  const rank = inputShape.length;
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) throw new Error(`${method}: the input tensor has been disposed.`);
    if (input.rank !== rank - 1) {
      throw new Error(`${method}: input has shape [${input.shape}], but the model takes [${inputShape.slice(1).map((s) => s ?? 'any')}] per sequence (no batch axis).`);
    }
    return tf.expandDims(tf.cast(input, 'float32'), 0);
  }
  if (rank !== 2) {
    throw new Error(`${method}: token ids fit a model whose input is [batch, steps]; this one takes [${inputShape.map((s) => s ?? 'any')}]: pass a [steps, features] tensor.`);
  }
  const ids = Float32Array.from(input);
  if (ids.some((id) => !Number.isInteger(id) || id < 0)) throw new Error(`${method}: token ids must be whole numbers >= 0.`);
  return tf.tensor2d(ids, [1, ids.length]);
}

/**
 * Runs `model` on one sequence and records the named recurrent layer's state
 * after every step: h_t for all three kinds, and the cell state c_t of an LSTM.
 *
 * How: the model is evaluated up to the layer's input (embedding and any
 * layers before it), and the layer's own cell is then stepped t = 0 ... T-1
 * from zero states, exactly as tfjs-layers' `rnn()` loop steps it. Stepping
 * the cell, rather than re-running a copy of the layer with
 * `returnSequences: true`, works whatever the layer's `returnSequences` is,
 * needs no tfjs-layers runtime in nnscope, and is the only way to see c_t,
 * which tfjs-layers never returns per step. Gate activations, bias and
 * weights are the layer's own, so h_t equals the layer's returned sequence
 * (checked in test/compute/hidden-states-model.test.ts).
 *
 * `input` is token ids `[T]` (for a model whose input is `[batch, T]`, e.g.
 * an embedding) or a `[T, features]` tensor; it is not disposed. Runs on the
 * active backend; every intermediate is freed.
 *
 * @example
 * ```ts
 * const model = await tf.loadLayersModel('/models/bracket-lstm/model.json');
 * const { hidden, cell, steps, units } = await statesFromModel(model, ids, { layer: 'lstm' });
 * ```
 */
export async function statesFromModel(
  model: LayersModel,
  input: ArrayLike<number> | Tensor,
  options: StatesFromModelOptions = {},
): Promise<ModelStates> {
  const method = 'statesFromModel';
  const layer = findLayer(model, options.layer, method);
  if (model.inputs.length !== 1) throw new Error(`${method}: the model has ${model.inputs.length} inputs; one input (the sequence) is supported.`);
  const modelInput = model.inputs[0];
  const kind = layer.getClassName() as ModelStates['kind'];
  const isLstm = kind === 'LSTM';
  options.signal?.throwIfAborted();
  const cell = layer.cell as unknown as {
    units: number;
    call(inputs: Tensor[], kwargs: Record<string, unknown>): Tensor[];
    dropoutMask: unknown;
    recurrentDropoutMask: unknown;
  };
  const units = cell.units;
  const { hidden, carry } = tf.tidy(() => {
    const batch = batchOfOne(input, modelInput.shape, method);
    const layerInput = layer.input as SymbolicTensor;
    const sequence = (layerInput === modelInput ? batch : execute(layerInput, new FeedDict([{ key: modelInput, value: batch }]))) as Tensor3D;
    if (sequence.rank !== 3) throw new Error(`${method}: layer "${layer.name}" receives shape [${sequence.shape}], expected [batch, steps, features].`);
    const steps = sequence.shape[1];
    const features = sequence.shape[2];
    if (steps === 0) return { hidden: tf.zeros([0, units]) as Tensor2D, carry: isLstm ? (tf.zeros([0, units]) as Tensor2D) : undefined };
    let h: Tensor = tf.zeros([1, units]);
    let c: Tensor = tf.zeros([1, units]);
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      // Masks made for dropout live in the cell across calls; inference must
      // not reuse one that an earlier tidy freed, so each step starts without.
      cell.dropoutMask = null;
      cell.recurrentDropoutMask = null;
      const x = tf.reshape(tf.slice(sequence, [0, t, 0], [1, 1, features]), [1, features]);
      const out = cell.call(isLstm ? [x, h, c] : [x, h], { training: false });
      h = out[1];
      hs.push(h);
      if (isLstm) {
        c = out[2];
        cs.push(c);
      }
    }
    cell.dropoutMask = null;
    cell.recurrentDropoutMask = null;
    return { hidden: tf.concat(hs, 0) as Tensor2D, carry: isLstm ? (tf.concat(cs, 0) as Tensor2D) : undefined };
  });
  try {
    const [hiddenValues, carryValues] = await Promise.all([hidden.data() as Promise<Float32Array>, carry?.data() as Promise<Float32Array> | undefined]);
    options.signal?.throwIfAborted();
    return { hidden: hiddenValues, cell: carryValues, steps: hidden.shape[0], units, kind };
  } finally {
    hidden.dispose();
    carry?.dispose();
  }
}
