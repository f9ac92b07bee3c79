import { tf } from '../../tf.js';
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import type { LayersModel, RNN, SymbolicTensor } from '@tensorflow/tfjs-layers';
// Evaluates the model up to any symbolic tensor (here the recurrent layer's
// input: the embedding of the tokens, say): see layers-executor.ts.
import { evaluate } from '../layers-executor.js';

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
      throw new Error(
        `${method}: input has shape [${input.shape}], but the model takes [${inputShape.slice(1).map((s) => s ?? 'any')}] per sequence (no batch axis).`,
      );
    }
    return tf.expandDims(tf.cast(input, 'float32'), 0);
  }
  if (rank !== 2) {
    throw new Error(
      `${method}: token ids fit a model whose input is [batch, steps]; this one takes [${inputShape.map((s) => s ?? 'any')}]: pass a [steps, features] tensor.`,
    );
  }
  const ids = Float32Array.from(input);
  if (ids.some((id) => !Number.isInteger(id) || id < 0)) throw new Error(`${method}: token ids must be whole numbers >= 0.`);
  return tf.tensor2d(ids, [1, ids.length]);
}

/** Activations the typed-array recurrence implements, as tfjs-layers defines them. */
const ACTIVATIONS: Record<string, (z: number) => number> = {
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  hardSigmoid: (z) => Math.max(0, Math.min(1, 0.2 * z + 0.5)),
  relu: (z) => Math.max(0, z),
  relu6: (z) => Math.min(6, Math.max(0, z)),
  linear: (z) => z,
  softsign: (z) => z / (1 + Math.abs(z)),
  softplus: (z) => Math.log1p(Math.exp(z)),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
};

interface CellWeights {
  kind: ModelStates['kind'];
  units: number;
  /** x_t W + b for every step, `[steps, gates * units]`. */
  projected: Float32Array;
  /** The recurrent kernel U, `[units, gates * units]`. */
  recurrent: Float32Array;
  activation: (z: number) => number;
  recurrentActivation: (z: number) => number;
}

/**
 * The recurrence of each cell in float64 over typed arrays, with the input
 * projection x_t W + b already done for all steps. Gate layouts are
 * tfjs-layers': LSTM [i, f, c, o] (Hochreiter & Schmidhuber, 1997, with the
 * forget gate of Gers et al., 2000), GRU [z, r, h] with the reset gate
 * applied before the recurrent product (Cho et al., 2014), SimpleRNN one.
 */
function recur(w: CellWeights, steps: number): { hidden: Float32Array; cell?: Float32Array } {
  const { units: n, projected: x, recurrent: r, activation: act, recurrentActivation: gate } = w;
  const hidden = new Float32Array(steps * n);
  const cell = w.kind === 'LSTM' ? new Float32Array(steps * n) : undefined;
  const gates = w.kind === 'LSTM' ? 4 : w.kind === 'GRU' ? 3 : 1;
  const width = gates * n;
  let h = new Float64Array(n);
  const c = new Float64Array(n);
  const z = new Float64Array(width);
  const reset = new Float64Array(n);
  for (let t = 0; t < steps; t++) {
    const row = t * width;
    if (w.kind === 'GRU') {
      // z and r see h U[:, :2n]; the candidate sees (r * h) U[:, 2n:].
      for (let j = 0; j < 2 * n; j++) {
        let sum = x[row + j];
        for (let k = 0; k < n; k++) sum += h[k] * r[k * width + j];
        z[j] = gate(sum);
      }
      for (let k = 0; k < n; k++) reset[k] = z[n + k] * h[k];
      const next = new Float64Array(n);
      for (let u = 0; u < n; u++) {
        let sum = x[row + 2 * n + u];
        for (let k = 0; k < n; k++) sum += reset[k] * r[k * width + 2 * n + u];
        next[u] = z[u] * h[u] + (1 - z[u]) * act(sum);
      }
      h = next;
    } else {
      for (let j = 0; j < width; j++) {
        let sum = x[row + j];
        for (let k = 0; k < n; k++) sum += h[k] * r[k * width + j];
        z[j] = sum;
      }
      if (w.kind === 'LSTM') {
        for (let u = 0; u < n; u++) {
          c[u] = gate(z[n + u]) * c[u] + gate(z[u]) * act(z[2 * n + u]);
          h[u] = gate(z[3 * n + u]) * act(c[u]);
        }
      } else {
        for (let u = 0; u < n; u++) h[u] = act(z[u]);
      }
    }
    hidden.set(h, t * n);
    cell?.set(c, t * n);
  }
  return { hidden, cell };
}

