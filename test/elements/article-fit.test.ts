import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useLeakCheck } from '../helpers/leaks.js';

/**
 * Issue 12, "How we will know": in a narrow article column (400 px) no
 * element draws outside its own box, and each element is the one tab stop
 * the README promises ("Every element is one tab stop"), its inner
 * controls reached by keys inside it, not by Tab.
 */

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);
const tokens = (n: number) => Array.from({ length: n }, (_, i) => ['The', 'cat', 'sat', 'on', 'the', 'mat', '.', "n't"][i % 8]);

/** Each element in its default view and in the views an article most often uses. */
const cases: { name: string; tag: string; props: () => Record<string, unknown> }[] = [
  { name: 'attention matrix', tag: 'nn-attention-heatmap', props: () => ({ attention: { data: ramp(8 * 8), shape: [8, 8] }, tokens: tokens(8) }) },
  {
    name: 'attention text view',
    tag: 'nn-attention-heatmap',
    props: () => ({ attention: { data: ramp(8 * 8), shape: [8, 8] }, tokens: tokens(8), view: 'text' }),
  },
  {
    name: 'attention model view',
    tag: 'nn-attention-heatmap',
    props: () => ({ attention: { data: ramp(2 * 3 * 6 * 6), shape: [2, 3, 6, 6] }, view: 'model' }),
  },
  { name: 'tracer', tag: 'nn-hidden-state-tracer', props: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5 }) },
  { name: 'feature grid', tag: 'nn-feature-grid', props: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }) },
  {
    name: 'saliency image',
    tag: 'nn-saliency-overlay',
    props: () => ({ saliency: { data: ramp(8 * 8), shape: [8, 8] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
  },
  { name: 'saliency tokens', tag: 'nn-saliency-overlay', props: () => ({ saliency: { data: ramp(8), shape: [8] }, tokens: tokens(8) }) },
];

/** Shadow descendants that paint outside the host's rect, by name and how far (boxes clipped by an ancestor's overflow count as inside). */
function outside(el: NnElement): string[] {
  const host = el.getBoundingClientRect();
  const found: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    if (node.matches('style, .visually-hidden') || node.closest('.visually-hidden')) continue;
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(node).visibility === 'hidden') continue;
    // What shows of the box: the part inside the nearest ancestor that clips it.
    const clipped = clippedBy(node, el);
    const seen = clipped ? intersect(box, clipped.getBoundingClientRect()) : box;
    if (seen.right - seen.left <= 0 || seen.bottom - seen.top <= 0) continue;
    const over = Math.max(host.left - seen.left, host.top - seen.top, seen.right - host.right, seen.bottom - host.bottom);
    if (over > 0.5)
      found.push(
        `${node.localName}${node.getAttribute('part') ? `[part=${node.getAttribute('part')}]` : ''}.${node.getAttribute('class') ?? ''} by ${over.toFixed(1)}px`,
      );
  }
  return found;
}

/** The nearest ancestor inside the shadow root that clips its overflow (a scroller). */
function clippedBy(node: Element, el: NnElement): Element | undefined {
  for (let at = node.parentElement; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return at;
  }
  return el.shadowRoot ? undefined : undefined;
}

function intersect(a: DOMRect, b: DOMRect): { left: number; top: number; right: number; bottom: number } {
  return { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
}

/** What Tab reaches inside the shadow root (besides the host itself): focusable, shown, not taken out of the order. */
function tabStopsInside(el: NnElement): string[] {
  const focusable = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"], summary, audio[controls], video[controls]';
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(focusable)]
    .filter(
      (node) =>
        node.tabIndex >= 0 &&
        !(node as HTMLButtonElement).disabled &&
        node.getClientRects().length > 0 &&
        getComputedStyle(node).visibility !== 'hidden',
    )
    .map(
      (node) =>
        `${node.localName}${node.getAttribute('part') ? `[part=${node.getAttribute('part')}]` : ''}${node.getAttribute('aria-label') ? ` "${node.getAttribute('aria-label')}"` : ''}`,
    );
}

describe('figures that fit an article column', function () {
  this.timeout(120_000);
  useLeakCheck('nn-attention-heatmap, nn-hidden-state-tracer, nn-feature-grid, nn-saliency-overlay, div.column');

  async function mount(tag: string, props: Record<string, unknown>): Promise<NnElement> {
    const column = document.createElement('div');
    column.className = 'column';
    column.setAttribute('style', 'width: 400px; font: 16px Georgia, serif');
    const el = document.createElement(tag) as NnElement;
    Object.assign(el, { eager: true, ...props });
    column.append(el);
    document.body.append(column);
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
    expect(el.error, tag).to.equal(undefined);
    return el;
  }

  for (const { name, tag, props } of cases) {
    it(`${name} at 400 px draws nothing outside its box, and no canvas wider than it`, async () => {
      const el = await mount(tag, props());
      const host = el.getBoundingClientRect();
      expect(host.width, 'the element fits the column').to.be.at.most(400.5);
      expect(outside(el), 'painted outside the element').to.deep.equal([]);
      const wide = [...el.shadowRoot!.querySelectorAll('canvas')].filter((canvas) => canvas.getBoundingClientRect().width > host.width + 0.5).length;
      expect(wide, 'canvases wider than the element').to.equal(0);
    });

    it(`${name} is one tab stop: the host, and nothing inside it that Tab reaches`, async () => {
      const el = await mount(tag, props());
      expect(el.tabIndex, 'the host is in the tab order').to.equal(0);
      expect(tabStopsInside(el), 'tab stops inside the shadow root').to.deep.equal([]);
    });
  }
});
