import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';

/**
 * Issue 17: every element survives leaving the page and coming back, at any
 * moment: mid-load, mid-compute and after drawing; and a move within one
 * task keeps what is drawn with nothing recomputed.
 */

/** A [2, 3, 4] uint8 array on the test server (test/fixtures/manifest.json). */
const FIXTURE = '/test/fixtures/npy_u1_na_c.npy';

interface Spec {
  tag: string;
  /** Inputs that draw, in memory. */
  good(): Record<string, unknown>;
  /** Inputs that load from a URL (mid-load removal). */
  fromUrl(): Record<string, unknown>;
  /** What the element computed (result or order), to compare identity across a move. */
  computed(el: NnElement): unknown;
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 7) / 7);

const specs: Spec[] = [
  {
    tag: 'nn-attention-heatmap',
    good: () => ({ attention: { data: ramp(2 * 6 * 6), shape: [2, 6, 6] } }),
    fromUrl: () => ({ src: FIXTURE }),
    computed: (el) => (el as unknown as { result?: { data: Float32Array } }).result?.data,
  },
  {
    tag: 'nn-hidden-state-tracer',
    good: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5, selection: [3, 5] }),
    fromUrl: () => ({ src: FIXTURE }),
    // A fresh array each read: compare the selection result's contents.
    computed: (el) => JSON.stringify((el as unknown as { selectedUnits: readonly number[] }).selectedUnits),
  },
  {
    tag: 'nn-feature-grid',
    good: () => ({ activations: { data: ramp(4 * 4 * 8), shape: [4, 4, 8] } }),
    fromUrl: () => ({ src: FIXTURE }),
    computed: (el) => (el as unknown as { order: readonly number[] }).order,
  },
  {
    tag: 'nn-saliency-overlay',
    good: () => ({
      image: new ImageData(
        Uint8ClampedArray.from({ length: 8 * 8 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256)),
        8,
        8,
      ),
      // A model whose score is the sum of the pixels: its gradient is 1 everywhere.
      model: (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]),
      target: 0,
      method: 'smoothgrad',
      samples: 16,
    }),
    fromUrl: () => ({
      src: '/test/fixtures/feature-grid/quadrants-2x2.png',
      model: (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]),
      target: 0,
    }),
    computed: (el) => (el as unknown as { result?: { data: Float32Array } }).result?.data,
  },
];

function mount(tag: string, props: Record<string, unknown>): NnElement {
  const el = document.createElement(tag) as NnElement;
  el.setAttribute('style', 'display: block; width: 420px; height: 360px');
  (el as unknown as { eager: boolean }).eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether any canvas in the element's view has a painted pixel. */
function painted(el: NnElement): boolean {
  for (const canvas of el.shadowRoot!.querySelectorAll('canvas')) {
    if (!canvas.width || !canvas.height) continue;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (data?.some((value, i) => i % 4 === 3 && value > 0)) return true;
  }
  return false;
}

function counter(el: NnElement, type: string): unknown[] {
  const seen: unknown[] = [];
  el.addEventListener(type, (event) => seen.push((event as CustomEvent).detail ?? event));
  return seen;
}

/** Keys move a cursor and fire nn-hover, with nothing thrown to the page. */
async function interactive(el: NnElement): Promise<void> {
  const hovers = counter(el, 'nn-hover');
  el.focus();
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
  await el.updateComplete;
  expect(hovers.length, `${el.localName}: keys fire nn-hover`).to.be.greaterThan(0);
}

describe('elements leaving and coming back to the page', () => {
  let pageErrors: string[] = [];
  const onError = (event: ErrorEvent) => pageErrors.push(event.message);
  beforeEach(() => {
    pageErrors = [];
    window.addEventListener('error', onError);
  });
  afterEach(async () => {
    window.removeEventListener('error', onError);
    expect(pageErrors, 'errors thrown to the page').to.deep.equal([]);
    document.querySelectorAll(specs.map((s) => s.tag).join(',')).forEach((el) => el.remove());
    await nextTask();
  });

  forEachBackend(() => {
    for (const spec of specs) {
      describe(spec.tag, () => {
        it('re-added after drawing: draws again, fires nn-render, stays interactive, and frees everything on the final removal', async () => {
          const baseline = tensorBaseline();
          const el = mount(spec.tag, spec.good());
          const renders = counter(el, 'nn-render');
          await el.updateComplete;
          expect(el.error).to.equal(undefined);
          await removeAndRelease(el);
          document.body.append(el);
          await el.updateComplete;
          expect(el.error).to.equal(undefined);
          expect(renders).to.have.length(2);
          expect(painted(el)).to.equal(true);
          expect(spec.computed(el)).to.not.equal(undefined);
          await interactive(el);
          await removeAndRelease(el);
          baseline.check(`${spec.tag} after the final removal`);
        });

        it('re-added after being removed mid-load: draws', async () => {
          const baseline = tensorBaseline();
          const el = mount(spec.tag, spec.fromUrl());
          const renders = counter(el, 'nn-render');
          await removeAndRelease(el); // the fetch is in flight
          await new Promise((resolve) => setTimeout(resolve, 50));
          document.body.append(el);
          await el.updateComplete;
          expect(el.error).to.equal(undefined);
          expect(renders).to.have.length(1);
          expect(painted(el)).to.equal(true);
          await removeAndRelease(el);
          baseline.check(`${spec.tag} after the final removal`);
        });

        it('re-added after being removed mid-compute: draws', async () => {
          const baseline = tensorBaseline();
          const el = mount(spec.tag, spec.good());
          const renders = counter(el, 'nn-render');
          // The pipeline starts in the update after connecting; two microtasks in, it is computing.
          await Promise.resolve();
          await Promise.resolve();
          await removeAndRelease(el);
          await new Promise((resolve) => setTimeout(resolve, 50));
          const before = renders.length;
          document.body.append(el);
          await el.updateComplete;
          expect(el.error).to.equal(undefined);
          expect(renders).to.have.length(before + 1);
          expect(painted(el)).to.equal(true);
          await interactive(el);
          await removeAndRelease(el);
          baseline.check(`${spec.tag} after the final removal`);
        });

        it('moved within one task after drawing: nothing recomputed and still interactive', async () => {
          const el = mount(spec.tag, spec.good());
          await el.updateComplete;
          const renders = counter(el, 'nn-render');
          const computed = spec.computed(el);
          const holder = document.body.appendChild(document.createElement('div'));
          holder.append(el);
          await nextTask();
          await el.updateComplete;
          expect(renders).to.have.length(0);
          expect(spec.computed(el)).to.equal(computed);
          expect(painted(el)).to.equal(true);
          await interactive(el);
          holder.remove();
        });
      });
    }
  });
});
