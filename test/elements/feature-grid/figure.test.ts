// The feature grid as a figure in an article (issue 12): its height comes
// from its rows, a set height is filled, the legend spans the grid it
// explains, the spatial view opens at the strongest activation, and the
// element is one tab stop that shows its value card on keyboard focus.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { tf } from '../../../src/tf.js';
import '../../../src/elements/feature-grid/define.js';
import type { FeatureGrid } from '../../../src/elements/feature-grid/feature-grid.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';

/** Activations [4, 4, count]: channel k is k + 1 at position (k mod 4, k mod 3) and 0 elsewhere. */
function activations(count: number): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(16 * count);
  for (let k = 0; k < count; k++) data[((k % 4) * 4 + (k % 3)) * count + k] = k + 1;
  return { data, shape: [4, 4, count] };
}

function mount(props: Record<string, unknown>, style: string): FeatureGrid {
  const el = document.createElement('nn-feature-grid');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

const rect = (el: Element) => el.getBoundingClientRect();
const part = (el: FeatureGrid, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
/** The bottom of the last row of tiles (with its labels), in the viewport. */
const contentBottom = (el: FeatureGrid) => {
  const scroll = part(el, '.scroll');
  return rect(scroll).top + Math.min(scroll.clientHeight, el.layouts.grid!.height);
};

describe('<nn-feature-grid> as a figure (issue 12)', () => {
  before(async () => {
    const { useBackend } = await import('../../../src/backend/use-backend.js');
    await useBackend('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-feature-grid, button.around').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('with no height set, the element is as tall as its rows (no blank band); past --nn-max-height it scrolls', async () => {
    const baseline = tensorBaseline();
    const el = mount({ activations: activations(8) }, 'width: 500px');
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    const g = el.layouts.grid!;
    // 8 tiles of 56 px (and 6 px gaps) fit in one row of 500 px: the element ends where that row's labels end.
    expect(g.rows).to.equal(1);
    expect(Math.abs(rect(el).bottom - contentBottom(el))).to.be.at.most(2);
    expect(rect(el).height).to.be.lessThan(g.height + 120);
    // 300 channels: the grid stops growing at the maximum and scrolls.
    const tall = mount({ activations: activations(300) }, 'width: 480px; --nn-max-height: 400px');
    await tall.updateComplete;
    const scroll = part(tall, '.scroll');
    expect(scroll.clientHeight).to.equal(400);
    expect(scroll.scrollHeight).to.equal(tall.layouts.grid!.height);
    expect(Math.abs(rect(tall).bottom - rect(scroll).bottom)).to.be.at.most(2);
    await removeAndRelease(el);
    await removeAndRelease(tall);
    baseline.check('after removal');
  });

  it('all rows show however tall the header is (352 px wide, the article column at a 400 px viewport, the summary wrapping to two lines), with no height set and with the article 400 px height', async () => {
    const baseline = tensorBaseline();
    // The article's column at a 400 px viewport (400 less 2 x 24 px padding): a 19 px serif summary wraps, and 16 channels take four rows.
    const el = mount({ activations: activations(16), sort: 'max' }, "width: 352px; font: 19px/1.6 Georgia, 'DejaVu Serif', serif");
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const summary = part(el, '.summary');
    expect(rect(summary).height, 'the summary wraps').to.be.greaterThan(40);
    const g = el.layouts.grid!;
    expect(g.rows).to.equal(4);
    const scroll = part(el, '.scroll');
    // Nothing scrolls: the scroll area is as tall as the rows, and the last row's bottom is inside the element.
    expect(scroll.scrollHeight).to.be.at.most(scroll.clientHeight);
    expect(scroll.clientHeight).to.be.at.least(g.height);
    expect(rect(scroll).top + g.height).to.be.at.most(rect(el).bottom + 1);
    // The article's figure sets 400 px: the wrapped header leaves less than the rows' natural height, so the tiles
    // shrink until every row shows (they scrolled, the fourth row cut off at the element's bottom).
    const set = mount({ activations: activations(16), sort: 'max' }, "width: 352px; height: 400px; font: 19px/1.6 Georgia, 'DejaVu Serif', serif");
    await set.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(rect(set).height).to.equal(400);
    const setScroll = part(set, '.scroll');
    const setGrid = set.layouts.grid!;
    expect(setScroll.scrollHeight, 'nothing scrolls').to.be.at.most(setScroll.clientHeight);
    expect(rect(setScroll).top + setGrid.height, "the last row's bottom").to.be.at.most(rect(set).bottom + 1);
    // Shrunk no more than it must: six columns of 53 px in three rows, rather than four columns of 44 px.
    expect(setGrid.tileWidth).to.be.at.least(50);
    await removeAndRelease(el);
    await removeAndRelease(set);
    baseline.check('after removal');
  });

  it('a set height is honoured and filled: the tiles grow until the last row ends at the bottom', async () => {
    const baseline = tensorBaseline();
    const el = mount({ activations: activations(8) }, 'width: 480px; height: 400px');
    await el.updateComplete;
    expect(rect(el).height).to.equal(400);
    const g = el.layouts.grid!;
    expect(g.tileWidth).to.be.greaterThan(56);
    expect(Math.abs(rect(el).bottom - contentBottom(el))).to.be.at.most(3);
    // Every tile is on screen: nothing scrolls.
    const scroll = part(el, '.scroll');
    expect(scroll.scrollHeight).to.be.at.most(scroll.clientHeight);
    // Narrow, with the legend's note wrapping: still filled to the bottom.
    const narrow = mount({ activations: activations(2) }, 'width: 160px; height: 300px');
    await narrow.updateComplete;
    expect(rect(narrow).height).to.equal(300);
    expect(Math.abs(rect(narrow).bottom - contentBottom(narrow))).to.be.at.most(3);
    await removeAndRelease(narrow);
    // A set --nn-tile-size is the page's choice: kept.
    const fixed = mount({ activations: activations(8) }, 'width: 480px; height: 400px; --nn-tile-size: 40px');
    await fixed.updateComplete;
    expect(fixed.layouts.grid!.tileWidth).to.equal(40);
    expect(rect(fixed).height).to.equal(400);
    await removeAndRelease(el);
    await removeAndRelease(fixed);
    baseline.check('after removal');
  });

  it("the legend's bar spans the grid it explains, edge to edge, and says what the colour is", async () => {
    const baseline = tensorBaseline();
    for (const width of [480, 300]) {
      const el = mount({ activations: activations(16) }, `width: ${width}px`);
      await el.updateComplete;
      const bar = rect(el.shadowRoot!.querySelector('[part="legend"] rect')!);
      const grid = rect(part(el, '.spacer'));
      const g = el.layouts.grid!;
      expect(Math.abs(bar.left - grid.left), `left at ${width} px`).to.be.at.most(1);
      expect(Math.abs(bar.right - (grid.left + g.width)), `right at ${width} px`).to.be.at.most(1);
      expect(part(el, '.legend-note').textContent).to.contain('activation, one scale for all tiles');
      await removeAndRelease(el);
    }
    baseline.check('after removal');
  });

  it('the spatial view opens pinned at the strongest activation, and says so', async () => {
    // [3, 3, 2]: channel 0 is 3 at (0, 0) and 5 at (2, 1); channel 1 is 3 at (0, 0). The channels' sum peaks at (0, 0);
    // the single strongest activation is channel 0 at (2, 1).
    const data = new Float32Array(18);
    data[0] = 3;
    data[1] = 3;
    data[(2 * 3 + 1) * 2] = 5;
    const values = tf.tensor3d(data, [3, 3, 2]);
    const input = tf.ones([6, 6, 1]);
    const baseline = tensorBaseline();
    const el = mount({ activations: values, input, view: 'spatial' }, 'width: 600px');
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    // The argmax computed apart from the element: flat index = (y * width + x) * channels + channel.
    const flat = tf.tidy(() => tf.argMax(tf.reshape(values, [-1])));
    const index = (await flat.data())[0];
    flat.dispose();
    const channel = index % 2;
    const position = Math.floor(index / 2);
    const y = Math.floor(position / 3);
    const x = position % 3;
    expect({ y, x, channel }).to.deep.equal({ y: 2, x: 1, channel: 0 });
    const caption = part(el, '.caption').textContent!;
    expect(caption).to.contain(`row ${y}, column ${x} of 3 × 3`);
    expect(caption).to.contain(`the strongest activation: channel ${channel}, 5`);
    // The legend sits over the top channels it explains, as wide as their grid.
    const bar = rect(el.shadowRoot!.querySelector('[part="legend"] rect')!);
    const top = rect(part(el, 'canvas.top'));
    expect(Math.abs(bar.left - top.left)).to.be.at.most(1);
    expect(Math.abs(bar.width - el.layouts.top!.grid.width)).to.be.at.most(1);
    await removeAndRelease(el);
    baseline.check('after removal');
    values.dispose();
    input.dispose();
  });

  it('is one tab stop, even when its grid scrolls; keyboard focus shows the value card inside the element', async () => {
    const baseline = tensorBaseline();
    const before = Object.assign(document.createElement('button'), { className: 'around', textContent: 'before' });
    document.body.append(before);
    const el = mount({ activations: activations(300) }, 'width: 480px; --nn-max-height: 200px');
    const after = Object.assign(document.createElement('button'), { className: 'around', textContent: 'after' });
    document.body.append(after);
    await el.updateComplete;
    const scroll = part(el, '.scroll');
    expect(scroll.scrollHeight, 'the grid scrolls').to.be.greaterThan(scroll.clientHeight);
    before.focus();
    const stops: string[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      const active = document.activeElement;
      const inner = el.shadowRoot!.activeElement;
      stops.push(
        active === el ? (inner ? `inside:${inner.className}` : 'element') : active === after ? 'after' : active === before ? 'before' : 'other',
      );
      if (active === after) break;
    }
    expect(stops).to.deep.equal(['element', 'after']);
    // Back onto the element from the keyboard: the card is there at once, on the first tile, within the element's box.
    await sendKeys({ press: 'Shift+Tab' });
    expect(document.activeElement === el).to.equal(true);
    await el.updateComplete;
    const card = el.shadowRoot!.querySelector('[part="tooltip"]');
    expect(card !== null, 'value card on keyboard focus').to.equal(true);
    expect(card!.textContent).to.contain(`Channel ${el.order[0]}`);
    const box = rect(el);
    const shown = rect(card!);
    expect(shown.left >= box.left - 1 && shown.right <= box.right + 1, 'the card is inside the element, across').to.equal(true);
    await removeAndRelease(el);
    before.remove();
    after.remove();
    baseline.check('after removal');
  });
});
