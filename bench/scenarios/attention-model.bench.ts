/**
 * `<nn-attention-heatmap view="model">`: every layer and head of a model as
 * thumbnails, from an in-memory Float32Array.
 *
 * - BERT-base at 512 tokens (12 x 12 x 512 x 512, 37.7M float32) to first
 *   paint, target under 1.5 s (issue 3); its baseline is the same input in
 *   the matrix view (layer 0, head 0), so the ratio is what drawing all 144
 *   heads costs over drawing one.
 * - The thumbnail reduction alone, both ways the element can do it:
 *   `poolMatrixArray` (one CPU pass over the Float32Array, what the element
 *   does with in-memory data) against `poolMatrix` on webgl (what it does
 *   with a tensor: the data already uploaded, readback included).
 * - GPT-2 small at its full context (12 x 12 x 1024 x 1024, causal, 604 MB):
 *   opens without crashing the tab, once.
 *
 * First paint is timed as in attention.bench.ts: to two animation frames
 * after the element's `updateComplete` (see `timeFirstPaint`).
 */
import { bench } from '../harness.js';
import { attentionWeights, causalAttentionWeights } from '../data/attention.js';
import { idleFrames, timeFirstPaint } from '../frames.js';
import { expectDrawn, logRasterTails, showAttention, unstage } from '../support/stage.js';
import { poolMatrix } from '../../src/compute/pool.js';
import { poolMatrixArray } from '../../src/compute/pool-array.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';
import type { AttentionHeatmap } from '../../src/elements/attention-heatmap/attention-heatmap.js';

const BERT = [12, 12, 512, 512];
/** The element's thumbnail size: at most 96 x 96 cells a head (attention-heatmap.ts). */
const THUMB = 96;

let bert: Float32Array | undefined;
/** Raster after the timed frames, per run of the current case (see timeFirstPaint). */
const tails: number[] = [];
/** The same values as the loaders scenario (seed 1), built once (about 2 s). */
const bertWeights = () => (bert ??= attentionWeights(BERT, 1));

async function webgl(): Promise<void> {
  await useBackend('webgl');
  if (tf.getBackend() !== 'webgl') throw new Error(`Expected the webgl backend, tf.getBackend() is "${tf.getBackend()}".`);
}

/** Thumbnails are 40 CSS px square in a 600 x 600 element: 144 of them, nearly all painted. */
const MODEL_PAINTED = 0.9 * 144 * 40 * 40;

function legendText(el: AttentionHeatmap): string {
  return el.shadowRoot!.querySelector('.legend')?.textContent ?? '';
}

for (const view of ['matrix', 'model'] as const) {
  const name = view === 'matrix' ? 'model-12x12x512x512-matrix-view-head0' : 'model-12x12x512x512-model-view';
  bench(name, {
    baseline: view === 'model' ? 'model-12x12x512x512-matrix-view-head0' : undefined,
    backend: 'webgl',
    timesItself: true,
    async setup() {
      await webgl();
      const el = await showAttention({ data: bertWeights(), shape: BERT }, view);
      if (view === 'matrix') {
        expectDrawn(el, 'webgl', 0.6 * 513 * 513);
        const head0 = bertWeights().subarray(0, 512 * 512);
        if (el.result?.data.some((v, i) => v !== head0[i])) throw new Error('The matrix view shows other values than layer 0, head 0.');
      } else {
        expectDrawn(el, 'webgl', MODEL_PAINTED);
        // 512 / 96 rounds up to blocks of 6 x 6 cells, 86 x 86 a thumbnail.
        if (!legendText(el).includes('max of 6×6 cells')) throw new Error(`Unexpected model-view legend: "${legendText(el)}".`);
      }
      unstage(el);
      await idleFrames();
    },
    run: () => timeFirstPaint(() => showAttention({ data: bertWeights(), shape: BERT }, view), unstage, tails),
    teardown: () => logRasterTails(name, tails),
  });
}

