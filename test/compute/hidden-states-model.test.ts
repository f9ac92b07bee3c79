import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import { statesFromModel } from '../../src/compute/hidden-states/states-from-model.js';
import { selectUnits } from '../../src/compute/hidden-states/select-units.js';
import { findMatches } from '../../src/compute/hidden-states/matches.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { tensorBaseline } from '../helpers/leaks.js';

const UNITS = 2;
const FEATURES = 3;
// Keras packs the four gates [i, f, c, o] along the last axis of kernel [F, 4U], recurrent kernel [U, 4U] and bias [4U].
const KERNEL = Array.from({ length: FEATURES * 4 * UNITS }, (_, i) => Math.sin(i + 1) * 0.6);
const RECURRENT = Array.from({ length: UNITS * 4 * UNITS }, (_, i) => Math.cos(i + 2) * 0.5);
const BIAS = Array.from({ length: 4 * UNITS }, (_, i) => (i % 3) * 0.1 - 0.1);
const X = [
  [0.5, -1, 0.25],
  [1, 0.5, -0.5],
  [-0.75, 0.25, 1],
  [0.1, 0.2, 0.3],
  [-1, -1, 0.5],
];

/**
 * The LSTM of Hochreiter & Schmidhuber (1997) with a forget gate (Gers et
 * al., 2000), as Keras writes it, in float64:
 *   z = x W + h U + b;  i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o)
 *   c' = f c + i g;  h' = o tanh(c')
 */
function referenceLstm(sigma: (z: number) => number): { h: number[]; c: number[] } {
  let h = new Array(UNITS).fill(0);
  let c = new Array(UNITS).fill(0);
  const hs: number[] = [];
  const cs: number[] = [];
  for (const x of X) {
    const z = Array.from({ length: 4 * UNITS }, (_, j) => {
      let sum = BIAS[j];
      for (let f = 0; f < FEATURES; f++) sum += x[f] * KERNEL[f * 4 * UNITS + j];
      for (let u = 0; u < UNITS; u++) sum += h[u] * RECURRENT[u * 4 * UNITS + j];
      return sum;
    });
    const gate = (k: number, u: number) => z[k * UNITS + u];
    const nextC = c.map((cu, u) => sigma(gate(1, u)) * cu + sigma(gate(0, u)) * Math.tanh(gate(2, u)));
    h = nextC.map((cu, u) => sigma(gate(3, u)) * Math.tanh(cu));
    c = nextC;
    hs.push(...h);
    cs.push(...c);
  }
  return { h: hs, c: cs };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const hardSigmoid = (z: number) => Math.max(0, Math.min(1, 0.2 * z + 0.5));

function lstmModel(recurrentActivation: 'sigmoid' | 'hardSigmoid', returnSequences: boolean): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.lstm({ name: 'lstm', units: UNITS, inputShape: [null, FEATURES], returnSequences, recurrentActivation })],
  });
  model.getLayer('lstm').setWeights([tf.tensor2d(KERNEL, [FEATURES, 4 * UNITS]), tf.tensor2d(RECURRENT, [UNITS, 4 * UNITS]), tf.tensor1d(BIAS)]);
  return model;
}

