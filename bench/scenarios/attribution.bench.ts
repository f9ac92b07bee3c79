/**
 * Attribution speed (issue 4): nnscope's batched SmoothGrad and integrated
 * gradients against a loop that takes one gradient per sample, as PAIR's
 * `saliency` does by default (bench/support/attribution-loop.ts), in the
 * same page on the same backend.
 *
 * On the MNIST CNN (models/mnist-cnn) with a real digit, on webgl, webgpu
 * and cpu:
 * - one gradient against one forward pass: the forward case's `ratio` is
 *   what a gradient costs in forward passes (the backward pass alone costs
 *   about two, so 2-3x is the floor);
 * - SmoothGrad, 50 samples, and integrated gradients, 64 steps: the loop
 *   (baseline), a naive full batch (`batchSize` = all samples) and the
 *   library's default batch size (from its memory budget). Target: at least
 *   2x over the loop on webgl and webgpu, never slower than the full batch.
 *   With 784 values a digit the default batch is all samples, so the
 *   default and the full batch run the same code on MNIST;
 * - the same two methods against the loop as PAIR really runs it, every
 *   gradient read back to the CPU and summed there (`readback-loop`, see
 *   readbackCases): PAIR's `GetMask` returns a NumPy array per sample;
 * - on webgpu, SmoothGrad and integrated gradients again with
 *   WEBGPU_CONV_SEPARATE_IM2COL_SHADER set for the loop and the library
 *   alike (see im2colCases): what tfjs's slow first conv costs, and what
 *   batching gains once it is out of the way.
 * Then SmoothGrad, 50 samples, on a MobileNet-sized random CNN at
 * 224 x 224 x 3 (bench/data/separable-cnn.ts), on webgl only, where the
 * default batch (5 images: ten batches of one shape) differs from the full
 * batch.
 *
 * Every method is checked once, untimed, in the setup of its library case:
 * the batched and looped maps from the same seed agree within float
 * tolerance, and the IG completeness gap is logged. Timed runs include
 * reading the map back, as a view would.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { bench, type BenchCase } from '../harness.js';
import {
  loopIntegratedGradients,
  loopSmoothGrad,
  readbackIntegratedGradients,
  readbackSmoothGrad,
  relativeMaxDifference,
} from '../support/attribution-loop.js';
import { separableCnn, SEPARABLE_CNN_INPUT } from '../data/separable-cnn.js';
import { smoothGrad } from '../../src/compute/attribution/smooth-grad.js';
import { integratedGradients } from '../../src/compute/attribution/integrated-gradients.js';
import { scoreFor } from '../../src/compute/attribution/score-for.js';
import { chooseBatchSize } from '../../src/compute/attribution/batches.js';
import type { ScoreFunction } from '../../src/compute/attribution/types.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';

type Backend = 'webgl' | 'webgpu' | 'cpu';

const SAMPLES = 50;
const NOISE = 0.15;
const SEED = 1;
const STEPS = 64;
/** The held-out "7" of test/fixtures/attribution/mnist-digits.json, explained as class 7. */
const DIGIT = 7;
/**
 * Largest |batched - looped| over the map's largest value. Both sum the
 * same float32 gradients in a different order (and batched convolutions
 * may tile differently on the GPU), so they agree to a few ulps, not exactly.
 */
const TOLERANCE = 1e-4;

/** What a case computes with: a model on the current backend, its score function and one input. */
interface Subject {
  backend: Backend;
  model: tfl.LayersModel;
  f: ScoreFunction;
  x: Tensor;
}

let subject: Subject | undefined;

async function select(backend: Backend): Promise<void> {
  await useBackend(backend);
  if (tf.getBackend() !== backend) throw new Error(`Expected the ${backend} backend, tf.getBackend() is "${tf.getBackend()}".`);
}

function release(): void {
  if (!subject) return;
  subject.model.dispose();
  subject.x.dispose();
  subject = undefined;
}

/** The MNIST CNN and digit on `backend`, loaded once per backend (weights do not move between backends). */
async function mnist(backend: Backend): Promise<Subject> {
  await select(backend);
  if (subject?.backend === backend && subject.x.shape.length === 3 && subject.x.shape[0] === 28) return subject;
  release();
  const digits: { labels: number[]; shape: number[]; data: number[] } = await (await fetch('/test/fixtures/attribution/mnist-digits.json')).json();
  const index = digits.labels.indexOf(DIGIT);
  const size = 28 * 28;
  const model = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
  const x = tf.tensor3d(digits.data.slice(index * size, (index + 1) * size), [28, 28, 1]);
  subject = { backend, model, f: scoreFor(model, DIGIT), x };
  return subject;
}

