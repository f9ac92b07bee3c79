import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useBackend } from '../../src/backend/use-backend.js';

/**
 * Issue 12 item 10: Storybook logged Lit's dev-mode "scheduled an update
 * after an update completed" on 55 of 60 stories. This file is built with
 * Lit's development build (scripts/build-tests.mjs: *.dev.test.ts), which
 * warns whenever reactive state is set from `updated()`; each element is
 * mounted, resized, driven by keys, rethemed, broken and mended, and must
 * not warn.
 */

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);

const elements: { tag: string; props: () => Record<string, unknown>; bad: Record<string, unknown> }[] = [
  {
    tag: 'nn-attention-heatmap',
    props: () => ({ attention: { data: ramp(6 * 6), shape: [6, 6] } }),
    bad: { attention: { data: ramp(5), shape: [5] } },
  },
  {
    tag: 'nn-hidden-state-tracer',
    props: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5 }),
    bad: { states: { data: ramp(5), shape: [5] } },
  },
  {
    tag: 'nn-feature-grid',
    props: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }),
    bad: { activations: { data: ramp(5), shape: [5] } },
  },
  {
    tag: 'nn-saliency-overlay',
    props: () => ({ saliency: { data: ramp(8 * 8), shape: [8, 8] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
    bad: { saliency: { data: ramp(5), shape: [5] } },
  },
];

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe("Lit's development build: no element schedules an update from a finished update", function () {
  this.timeout(120_000);
  let warnings: string[] = [];
  const originalWarn = console.warn;

  before(async () => {
    await useBackend('cpu');
    // The dev build says once per page that it is the dev build; that one is expected.
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
  });
  after(() => {
    console.warn = originalWarn;
  });
  beforeEach(() => {
    warnings = [];
  });
  afterEach(async () => {
    document.querySelectorAll(elements.map((e) => e.tag).join(',')).forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('the test runs on the development build (it would pass vacuously on the production one)', () => {
    const dev = (globalThis as { litIssuedWarnings?: Set<unknown> }).litIssuedWarnings;
    expect(dev instanceof Set, 'globalThis.litIssuedWarnings, kept only by the dev build').to.equal(true);
  });

  for (const { tag, props, bad } of elements) {
    it(`${tag}: mount, resize, keys, theme, an error and its recovery schedule no update after an update`, async () => {
      const el = document.createElement(tag) as NnElement;
      el.setAttribute('style', 'display: block; width: 400px; height: 320px');
      Object.assign(el, { eager: true, ...props() });
      document.body.append(el);
      await el.updateComplete;
      expect(el.error, tag).to.equal(undefined);
      el.style.width = '360px';
      await frame();
      await el.updateComplete;
      el.focus();
      for (const key of ['ArrowRight', 'ArrowDown', '+', '-', '0', 'Enter', 'Escape']) {
        el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
        await el.updateComplete;
      }
      el.theme = 'dark';
      await frame();
      await el.updateComplete;
      Object.assign(el, bad);
      await el.updateComplete;
      expect(el.error, `${tag}: the bad input shows an error`).to.be.a('string');
      Object.assign(el, props());
      await el.updateComplete;
      expect(el.error, `${tag}: recovered`).to.equal(undefined);
      await frame();
      const updateWarnings = warnings.filter((text) => text.includes('scheduled an update'));
      expect(updateWarnings, updateWarnings.join('\n')).to.deep.equal([]);
    });
  }
});