function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] / n;
    my += ys[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('statesFromModel(model, input, {layer})', () => {
  forEachBackend(() => {
    it('records h_t and c_t of an LSTM with set weights as the LSTM equations give them (sigmoid and hardSigmoid gates)', async () => {
      for (const [name, sigma] of [
        ['sigmoid', sigmoid],
        ['hardSigmoid', hardSigmoid],
      ] as const) {
        const model = lstmModel(name, false);
        const input = tf.tensor2d(X);
        const baseline = tensorBaseline();
        const states = await statesFromModel(model, input, { layer: 'lstm' });
        baseline.check(`statesFromModel (${name})`);
        const reference = referenceLstm(sigma);
        expect(states.kind).to.equal('LSTM');
        expect([states.steps, states.units]).to.deep.equal([X.length, UNITS]);
        expectClose(states.hidden, reference.h, 2e-5, `h (${name})`);
        expectClose(states.cell!, reference.c, 2e-5, `c (${name})`);
        expect(input.isDisposed).to.equal(false);
        input.dispose();
        model.dispose();
      }
    });

    it("h_t equals the layer's own returnSequences output for LSTM, GRU and SimpleRNN behind an embedding", async () => {
      const ids = [3, 1, 4, 1, 5, 9, 2, 6];
      for (const kind of ['lstm', 'gru', 'simpleRNN'] as const) {
        const model = tfl.sequential({
          layers: [
            tfl.layers.embedding({
              name: 'embedding',
              inputDim: 10,
              outputDim: 4,
              inputShape: [null],
              embeddingsInitializer: tfl.initializers.randomUniform({ minval: -1, maxval: 1, seed: 1 }),
            }),
            tfl.layers[kind]({
              name: 'rnn',
              units: 3,
              returnSequences: true,
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
              recurrentInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
            }),
            tfl.layers.dense({ name: 'out', units: 2 }),
          ],
        });
        const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer('rnn').output as tfl.SymbolicTensor });
        const expected = sub.predict(tf.tensor2d([ids])) as tf.Tensor;
        const want = Array.from(await expected.data());
        const states = await statesFromModel(model, ids);
        expectClose(states.hidden, want, 1e-5, `${kind} h`);
        expect(states.cell === undefined).to.equal(kind !== 'lstm');
        tf.dispose(expected);
        model.dispose();
      }
    });
  });

  describe('on cpu', () => {
    before(async () => {
      expect(await useBackend('cpu')).to.equal('cpu');
    });

    it('an activation outside the typed-array set (selu) falls back to stepping the cell, with the same result as the layer', async () => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.simpleRNN({
            name: 'rnn',
            units: 3,
            activation: 'selu',
            inputShape: [null, FEATURES],
            returnSequences: true,
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
            recurrentInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
          }),
        ],
      });
      const input = tf.tensor2d(X);
      const expected = model.predict(tf.expandDims(input, 0)) as tf.Tensor;
      const baseline = tensorBaseline();
      const states = await statesFromModel(model, input);
      baseline.check('fallback path');
      expectClose(states.hidden, Array.from(await expected.data()), 1e-5, 'selu SimpleRNN h');
      tf.dispose([input, expected]);
      model.dispose();
    });

    it('names the layers it can trace when the layer is wrong, and rejects bad input shapes', async () => {
      const model = lstmModel('sigmoid', true);
      const fail = async (promise: Promise<unknown>) => {
        try {
          await promise;
        } catch (error) {
          return (error as Error).message;
        }
        return 'resolved';
      };
      expect(await fail(statesFromModel(model, tf.tensor2d(X), { layer: 'nope' }))).to.match(/no layer "nope"; its recurrent layers are "lstm"/);
      expect(await fail(statesFromModel(model, [1, 2, 3]))).to.match(/token ids fit a model whose input is \[batch, steps\]/);
      expect(await fail(statesFromModel(model, tf.tensor1d([1, 2, 3])))).to.match(/input has shape \[3\], but the model takes \[any,3\]/);
      model.dispose();
    });
  });
});

describe('the trained bracket LSTM (models/bracket-lstm)', () => {
  before(async () => {
    expect(await useBackend('webgl')).to.equal('webgl');
  });

  it('has units that track bracket depth: |r| > 0.95 for cell unit 19, > 0.9 for hidden unit 22; brushing depth 5-6 finds unit 1 (r > 0.7) whose matches lie deep', async function () {
    this.timeout(60_000);
    const model = await tfl.loadLayersModel('/models/bracket-lstm/model.json');
    const vocab = (await (await fetch('/models/bracket-lstm/vocab.json')).json()) as string[];
    const sample = (await (await fetch('/models/bracket-lstm/sample.json')).json()) as { tokens: string[]; depth: number[] };
    const states = await statesFromModel(
      model,
      sample.tokens.map((t) => vocab.indexOf(t)),
      { layer: 'lstm' },
    );
    const column = (values: Float32Array, u: number) => Array.from({ length: states.steps }, (_, t) => values[t * states.units + u]);
    expect(Math.abs(pearson(column(states.cell!, 19), sample.depth))).to.be.greaterThan(0.95);
    expect(Math.abs(pearson(column(states.hidden, 22), sample.depth))).to.be.greaterThan(0.9);
    // Steps 18-22 sit at depth 5-6.
    expect(sample.depth.slice(18, 23).every((d) => d >= 5)).to.equal(true);
    const matrix = { values: states.hidden, steps: states.steps, units: states.units };
    const units = Array.from(selectUnits(matrix, { start: 18, end: 23 }, { threshold: 0.4 }));
    expect(units).to.deep.equal([1]);
    expect(pearson(column(states.hidden, 1), sample.depth)).to.be.greaterThan(0.7);
    const { matches, total } = findMatches(matrix, units, { start: 18, end: 23 }, { threshold: 0.4, maxMatches: Infinity });
    expect(total).to.be.greaterThan(10);
    const depths = matches.flatMap((m) => sample.depth.slice(m.start, m.end));
    const meanDepth = depths.reduce((a, b) => a + b, 0) / depths.length;
    const overall = sample.depth.reduce((a, b) => a + b, 0) / sample.depth.length;
    expect(meanDepth).to.be.greaterThan(overall + 2);
    expect(Math.min(...depths)).to.be.at.least(3);
    model.dispose();
  });
});
