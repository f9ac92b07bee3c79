import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { html, render } from 'lit';
import { keyAnnouncement } from '../../src/elements/interaction/keys.js';
import { tooltipPlacement, tooltipTemplate } from '../../src/elements/interaction/tooltip.js';

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

  for (const { tag, props } of elements) {
    it(`${tag}: the value card follows the keyboard cursor and stays inside the element`, async () => {
      const el = await mount(tag, props());
      el.focus();
      const host = el.getBoundingClientRect();
      const positions: string[] = [];
      for (let i = 0; i < 3; i++) {
        press(el, 'ArrowRight');
        await el.updateComplete;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const tooltip = el.shadowRoot!.querySelector('[part="tooltip"]');
        expect(tooltip !== null, `a card after ${i + 1} key(s)`).to.equal(true);
        const box = tooltip!.getBoundingClientRect();
        expect(
          box.left >= host.left - 0.5 && box.right <= host.right + 0.5,
          `card inside the element's width (${box.left}–${box.right} in ${host.left}–${host.right})`,
        ).to.equal(true);
        positions.push(`${Math.round(box.left)},${Math.round(box.top)}`);
      }
      expect(new Set(positions).size, `card positions ${positions.join(' ')}`).to.be.greaterThan(1);
    });

    it(`${tag}: zoom, zoom reset and Escape are announced in the live region`, async () => {
      const el = await mount(tag, props());
      el.focus();
      press(el, 'ArrowRight');
      await el.updateComplete;
      const zooms = press(el, '+');
      await el.updateComplete;
      if (zooms) {
        expect(live(el), 'after +').to.match(/zoom/i);
        expect(press(el, '-'), '- handled where + is').to.equal(true);
        await el.updateComplete;
        expect(live(el), 'after -').to.match(/zoom/i);
        press(el, '+');
        await el.updateComplete;
        const before = live(el);
        expect(press(el, '0'), '0 handled where + is').to.equal(true);
        await el.updateComplete;
        expect(live(el), 'after 0').to.match(/zoom|whole|shown/i);
        expect(live(el), 'after 0: a new sentence').to.not.equal(before);
      }
      expect(press(el, 'Escape'), 'Escape handled').to.equal(true);
      await el.updateComplete;
      expect(live(el), 'after Escape').to.match(/clear/i);
    });
  }

  it('keyAnnouncement: one set of words for zoom, reset and Escape', () => {
    const rows = { axis: 'rows', start: 10, end: 42, total: 512 };
    expect(keyAnnouncement({ kind: 'zoom', direction: 1 }, [rows], true)).to.equal('Zoomed to rows 10–41 of 512.');
    expect(keyAnnouncement({ kind: 'zoom', direction: -1 }, undefined, true)).to.equal('Zoomed out.');
    expect(keyAnnouncement({ kind: 'reset' }, [{ axis: 'steps', start: 0, end: 92, total: 2000 }], true)).to.equal('Zoom reset: steps 0–91 of 2000.');
    expect(keyAnnouncement({ kind: 'escape' }, undefined, true)).to.equal('Cursor cleared, zoom reset.');
    expect(keyAnnouncement({ kind: 'escape' }, undefined, false)).to.equal('Cursor cleared.');
    expect(keyAnnouncement({ kind: 'select' }, undefined, true)).to.equal(undefined);
  });
});

describe('tooltipTemplate at the edges of its box', () => {
  afterEach(() => document.querySelectorAll('div.tooltip-box').forEach((el) => el.remove()));

  it('tooltipPlacement: right of the point where there is room, flipped left near the right edge, across the point in a narrow box', () => {
    expect(tooltipPlacement(20, 600)).to.deep.equal({ left: 32, maxWidth: 260, flip: false });
    const edge = tooltipPlacement(595, 600);
    expect(edge.flip).to.equal(true);
    expect(edge.maxWidth).to.equal(260);
    const narrow = tooltipPlacement(75, 150);
    expect(narrow.maxWidth).to.equal(142);
    expect(narrow.left).to.equal(4);
  });

  for (const [x, width] of [
    [-60, 300],
    [340, 300],
    [296, 300],
    [150, 300],
    [4, 300],
    [100, 150],
  ]) {
    it(`a card for a point at x=${x} in a ${width}px box is at least 120px wide (not one character per line) and inside the box`, async () => {
      const box = document.createElement('div');
      box.className = 'tooltip-box';
      box.setAttribute('style', `position: relative; width: ${width}px; height: 200px; font: 12px sans-serif`);
      document.body.append(box);
      const style = '.tooltip { position: absolute; width: max-content; box-sizing: border-box; padding: 6px 8px; overflow-wrap: anywhere; }';
      render(
        html`<style>
            ${style}
          </style>
          ${tooltipTemplate(
            {
              at: { x, y: 150 },
              lines: [
                { label: 'key', text: 'a rather long token label' },
                { label: 'query', text: '[CLS]' },
              ],
              value: '0.4213',
            },
            width,
            200,
          )}`,
        box,
      );
      const card = box.querySelector('.tooltip')!.getBoundingClientRect();
      const outer = box.getBoundingClientRect();
      expect(card.width, 'card width').to.be.at.least(120);
      expect(
        card.left >= outer.left - 0.5 && card.right <= outer.right + 0.5,
        `inside: ${card.left}–${card.right} in ${outer.left}–${outer.right}`,
      ).to.equal(true);
      expect(card.bottom <= outer.bottom + 0.5 && card.top >= outer.top - 0.5, 'inside vertically (opens upward in the lower half)').to.equal(true);
    });
  }
});
