import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useBackend } from '../../src/backend/use-backend.js';

/**
 * One key table for every element (README, "Keyboard"): the same keys,
 * driven on all four elements, do the same kind of thing.
 */

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);

const elements: { tag: string; props: () => Record<string, unknown> }[] = [
  { tag: 'nn-attention-heatmap', props: () => ({ attention: { data: ramp(6 * 6), shape: [6, 6] } }) },
  { tag: 'nn-hidden-state-tracer', props: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5 }) },
  { tag: 'nn-feature-grid', props: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }) },
  {
    tag: 'nn-saliency-overlay',
    props: () => ({ saliency: { data: ramp(8 * 8), shape: [8, 8] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
  },
];

async function mount(tag: string, props: Record<string, unknown>): Promise<NnElement> {
  const el = document.createElement(tag) as NnElement;
  el.setAttribute('style', 'display: block; width: 400px; height: 320px');
  Object.assign(el, { eager: true, ...props });
  document.body.append(el);
  await el.updateComplete;
  expect(el.error, tag).to.equal(undefined);
  return el;
}

/** Presses `key` on the element and says whether it was handled (default prevented). */
function press(el: HTMLElement, key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  el.dispatchEvent(event);
  return event.defaultPrevented;
}

const live = (el: NnElement) => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim();
/** Whether the value card is showing (a boolean: chai formatting a shadow-DOM element in a failure message can hang the page). */
const card = (el: NnElement) => el.shadowRoot!.querySelector('[part="tooltip"]') !== null;

describe('the one key table, on every element', () => {
  before(async () => {
    await useBackend('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll(elements.map((e) => e.tag).join(',')).forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  for (const { tag, props } of elements) {
    it(`${tag}: arrows move a cursor that is announced, shown in the value card and fired as nn-hover`, async () => {
      const el = await mount(tag, props());
      const hovers: { kind: string }[] = [];
      el.addEventListener('nn-hover', (e) => hovers.push(e.detail as { kind: string }));
      el.focus();
      expect(press(el, 'ArrowRight'), 'ArrowRight handled').to.equal(true);
      expect(press(el, 'ArrowRight'), 'ArrowRight handled').to.equal(true);
      await el.updateComplete;
      expect(hovers.length).to.be.greaterThan(0);
      const kinds = hovers.map((detail) => detail?.kind);
      expect(
        kinds.every((kind) => typeof kind === 'string' && kind.length > 0),
        `kinds ${kinds}`,
      ).to.equal(true);
      expect(live(el), 'announced').to.not.equal('');
      expect(card(el), 'value card on keyboard focus').to.equal(true);
      for (const key of ['Home', 'End', 'PageDown', 'PageUp']) expect(press(el, key), `${key} handled`).to.equal(true);
      expect(press(el, 'ArrowLeft', { shiftKey: true }), 'Shift+ArrowLeft handled').to.equal(true);
    });

    it(`${tag}: Enter selects what is under the cursor, Escape clears the cursor and its card`, async () => {
      const el = await mount(tag, props());
      const selects: unknown[] = [];
      el.addEventListener('nn-select', (e) => selects.push(e.detail));
      el.focus();
      press(el, 'ArrowRight');
      expect(press(el, 'Enter'), 'Enter handled').to.equal(true);
      expect(selects.length, 'nn-select').to.be.greaterThan(0);
      expect(press(el, 'Escape'), 'Escape handled').to.equal(true);
      await el.updateComplete;
      expect(card(el), 'no card after Escape').to.equal(false);
    });

    it(`${tag}: leaves the browser's shortcuts, other keys and Tab alone`, async () => {
      const el = await mount(tag, props());
      el.focus();
      expect(press(el, 'ArrowRight', { ctrlKey: true })).to.equal(false);
      expect(press(el, 'ArrowRight', { altKey: true })).to.equal(false);
      expect(press(el, 'Tab')).to.equal(false);
      expect(press(el, 'a')).to.equal(false);
      expect(el.tabIndex).to.equal(0);
    });
  }
});