/**
 * Runs `model` on one sequence and records the named recurrent layer's state
 * after every step: h_t for all three kinds, and the cell state c_t of an LSTM.
 *
 * How: the model is evaluated up to the layer's input (embedding and any
 * layers before it) on the active backend, together with the input
 * projection x_t W + b of all steps in one matrix product; both are read
 * back once, with the recurrent kernel. The recurrence itself, a chain of T
 * small dependent steps, then runs over typed arrays: on a GPU each step
 * would be a dozen kernel launches and a sync (measured: stepping the layer's
 * cell through 641 steps of a 24-unit LSTM did not finish within 60 s on
 * this machine's software WebGPU; this way takes milliseconds). Weights and activations are the
 * layer's own, so h_t equals the layer's returned sequence (checked in
 * test/compute/hidden-states-model.test.ts). Activations outside the common
 * set fall back to stepping the layer's own cell with tfjs ops.
 *
 * This works whatever the layer's `returnSequences` is, needs no
 * tfjs-layers runtime in nnscope, and is the only way to see c_t, which
 * tfjs-layers never returns per step.
 *
 * `input` is token ids `[T]` (for a model whose input is `[batch, T]`, e.g.
 * an embedding) or a `[T, features]` tensor; it is not disposed. Every
 * intermediate tensor is freed.
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
  options.signal?.throwIfAborted();
  const cell = layer.cell as unknown as {
    units: number;
    useBias: boolean;
    kernel: { read(): Tensor };
    recurrentKernel: { read(): Tensor };
    bias?: { read(): Tensor } | null;
    activation: { getClassName(): string };
    recurrentActivation?: { getClassName(): string };
    call(inputs: Tensor[], kwargs: Record<string, unknown>): Tensor[];
    dropoutMask: unknown;
    recurrentDropoutMask: unknown;
  };
  const units = cell.units;
  const config = layer.getConfig() as { activation?: string; recurrentActivation?: string };
  const activation = ACTIVATIONS[config.activation ?? 'tanh'];
  const recurrentActivation = kind === 'SimpleRNN' ? activation : ACTIVATIONS[config.recurrentActivation ?? 'hardSigmoid'];
  const sequenceOf = (): Tensor2D => {
    const batch = batchOfOne(input, modelInput.shape, method);
    const layerInput = layer.input as SymbolicTensor;
    const sequence = (layerInput === modelInput ? batch : evaluate(layerInput, [{ key: modelInput, value: batch }])) as Tensor3D;
    if (sequence.rank !== 3)
      throw new Error(`${method}: layer "${layer.name}" receives shape [${sequence.shape}], expected [batch, steps, features].`);
    return tf.reshape(sequence, [sequence.shape[1], sequence.shape[2]]);
  };
  if (!activation || !recurrentActivation) return stepCell(cell, sequenceOf, kind, options.signal);
  const [projected, recurrent] = tf.tidy(() => {
    const sequence = sequenceOf();
    let product = tf.matMul(sequence, cell.kernel.read());
    if (cell.useBias && cell.bias) product = tf.add(product, cell.bias.read());
    return [product, tf.clone(cell.recurrentKernel.read())];
  });
  try {
    const [x, r] = (await Promise.all([projected.data(), recurrent.data()])) as [Float32Array, Float32Array];
    options.signal?.throwIfAborted();
    const steps = projected.shape[0];
    const { hidden, cell: carry } = recur({ kind, units, projected: x, recurrent: r, activation, recurrentActivation }, steps);
    return { hidden, cell: carry, steps, units, kind };
  } finally {
    projected.dispose();
    recurrent.dispose();
  }
}

/** The general path: steps the layer's own cell with tfjs ops (slow on a GPU, but any activation works). */
async function stepCell(
  cell: { units: number; call(inputs: Tensor[], kwargs: Record<string, unknown>): Tensor[]; dropoutMask: unknown; recurrentDropoutMask: unknown },
  sequenceOf: () => Tensor2D,
  kind: ModelStates['kind'],
  signal?: AbortSignal,
): Promise<ModelStates> {
  const units = cell.units;
  const isLstm = kind === 'LSTM';
  const { hidden, carry } = tf.tidy(() => {
    const sequence = sequenceOf();
    const [steps, features] = sequence.shape;
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
      const x = tf.slice(sequence, [t, 0], [1, features]);
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
    const [hiddenValues, carryValues] = await Promise.all([
      hidden.data() as Promise<Float32Array>,
      carry?.data() as Promise<Float32Array> | undefined,
    ]);
    signal?.throwIfAborted();
    return { hidden: hiddenValues, cell: carryValues, steps: hidden.shape[0], units, kind };
  } finally {
    hidden.dispose();
    carry?.dispose();
  }
}
