import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';

/**
 * Issue 16: inputs that churn (a dashboard streaming activations, a slider
 * scrubbing through layers) never leave tensors behind, whatever the spacing
 * between changes: fifty swaps alternating good and bad input, a microtask,
 * a timer or a frame apart, ending on a good one.
 */

const ramp = (n: number, shift = 0) => Float32Array.from({ length: n }, (_, i) => ((i + shift) % 7) / 7);

interface Spec {
  tag: string;
  property: string;
  good(i: number): unknown;
  /** An input the element refuses with an error. */
  bad(i: number): unknown;
  extra?: Record<string, unknown>;
}

const specs: Spec[] = [
  {
    tag: 'nn-attention-heatmap',
    property: 'attention',
    good: (i) => ({ data: ramp(2 * 6 * 6, i), shape: [2, 6, 6] }),
    bad: () => [1, 2, 3],
  },
  {
    tag: 'nn-hidden-state-tracer',
    property: 'states',
    good: (i) => ({ data: ramp(30 * 4, i), shape: [30, 4] }),
    bad: () => [1, 2, 3],
    extra: { threshold: 0.5, selection: [2, 4] },
  },
  {
    tag: 'nn-feature-grid',
    property: 'activations',
    good: (i) => ({ data: ramp(4 * 4 * 6, i), shape: [4, 4, 6] }),
    bad: () => [1, 2, 3],
  },
  {
    tag: 'nn-saliency-overlay',
    property: 'saliency',
    good: (i) => ({ data: ramp(8 * 8, i), shape: [8, 8] }),
    bad: () => [[[[1]]]],
    extra: { image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(200), 8, 8) },
  },
];

const spacings: [string, () => Promise<unknown>][] = [
  ['a microtask', () => Promise.resolve()],
  ['a timer', () => new Promise((resolve) => setTimeout(resolve, 0))],
  ['a frame', () => new Promise((resolve) => requestAnimationFrame(resolve))],
];

describe('elements under churning input', () => {
  afterEach(async () => {
    document.querySelectorAll(specs.map((s) => s.tag).join(',')).forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend(() => {
    for (const spec of specs) {
      for (const [spacing, wait] of spacings) {
        it(`${spec.tag}: 50 good/bad swaps ${spacing} apart leave no tensor behind, after the last good input and after removal`, async () => {
          const baseline = tensorBaseline();
          const el = document.createElement(spec.tag) as NnElement;
          el.setAttribute('style', 'display: block; width: 360px; height: 300px');
          Object.assign(el, { eager: true, ...spec.extra, [spec.property]: spec.good(0) });
          document.body.append(el);
          await el.updateComplete;
          expect(el.error, 'first input').to.equal(undefined);
          const drawn = tensorBaseline();
          for (let i = 1; i <= 50; i++) {
            Object.assign(el, { [spec.property]: i % 2 ? spec.bad(i) : spec.good(i) });
            await wait();
          }
          await el.updateComplete;
          expect(el.error, 'the last input (good) is shown').to.equal(undefined);
          drawn.check(`${spec.tag}: after the final good input`);
          await removeAndRelease(el);
          baseline.check(`${spec.tag}: after removal`);
        });
      }
    }
  });
});
