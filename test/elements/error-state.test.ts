import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useLeakCheck } from '../helpers/leaks.js';

/**
 * Issue 12 item 2: in the feature grid and the tracer, `[part="view"]
 * {display: flex}` beat the `hidden` attribute, so the empty view kept its
 * height and the error box printed over whatever followed the element; and
 * the accessible name stayed "loading" / "no data yet". On every element an
 * error takes the element's own space, and the name says it.
 */

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);

const elements: { tag: string; good: () => Record<string, unknown>; bad: () => Record<string, unknown> }[] = [
  {
    tag: 'nn-attention-heatmap',
    good: () => ({ attention: { data: ramp(6 * 6), shape: [6, 6] } }),
    bad: () => ({ attention: { data: ramp(5), shape: [5] } }),
  },
  {
    tag: 'nn-hidden-state-tracer',
    good: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5 }),
    bad: () => ({ states: { data: ramp(5), shape: [5] } }),
  },
  {
    tag: 'nn-feature-grid',
    good: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }),
    bad: () => ({ activations: { data: ramp(5), shape: [5] } }),
  },
  {
    tag: 'nn-saliency-overlay',
    good: () => ({ saliency: { data: ramp(8 * 8), shape: [8, 8] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
    bad: () => ({ saliency: { data: ramp(5), shape: [5] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
  },
];

/** How far `inner` pokes out of `outer`, in CSS pixels (0 when inside). */
function overflow(inner: DOMRect, outer: DOMRect): number {
  return Math.max(0, outer.left - inner.left, outer.top - inner.top, inner.right - outer.right, inner.bottom - outer.bottom);
}

/** Every shadow descendant that takes space on screen, but the error part and what is in it. */
function visibleBesideError(el: NnElement): string[] {
  const error = el.shadowRoot!.querySelector('[part="error"]');
  const seen: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    if (node === error || error?.contains(node) || node.matches('.visually-hidden, style')) continue;
    const box = node.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== 'hidden') seen.push(`${node.localName}.${node.className}`);
  }
  return seen;
}

describe('errors take the element’s space and name', function () {
  this.timeout(120_000);
  useLeakCheck(`${elements.map((e) => e.tag).join(',')}, p.after`);

  for (const { tag, good, bad } of elements) {
    for (const height of ['its default height', '120px']) {
      it(`${tag} at ${height}: the error paints inside the element and nothing else shows beside it`, async () => {
        const el = document.createElement(tag) as NnElement;
        el.style.width = '400px';
        if (height !== 'its default height') el.style.height = height;
        Object.assign(el, { eager: true, ...good() });
        const after = document.createElement('p');
        after.className = 'after';
        after.textContent = 'The paragraph after the figure.';
        document.body.append(el, after);
        await el.updateComplete;
        expect(el.error, 'the good input').to.equal(undefined);
        Object.assign(el, bad());
        await el.updateComplete;
        expect(el.error, 'the bad input').to.be.a('string');
        const part = el.shadowRoot!.querySelector('[part="error"]');
        expect(part !== null, 'an error part').to.equal(true);
        const host = el.getBoundingClientRect();
        expect(overflow(part!.getBoundingClientRect(), host), 'px of the error outside the element').to.be.at.most(0.5);
        expect(after.getBoundingClientRect().top, 'the next paragraph starts below the element').to.be.at.least(host.bottom - 0.5);
        expect(visibleBesideError(el), 'visible beside the error').to.deep.equal([]);
      });
    }

    it(`${tag}: the accessible name says the error, and describes the data again after recovery`, async () => {
      const el = document.createElement(tag) as NnElement;
      el.setAttribute('style', 'display: block; width: 400px; height: 320px');
      Object.assign(el, { eager: true, ...good() });
      document.body.append(el);
      await el.updateComplete;
      const described = el.getAttribute('aria-label') ?? '';
      expect(described, 'a name for the data').to.not.match(/error|loading|no data/i);
      Object.assign(el, bad());
      await el.updateComplete;
      const named = el.getAttribute('aria-label') ?? '';
      expect(named, 'the name during the error').to.match(/error/i);
      expect(named.includes(el.error!), 'the name carries the message').to.equal(true);
      Object.assign(el, good());
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.getAttribute('aria-label'), 'the name after recovery').to.equal(described);
    });
  }

  it('a label the page set stays, error or not', async () => {
    const el = document.createElement('nn-attention-heatmap') as NnElement;
    el.setAttribute('aria-label', 'Figure 2: attention of head 5');
    Object.assign(el, { eager: true, ...elements[0].bad() });
    document.body.append(el);
    await el.updateComplete;
    expect(el.error).to.be.a('string');
    expect(el.getAttribute('aria-label')).to.equal('Figure 2: attention of head 5');
  });
});
