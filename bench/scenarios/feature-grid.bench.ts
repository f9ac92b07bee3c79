/**
 * `<nn-feature-grid>` (issue 5):
 *
 * - `first-paint-512x14x14-nnscope` vs `first-paint-512x14x14-topixels`: 512
 *   channels of 14 x 14 from an in-memory webgl tensor [14, 14, 512] to
 *   two frames after the view says it is drawn (bench/frames.ts
 *   `timeFirstPaint`). The element builds one atlas on the GPU (normalise,
 *   colour through the LUT, arrange), reads it back once and puts it on one
 *   canvas. The baseline is how a page does it with tfjs alone: each channel
 *   sliced, scaled to [0, 1] and drawn with `tf.browser.toPixels` into its
 *   own canvas (grey, no colormap: less work per tile than the element does).
 *   Target: at least 10x.
 * - `optimize-10-steps-1-channel` and `…-16-channels`: 10 steps of feature
 *   visualisation on the MNIST CNN's conv2 (models/mnist-cnn), 16 channels
 *   in ONE batch; steps per second = 10 000 / median_ms.
 * - `scroll-2048-frame`: a 2048-channel grid (7 x 7 tiles) in a 600 x 600
 *   box scrolled one row per frame for 30 frames; the mean frame interval
 *   (16.7 ms is 60 fps). `scroll-2048-frame-p95`: the same scroll, each run's
 *   95th-percentile frame interval (a mean hides the dropped frames a reader
 *   sees as jank). Frame intervals are the gaps between animation-frame
 *   timestamps, which follow presented frames: when the GPU process cannot
 *   swap a frame in time, Chromium holds the next BeginFrame back (a trace of
 *   the old one-canvas grid showed 30 ms SwapBuffers and 33 ms rAF
 *   intervals). The frames begun but not yet shown when the 30th scroll is
 *   made are counted too: the window runs on until a frame comes on time,
 *   i.e. until the pipeline has caught up with everything scrolled.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { bench } from '../harness.js';
import { percentile } from '../stats.js';
import { afterFrames, idleFrames, nextFrame, timeFirstPaint } from '../frames.js';
import { stage, unstage, SIDE } from '../support/stage.js';
import '../../src/elements/feature-grid/define.js';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import { visualizeChannels } from '../../src/compute/feature-vis/optimize.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';

let activations: Tensor3D | undefined;

async function webgl(): Promise<void> {
  await useBackend('webgl');
  if (tf.getBackend() !== 'webgl') throw new Error(`Expected the webgl backend, tf.getBackend() is "${tf.getBackend()}".`);
}

/** Seeded activations [14, 14, 512] on the GPU, ReLU-like (non-negative, a quarter zero). */
function makeActivations(h: number, w: number, c: number): Tensor3D {
  return tf.tidy(() => tf.relu(tf.randomNormal([h, w, c], 0.5, 1, 'float32', 7))) as Tensor3D;
}

async function showGrid(input: Tensor, tileSize = 24): Promise<FeatureGrid> {
  const box = stage();
  const el = document.createElement('nn-feature-grid');
  el.eager = true;
  el.style.cssText = `display:block;width:${SIDE}px;height:${SIDE}px;--nn-tile-size:${tileSize}px`;
  el.activations = input;
  box.append(el);
  await el.updateComplete;
  return el;
}

/** One canvas per channel through tf.browser.toPixels, as a page without nnscope would. */
async function toPixelsGrid(input: Tensor3D): Promise<HTMLDivElement> {
  const box = stage();
  box.style.cssText += ';display:flex;flex-wrap:wrap;gap:2px;overflow:auto';
  const [h, w, c] = input.shape;
  const max = tf.max(input);
  for (let k = 0; k < c; k++) {
    const tile = tf.tidy(() => tf.div(tf.reshape(tf.slice(input, [0, 0, k], [h, w, 1]), [h, w]), max)) as tf.Tensor2D;
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'width:24px;height:24px;image-rendering:pixelated';
    await tf.browser.toPixels(tile, canvas);
    tile.dispose();
    box.append(canvas);
  }
  max.dispose();
  return box;
}

bench('first-paint-512x14x14-topixels', {
  backend: 'webgl',
  iterations: 5,
  async setup() {
    await webgl();
    activations = makeActivations(14, 14, 512);
    const box = await toPixelsGrid(activations);
    if (box.querySelectorAll('canvas').length !== 512) throw new Error('the baseline drew no 512 canvases');
    box.remove();
    await idleFrames();
  },
  timesItself: true,
  run: () =>
    timeFirstPaint(
      () => toPixelsGrid(activations!),
      (box) => box.remove(),
    ),
  teardown() {
    activations?.dispose();
    activations = undefined;
  },
});