let cpuThumbs: Float32Array | undefined;
bench('thumbnails-12x12x512x512-poolMatrixArray', {
  baseline: 'thumbnails-12x12x512x512-poolMatrix-webgl',
  setup() {
    const { pooled, shape } = poolMatrixArray(bertWeights(), BERT, THUMB, THUMB, 'max');
    // 512 / 96 rounds up to blocks of 6 x 6 cells, 86 x 86 a head; checked against poolMatrix in the next case.
    if (shape.join() !== '12,12,86,86') throw new Error(`poolMatrixArray gave shape [${shape}], expected [12, 12, 86, 86].`);
    cpuThumbs = pooled;
  },
  run: () => poolMatrixArray(bertWeights(), BERT, THUMB, THUMB, 'max'),
});

// Runs after the CPU pass: SwiftShader's 0.8 GB of textures and its
// threads would otherwise still be busy during it on a 2-core machine.
let tensor: tf.Tensor | undefined;
let tensorsBefore = 0;
bench('thumbnails-12x12x512x512-poolMatrix-webgl', {
  backend: 'webgl',
  iterations: 3,
  // Setup's checked run uploads the tensor and compiles the shaders.
  warmup: 0,
  async setup() {
    await webgl();
    tensorsBefore = tf.memory().numTensors;
    tensor = tf.tensor4d(bertWeights(), BERT as [number, number, number, number]);
    const { pooled } = poolMatrix(tensor, THUMB, THUMB, 'max');
    const gpuThumbs = (await pooled.data()) as Float32Array;
    pooled.dispose();
    // Max pooling picks values, it computes none, so both ways must agree exactly.
    if (!cpuThumbs || cpuThumbs.length !== gpuThumbs.length) throw new Error('Run with the poolMatrixArray case: its result is the reference.');
    const differ = gpuThumbs.findIndex((v, i) => v !== cpuThumbs![i]);
    if (differ >= 0) throw new Error(`poolMatrix and poolMatrixArray differ at ${differ}: ${gpuThumbs[differ]} vs ${cpuThumbs[differ]}.`);
  },
  async run() {
    const { pooled } = poolMatrix(tensor!, THUMB, THUMB, 'max');
    await pooled.data();
    pooled.dispose();
  },
  teardown() {
    tensor?.dispose();
    tensor = undefined;
    cpuThumbs = undefined;
    bert = undefined;
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked !== 0) throw new Error(`poolMatrix runs leaked ${leaked} tensor(s).`);
  },
});

const GPT2 = [12, 12, 1024, 1024];
let gpt2: Float32Array | undefined;
bench('model-12x12x1024x1024-gpt2-model-view', {
  backend: 'webgl',
  iterations: 1,
  warmup: 0,
  timesItself: true,
  async setup() {
    await webgl();
    gpt2 = causalAttentionWeights(GPT2, 2);
    console.info(`GPT-2 attention: ${(gpt2.byteLength / 2 ** 20).toFixed(0)} MiB`);
  },
  // The view is checked after its one timed run, before timeFirstPaint removes it.
  run: () =>
    timeFirstPaint(
      () => showAttention({ data: gpt2!, shape: GPT2 }, 'model'),
      (el) => {
        checkGpt2(el);
        unstage(el);
      },
      tails,
    ),
  teardown() {
    gpt2 = undefined;
    logRasterTails('model-12x12x1024x1024-gpt2-model-view', tails);
  },
});

/** Checked after the one timed run: a checked run in setup would double the scenario's longest case. */
function checkGpt2(el: AttentionHeatmap): void {
  expectDrawn(el, 'webgl', MODEL_PAINTED * 0.5);
  // 1024 / 96 rounds up to blocks of 11 x 11; the upper triangle shows "no value".
  const legend = legendText(el);
  if (!legend.includes('max of 11×11 cells') || !legend.includes('causal')) throw new Error(`Unexpected GPT-2 model-view legend: "${legend}".`);
}
