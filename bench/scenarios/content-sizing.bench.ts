/**
 * First paint of a figure in an article column, with and without a height
 * (issue 12: "content sizing must not cost a second layout pass that shows in
 * the figures").
 *
 * Each case times one fresh element in a 704 px column (a Distill body
 * column), from handing over the data to two animation frames after the
 * element says it is drawn (bench/frames.ts `timeFirstPaint`):
 *
 * - `…-set-height`: the element given `height: 600px`, as before issue 12
 *   every page had to;
 * - `…-content-height`: no height at all, so the element sizes itself from
 *   its content (a square matrix, a grid as tall as its rows). Its ratio
 *   against `…-set-height` is the cost of sizing from content: 1.0 means
 *   none. (Before issue 12 an element with no height took a fixed default,
 *   so the same case then measured that default.)
 *
 * Attention: one head, 128² and 512², softmax rows seeded by the side, on
 * webgl. Feature grid: 512 channels of 14 × 14 from a webgl tensor.
 */
import { bench } from '../harness.js';
import { attentionWeights } from '../data/attention.js';
import { idleFrames, timeFirstPaint } from '../frames.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';
import '../../src/elements/attention-heatmap/define.js';
import '../../src/elements/feature-grid/define.js';
import type { Tensor3D } from '@tensorflow/tfjs-core';

const COLUMN = 704;

async function webgl(): Promise<void> {
  await useBackend('webgl');
  if (tf.getBackend() !== 'webgl') throw new Error(`Expected the webgl backend, tf.getBackend() is "${tf.getBackend()}".`);
}

/** A 704 px column at the page's top left, in view. */
function column(): HTMLDivElement {
  document.body.style.margin = '0';
  const box = document.createElement('div');
  box.style.cssText = `position:absolute;left:0;top:0;width:${COLUMN}px`;
  document.body.append(box);
  return box;
}

const remove = (el: Element) => (el.parentElement ?? el).remove();

function check(el: HTMLElement & { error?: string }, name: string): void {
  if (el.error) throw new Error(`${name} shows an error: ${el.error}`);
  const { height } = el.getBoundingClientRect();
  if (height < 100) throw new Error(`${name} is ${height} px tall: not drawn at a useful size.`);
}

const attention = new Map<number, { data: Float32Array; shape: number[] }>();
const weights = (n: number) => attention.get(n) ?? attention.set(n, { data: attentionWeights([n, n], n), shape: [n, n] }).get(n)!;

async function showAttention(n: number, height: string): Promise<HTMLElement> {
  const el = document.createElement('nn-attention-heatmap');
  el.eager = true;
  el.style.cssText = `display:block;${height}`;
  el.attention = weights(n);
  column().append(el);
  await el.updateComplete;
  return el;
}

for (const n of [128, 512]) {
  for (const sizing of ['set-height', 'content-height'] as const) {
    const name = `attention-${n}-${sizing}`;
    const height = sizing === 'set-height' ? 'height:600px' : '';
    bench(name, {
      backend: 'webgl',
      iterations: 15,
      ...(sizing === 'content-height' ? { baseline: `attention-${n}-set-height` } : {}),
      async setup() {
        await webgl();
        const el = await showAttention(n, height);
        check(el, name);
        remove(el);
        await idleFrames();
      },
      timesItself: true,
      run: () => timeFirstPaint(() => showAttention(n, height), remove),
    });
  }
}

let activations: Tensor3D | undefined;

async function showGrid(height: string): Promise<HTMLElement> {
  const el = document.createElement('nn-feature-grid');
  el.eager = true;
  el.style.cssText = `display:block;${height}`;
  el.activations = activations!;
  column().append(el);
  await el.updateComplete;
  return el;
}

for (const sizing of ['set-height', 'content-height'] as const) {
  const name = `feature-grid-512x14x14-${sizing}`;
  const height = sizing === 'set-height' ? 'height:600px' : '';
  bench(name, {
    backend: 'webgl',
    iterations: 15,
    ...(sizing === 'content-height' ? { baseline: 'feature-grid-512x14x14-set-height' } : {}),
    async setup() {
      await webgl();
      activations ??= tf.tidy(() => tf.relu(tf.randomNormal([14, 14, 512], 0.5, 1, 'float32', 7))) as Tensor3D;
      const el = await showGrid(height);
      check(el, name);
      remove(el);
      await idleFrames();
    },
    timesItself: true,
    run: () => timeFirstPaint(() => showGrid(height), remove),
  });
}