bench('first-paint-512x14x14-nnscope', {
  baseline: 'first-paint-512x14x14-topixels',
  backend: 'webgl',
  iterations: 15,
  async setup() {
    await webgl();
    activations = makeActivations(14, 14, 512);
    const el = await showGrid(activations);
    if (el.error || el.order.length !== 512 || el.backend !== 'webgl') throw new Error(`the grid did not draw 512 tiles on webgl: ${el.error}`);
    unstage(el);
    await idleFrames();
  },
  timesItself: true,
  run: () => timeFirstPaint(() => showGrid(activations!), unstage),
  teardown() {
    activations?.dispose();
    activations = undefined;
  },
});

let mnist: tfl.LayersModel | undefined;
for (const channels of [1, 16]) {
  bench(`optimize-10-steps-${channels}-channel${channels > 1 ? 's-one-batch' : ''}`, {
    backend: 'webgl',
    iterations: 3,
    async setup() {
      await webgl();
      mnist ??= await tfl.loadLayersModel('/models/mnist-cnn/model.json');
    },
    async run() {
      const result = await visualizeChannels(
        mnist!,
        'conv2',
        Array.from({ length: channels }, (_, i) => i),
        { steps: 10, seed: 1, objective: 'neuron' },
      );
      if (result.images.shape[0] !== channels) throw new Error('wrong number of images');
      result.images.dispose();
    },
  });
}

let scrolled: FeatureGrid | undefined;
let scrollInput: Tensor3D | undefined;
/** Every frame interval of every timed scroll, for the pooled p95 on the console. */
let scrollIntervals: number[] = [];

/** A frame interval up to this long (1.5 frames at 60 Hz) means the pipeline kept up. */
const ON_TIME_MS = 25;

/**
 * Scrolls the grid one row a frame for 30 frames, then waits (still timing)
 * until a frame comes on time; resolves to every frame interval of it.
 */
async function scrollFrames(): Promise<number[]> {
  const scroll = scrolled!.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
  scroll.scrollTop = 0;
  await afterFrames(2);
  await idleFrames();
  const intervals: number[] = [];
  let previous = await nextFrame();
  for (let i = 0; i < 30; i++) {
    scroll.scrollTop += 56;
    const now = await nextFrame();
    intervals.push(now - previous);
    previous = now;
  }
  // The 30th scroll is drawn in the next frame (its scroll event), and up to
  // two frames may still be queued for raster and swap: count frames until one
  // is on time, that one included.
  for (let tail = 0; tail < 10; tail++) {
    const now = await nextFrame();
    intervals.push(now - previous);
    previous = now;
    if (intervals[intervals.length - 1] <= ON_TIME_MS) break;
  }
  scrollIntervals.push(...intervals);
  return intervals;
}

const scrollCase = (statistic: (intervals: number[]) => number) => ({
  backend: 'webgl' as const,
  iterations: 5,
  async setup() {
    await webgl();
    scrollInput = makeActivations(7, 7, 2048);
    scrolled = await showGrid(scrollInput, 36);
    if (scrolled.order.length !== 2048) throw new Error('the grid does not show 2048 tiles');
    await idleFrames();
    scrollIntervals = [];
  },
  timesItself: true,
  run: async () => statistic(await scrollFrames()),
  teardown() {
    if (scrollIntervals.length > 0) {
      const mean = scrollIntervals.reduce((sum, ms) => sum + ms, 0) / scrollIntervals.length;
      console.info(
        `scroll: ${scrollIntervals.length} frame intervals (warmup included), mean ${mean.toFixed(1)} ms, p95 ${percentile(scrollIntervals, 95).toFixed(1)} ms, max ${Math.max(...scrollIntervals).toFixed(1)} ms`,
      );
    }
    if (scrolled) unstage(scrolled);
    scrollInput?.dispose();
    scrolled = undefined;
    scrollInput = undefined;
  },
});

bench(
  'scroll-2048-frame',
  scrollCase((intervals) => intervals.reduce((sum, ms) => sum + ms, 0) / intervals.length),
);
bench(
  'scroll-2048-frame-p95',
  scrollCase((intervals) => percentile(intervals, 95)),
);