/** The separable CNN and a seeded random image on webgl. */
async function mobilenetSized(): Promise<Subject> {
  await select('webgl');
  if (subject?.backend === 'webgl' && subject.x.shape[0] === 224) return subject;
  release();
  const model = separableCnn(1);
  const x = tf.tidy(() => tf.randomUniform(SEPARABLE_CNN_INPUT, 0, 1, 'float32', 2));
  subject = { backend: 'webgl', model, f: scoreFor(model, 3), x };
  return subject;
}

async function take(t: Tensor): Promise<Float32Array> {
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

/** Checks the library's SmoothGrad against the loop's, same seed, and that neither leaks. */
async function checkSmoothGrad({ f, x }: Subject, label: string): Promise<void> {
  const before = tf.memory().numTensors;
  const looped = await loopSmoothGrad(f, x, { samples: SAMPLES, noise: NOISE, seed: SEED });
  const batched = await take((await smoothGrad(f, x, { samples: SAMPLES, noise: NOISE, seed: SEED })).attribution);
  const full = await take((await smoothGrad(f, x, { samples: SAMPLES, noise: NOISE, seed: SEED, batchSize: SAMPLES })).attribution);
  const leaked = tf.memory().numTensors - before;
  const difference = Math.max(relativeMaxDifference(batched, looped), relativeMaxDifference(full, looped));
  console.info(
    `${label}: default batch ${chooseBatchSize(x.size, SAMPLES)} of ${SAMPLES}; batched vs looped map differ by ${difference.toExponential(2)} of its max`,
  );
  if (leaked !== 0) throw new Error(`${label}: SmoothGrad and the loop leaked ${leaked} tensor(s).`);
  if (!(difference <= TOLERANCE))
    throw new Error(`${label}: batched and looped SmoothGrad differ by ${difference} of the map's max (> ${TOLERANCE}).`);
}

/** Checks the library's IG against the loop's and logs the completeness gap. */
async function checkIntegratedGradients({ f, x }: Subject, label: string): Promise<void> {
  const before = tf.memory().numTensors;
  const looped = await loopIntegratedGradients(f, x, STEPS);
  const result = await integratedGradients(f, x, { steps: STEPS });
  const batched = await take(result.attribution);
  const leaked = tf.memory().numTensors - before;
  const difference = relativeMaxDifference(batched, looped);
  const { completenessGap, score, baselineScore } = result;
  console.info(
    `${label}: default batch ${chooseBatchSize(x.size, STEPS)} of ${STEPS}; batched vs looped map differ by ${difference.toExponential(2)} of its max; ` +
      `completeness gap ${completenessGap.toExponential(3)} of f(x) - f(0) = ${(score - baselineScore).toFixed(4)} ` +
      `(${((100 * Math.abs(completenessGap)) / Math.abs(score - baselineScore)).toFixed(3)} %)`,
  );
  if (leaked !== 0) throw new Error(`${label}: integratedGradients and the loop leaked ${leaked} tensor(s).`);
  if (!(difference <= TOLERANCE)) throw new Error(`${label}: batched and looped IG differ by ${difference} of the map's max (> ${TOLERANCE}).`);
}

function mnistCases(backend: Backend): void {
  const on = async () => void (await mnist(backend));
  const fast: Partial<BenchCase> = { backend, iterations: 15, warmup: 2 };
  // webgpu's runs take seconds here (see the im2col cases below), so fewer of them.
  const slow: Partial<BenchCase> = { backend, iterations: backend === 'webgpu' ? 3 : 5, warmup: 1 };

  bench(`gradient-mnist-${backend}`, {
    ...fast,
    setup: on,
    run: async () => {
      const { f, x } = subject!;
      await take(tf.tidy(() => tf.grad((one: Tensor) => tf.sum(f(one)))(tf.expandDims(x, 0))));
    },
  });
  bench(`forward-mnist-${backend}`, {
    ...fast,
    // ratio = gradient / forward: what one gradient costs in forward passes.
    baseline: `gradient-mnist-${backend}`,
    setup: on,
    run: async () => {
      const { model, x } = subject!;
      await take(tf.tidy(() => model.apply(tf.expandDims(x, 0), { training: false }) as Tensor));
    },
  });

  bench(`smoothgrad50-mnist-loop-${backend}`, {
    ...slow,
    setup: on,
    run: () => loopSmoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED }),
  });
  bench(`smoothgrad50-mnist-fullbatch-${backend}`, {
    ...slow,
    baseline: `smoothgrad50-mnist-loop-${backend}`,
    setup: on,
    run: async () => take((await smoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED, batchSize: SAMPLES })).attribution),
  });
  bench(`smoothgrad50-mnist-nnscope-${backend}`, {
    ...slow,
    baseline: `smoothgrad50-mnist-loop-${backend}`,
    setup: async () => checkSmoothGrad(await mnist(backend), `smoothgrad50-mnist-${backend}`),
    run: async () => take((await smoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED })).attribution),
  });

  bench(`ig64-mnist-loop-${backend}`, {
    ...slow,
    setup: on,
    run: () => loopIntegratedGradients(subject!.f, subject!.x, STEPS),
  });
  bench(`ig64-mnist-fullbatch-${backend}`, {
    ...slow,
    baseline: `ig64-mnist-loop-${backend}`,
    setup: on,
    run: async () => take((await integratedGradients(subject!.f, subject!.x, { steps: STEPS, batchSize: STEPS })).attribution),
  });
  bench(`ig64-mnist-nnscope-${backend}`, {
    ...slow,
    baseline: `ig64-mnist-loop-${backend}`,
    setup: async () => checkIntegratedGradients(await mnist(backend), `ig64-mnist-${backend}`),
    run: async () => take((await integratedGradients(subject!.f, subject!.x, { steps: STEPS })).attribution),
  });
}

