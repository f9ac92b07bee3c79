/**
 * `<nn-saliency-overlay>` first paint of a precomputed saliency map over its
 * image, against the two ways a page draws one today, on the same seeded
 * image and map (224 x 224, an ImageNet model's input, and 1024 x 1024):
 *
 * - `fillrect`: the image put on a canvas, then one `fillRect` per pixel in
 *   an `rgba()` string from the d3 colour scheme, alpha by |value|, after
 *   clipping at the 99.5th percentile found by sorting a copy (what PAIR's
 *   notebooks do in matplotlib, written for the browser);
 * - `topixels`: the map normalised with tfjs on the GPU and drawn by
 *   `tf.browser.toPixels` (greyscale) into a second canvas laid over the
 *   image with CSS opacity and `mix-blend-mode: multiply`.
 *
 * Every case times one fresh view in a 600 x 600 box, from handing over the
 * data to two animation frames after the view says it is drawn (the
 * element's `updateComplete`; the baselines' own promise), as the attention
 * benchmark does (`timeFirstPaint`). Everything runs on webgl. The compute
 * of attributions is timed by attribution.bench.ts.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import { bench } from '../harness.js';
import { timeFirstPaint } from '../frames.js';
import { stage, unstage, SIDE } from '../support/stage.js';
import '../../src/elements/saliency-overlay/define.js';
import type { SaliencyOverlay } from '../../src/elements/saliency-overlay/saliency-overlay.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';
import { mulberry32 } from '../../src/compute/random.js';

const SIZES = [
  { n: 224, fillRuns: 7 },
  { n: 1024, fillRuns: 3 },
] as const;

interface Input {
  image: ImageData;
  map: Float32Array;
}
const inputs = new Map<number, Input>();

/** A smooth colour picture and a signed map of blobs plus noise, n x n. */
function input(n: number): Input {
  const cached = inputs.get(n);
  if (cached) return cached;
  const noise = mulberry32(n);
  const pixels = new Uint8ClampedArray(n * n * 4);
  const map = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      pixels.set([(255 * x) / n, (255 * y) / n, 128 + 100 * Math.sin((x + y) / 20), 255], i * 4);
      const r = Math.hypot(x / n - 0.45, y / n - 0.5);
      map[i] = Math.exp(-((r - 0.2) ** 2) / 0.002) - 0.6 * Math.exp(-(((x / n - 0.8) ** 2 + (y / n - 0.25) ** 2) / 0.004)) + 0.1 * (noise() - 0.5);
    }
  }
  const made = { image: new ImageData(pixels, n, n), map };
  inputs.set(n, made);
  return made;
}

async function showElement({ image, map }: Input, n: number): Promise<SaliencyOverlay> {
  const box = stage();
  const el = document.createElement('nn-saliency-overlay');
  el.eager = true;
  el.style.cssText = `display:block;width:${SIDE}px;height:${SIDE}px`;
  el.image = image;
  el.saliency = { data: map, shape: [n, n] };
  box.append(el);
  await el.updateComplete;
  if (el.error) throw new Error(`nn-saliency-overlay: ${el.error}`);
  return el;
}

/** The naive page: sort for the percentile, then a fillRect and a colour string per pixel. */
function showFillRect({ image, map }: Input, n: number): HTMLCanvasElement {
  const box = stage();
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  box.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const picture = document.createElement('canvas');
  picture.width = n;
  picture.height = n;
  picture.getContext('2d')!.putImageData(image, 0, 0);
  ctx.drawImage(picture, 0, 0, SIDE, SIDE);
  const sorted = Float32Array.from(map, Math.abs).sort();
  const clip = sorted[Math.floor(0.995 * (sorted.length - 1))] || 1;
  const cell = SIDE / n;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const t = Math.min(1, Math.abs(map[y * n + x]) / clip);
      const { r, g, b } = parse(interpolateViridis(t));
      ctx.fillStyle = `rgba(${r},${g},${b},${(0.75 * t).toFixed(3)})`;
      ctx.fillRect(x * cell, y * cell, cell, cell);
    }
  }
  return canvas; // unstage removes its box
}

function parse(color: string): { r: number; g: number; b: number } {
  // d3's interpolators return "#rrggbb" or "rgb(r, g, b)".
  if (color.startsWith('#')) return { r: parseInt(color.slice(1, 3), 16), g: parseInt(color.slice(3, 5), 16), b: parseInt(color.slice(5, 7), 16) };
  const [r, g, b] = color.slice(4, -1).split(',').map(Number);
  return { r, g, b };
}

/** tfjs on the GPU: |map| / max as grey, drawn by toPixels over the picture with CSS blending. */
async function showToPixels({ image, map }: Input, n: number): Promise<HTMLCanvasElement> {
  const box = stage();
  const picture = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  for (const canvas of [picture, overlay]) {
    canvas.style.cssText = `position:absolute;left:0;top:0;width:${SIDE}px;height:${SIDE}px`;
    box.append(canvas);
  }
  picture.width = n;
  picture.height = n;
  picture.getContext('2d')!.putImageData(image, 0, 0);
  overlay.style.opacity = '0.75';
  overlay.style.mixBlendMode = 'multiply';
  const grey = tf.tidy(() => {
    const magnitude = tf.abs(tf.tensor2d(map, [n, n]));
    return tf.div(magnitude, tf.max(magnitude));
  });
  await tf.browser.toPixels(grey as tf.Tensor2D, overlay);
  grey.dispose();
  return overlay; // unstage removes its box
}

async function onWebgl(): Promise<void> {
  await useBackend('webgl');
  if (tf.getBackend() !== 'webgl') throw new Error(`webgl backend not in use: ${tf.getBackend()}`);
}

for (const { n, fillRuns } of SIZES) {
  bench(`first-paint-${n}-fillrect`, {
    iterations: fillRuns,
    setup: () => void input(n),
    run: () => timeFirstPaint(() => showFillRect(input(n), n), unstage),
    timesItself: true,
  });
  bench(`first-paint-${n}-topixels`, {
    backend: 'webgl',
    setup: onWebgl,
    run: () => timeFirstPaint(() => showToPixels(input(n), n), unstage),
    timesItself: true,
  });
  bench(`first-paint-${n}-nnscope-vs-fillrect`, {
    backend: 'webgl',
    baseline: `first-paint-${n}-fillrect`,
    setup: onWebgl,
    run: () => timeFirstPaint(() => showElement(input(n), n), unstage),
    timesItself: true,
  });
  bench(`first-paint-${n}-nnscope-vs-topixels`, {
    backend: 'webgl',
    baseline: `first-paint-${n}-topixels`,
    setup: onWebgl,
    run: () => timeFirstPaint(() => showElement(input(n), n), unstage),
    timesItself: true,
  });
}