/**
 * The same methods against the loop as PAIR runs it, every gradient read
 * back to the CPU (`readback-loop`), checked to give the loop's map; the
 * library's figure is timed again for this second ratio.
 */
function readbackCases(backend: Backend): void {
  const slow: Partial<BenchCase> = { backend, iterations: backend === 'webgpu' ? 3 : 5, warmup: 1 };
  const compare = async (label: string, mine: () => Promise<Float32Array>, reference: () => Promise<Float32Array>) => {
    const difference = relativeMaxDifference(await mine(), await reference());
    if (!(difference <= TOLERANCE))
      throw new Error(`${label}: the read-back loop and the loop differ by ${difference} of the map's max (> ${TOLERANCE}).`);
  };
  bench(`smoothgrad50-mnist-readback-loop-${backend}`, {
    ...slow,
    setup: async () => {
      const { f: score, x: digit } = await mnist(backend);
      const options = { samples: SAMPLES, noise: NOISE, seed: SEED };
      await compare(
        `smoothgrad50-mnist-readback-loop-${backend}`,
        () => readbackSmoothGrad(score, digit, options),
        () => loopSmoothGrad(score, digit, options),
      );
    },
    run: () => readbackSmoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED }),
  });
  bench(`smoothgrad50-mnist-nnscope-vs-readback-loop-${backend}`, {
    ...slow,
    baseline: `smoothgrad50-mnist-readback-loop-${backend}`,
    setup: async () => void (await mnist(backend)),
    run: async () => take((await smoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED })).attribution),
  });
  bench(`ig64-mnist-readback-loop-${backend}`, {
    ...slow,
    setup: async () => {
      const { f: score, x: digit } = await mnist(backend);
      await compare(
        `ig64-mnist-readback-loop-${backend}`,
        () => readbackIntegratedGradients(score, digit, STEPS),
        () => loopIntegratedGradients(score, digit, STEPS),
      );
    },
    run: () => readbackIntegratedGradients(subject!.f, subject!.x, STEPS),
  });
  bench(`ig64-mnist-nnscope-vs-readback-loop-${backend}`, {
    ...slow,
    baseline: `ig64-mnist-readback-loop-${backend}`,
    setup: async () => void (await mnist(backend)),
    run: async () => take((await integratedGradients(subject!.f, subject!.x, { steps: STEPS })).attribution),
  });
}

for (const backend of ['webgl', 'webgpu', 'cpu'] as const) {
  mnistCases(backend);
  readbackCases(backend);
  if (backend === 'webgpu') im2colCases();
}

/**
 * tfjs-backend-webgpu 4.22 computes conv2d as a matrix product that builds
 * its im2col tiles inside the product's shader; for the MNIST CNN's first
 * conv (one input channel, 3 x 3, 8 filters) that took 1.04 s at batch 50
 * in a probe here, against 0.10 s with the flag WEBGPU_CONV_SEPARATE_IM2COL_SHADER
 * (a separate im2col pass). The flag is the page's, not nnscope's, so the
 * cases above run without it; these four show what it changes.
 */
function im2colCases(): void {
  const FLAG = 'WEBGPU_CONV_SEPARATE_IM2COL_SHADER';
  const withFlag = async () => {
    await mnist('webgpu');
    tf.env().set(FLAG, true);
  };
  const withoutFlag = () => tf.env().set(FLAG, false);
  bench('smoothgrad50-mnist-loop-webgpu-im2col', {
    backend: 'webgpu',
    iterations: 3,
    setup: withFlag,
    run: () => loopSmoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED }),
    teardown: withoutFlag,
  });
  bench('smoothgrad50-mnist-nnscope-webgpu-im2col', {
    backend: 'webgpu',
    iterations: 3,
    baseline: 'smoothgrad50-mnist-loop-webgpu-im2col',
    setup: async () => {
      await withFlag();
      await checkSmoothGrad(subject!, 'smoothgrad50-mnist-webgpu-im2col');
    },
    run: async () => take((await smoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED })).attribution),
    teardown: withoutFlag,
  });
  bench('ig64-mnist-loop-webgpu-im2col', {
    backend: 'webgpu',
    iterations: 3,
    setup: withFlag,
    run: () => loopIntegratedGradients(subject!.f, subject!.x, STEPS),
    teardown: withoutFlag,
  });
  bench('ig64-mnist-nnscope-webgpu-im2col', {
    backend: 'webgpu',
    iterations: 3,
    baseline: 'ig64-mnist-loop-webgpu-im2col',
    setup: async () => {
      await withFlag();
      await checkIntegratedGradients(subject!, 'ig64-mnist-webgpu-im2col');
    },
    run: async () => take((await integratedGradients(subject!.f, subject!.x, { steps: STEPS })).attribution),
    teardown: withoutFlag,
  });
}

// 50 gradients of a 0.4 GFLOP network take 45-75 s on SwiftShader, so one
// timed run a case. Warm-up costs differ: the full batch's first run took
// 67-77 s against 50-52 s for the second (shaders and 50-image textures),
// the loop's and the smaller batches' first runs 3-7 % more than their
// second. So every case gets one checked, untimed warm-up run in setup (the
// loop's gives the reference map), and the timed runs compare warm with
// warm.
let loopMap224: Float32Array | undefined;
const big: Partial<BenchCase> = { backend: 'webgl', iterations: 1, warmup: 0, timesItself: true };

/** One timed run of the library's SmoothGrad on the 224 x 224 image, then checked against the loop's map. */
async function timedSmoothGrad224(batchSize: number | undefined, label: string): Promise<number> {
  const { f, x } = subject!;
  if (!loopMap224) throw new Error(`${label}: run with smoothgrad50-224-loop-webgl, whose map is the reference.`);
  const before = tf.memory().numTensors;
  const start = performance.now();
  const map = await take((await smoothGrad(f, x, { samples: SAMPLES, noise: NOISE, seed: SEED, batchSize })).attribution);
  const took = performance.now() - start;
  const leaked = tf.memory().numTensors - before;
  const difference = relativeMaxDifference(map, loopMap224);
  console.info(
    `${label}: batch ${batchSize ?? chooseBatchSize(x.size, SAMPLES)} of ${SAMPLES}; batched vs looped map differ by ${difference.toExponential(2)} of its max`,
  );
  if (leaked !== 0) throw new Error(`${label}: SmoothGrad leaked ${leaked} tensor(s).`);
  if (!(difference <= TOLERANCE))
    throw new Error(`${label}: batched and looped SmoothGrad differ by ${difference} of the map's max (> ${TOLERANCE}).`);
  return took;
}

bench('smoothgrad50-224-loop-webgl', {
  ...big,
  setup: async () => {
    await mobilenetSized();
    loopMap224 = await loopSmoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED });
  },
  run: async () => {
    const start = performance.now();
    loopMap224 = await loopSmoothGrad(subject!.f, subject!.x, { samples: SAMPLES, noise: NOISE, seed: SEED });
    return performance.now() - start;
  },
});
bench('smoothgrad50-224-nnscope-webgl', {
  ...big,
  baseline: 'smoothgrad50-224-loop-webgl',
  setup: async () => {
    await mobilenetSized();
    await timedSmoothGrad224(undefined, 'smoothgrad50-224-nnscope-webgl (warm-up)');
  },
  run: () => timedSmoothGrad224(undefined, 'smoothgrad50-224-nnscope-webgl'),
});
bench('smoothgrad50-224-fullbatch-webgl', {
  ...big,
  baseline: 'smoothgrad50-224-loop-webgl',
  setup: async () => {
    await mobilenetSized();
    await timedSmoothGrad224(SAMPLES, 'smoothgrad50-224-fullbatch-webgl (warm-up)');
  },
  run: () => timedSmoothGrad224(SAMPLES, 'smoothgrad50-224-fullbatch-webgl'),
  teardown() {
    release();
    loopMap224 = undefined;
  },
});
