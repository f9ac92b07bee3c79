import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { HiddenStateTracer } from '../../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import type { TracerHost } from '../../../src/elements/hidden-state-tracer/views/host.js';
import { drawTimePlot } from '../../../src/elements/hidden-state-tracer/draw-time-plot.js';
import { layoutTimeline } from '../../../src/elements/hidden-state-tracer/timeline-layout.js';
import { tensorBaseline } from '../../helpers/leaks.js';
import { STATES, TOKENS, WORDS, cardLines, layoutOf, long, mount, periodic } from './fixture.js';

/**
 * Issue 12 on the tracer: a figure that fits an article. It is as tall as
 * its content, honours a set height without blank bands, opens on its
 * selection, lists matches one clear row each, labels the heat track's
 * rows, and is one tab stop whose inner controls are reached by keys.
 */

const root = (el: HiddenStateTracer) => el.shadowRoot!;
const rect = (element: Element) => element.getBoundingClientRect();
const last = <T>(list: ArrayLike<T>): T => list[list.length - 1];

/** The bottom of what the element shows: the canvas, the last token of the text, the last match row (or the heading). */
function contentBottom(el: HiddenStateTracer): number {
  const shadow = root(el);
  const rows = shadow.querySelectorAll('[part="match"]');
  return Math.max(
    rect(shadow.querySelector('canvas.cells')!).bottom,
    rect(last(shadow.querySelectorAll('[part="token"]'))).bottom,
    rect(rows.length ? last(rows) : shadow.querySelector('[part="matches-heading"]')!).bottom,
  );
}

/** The part of `element`'s box that shows: clipped by every ancestor in the shadow root that clips overflow, and by the host. */
function shownHeight(el: HiddenStateTracer, element: Element): number {
  let { top, bottom } = rect(element);
  for (let node = element.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const box = rect(node);
    top = Math.max(top, box.top);
    bottom = Math.min(bottom, box.bottom);
  }
  const host = rect(el);
  return Math.max(0, Math.min(bottom, host.bottom) - Math.max(top, host.top));
}

/** Elements inside the shadow root that Tab would stop at (tabindex >= 0, not disabled). */
function tabStopsInside(el: HiddenStateTracer): number {
  return [...root(el).querySelectorAll<HTMLElement>('*')].filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled).length;
}

const focusedInside = (el: HiddenStateTracer) => root(el).activeElement as HTMLElement | null;

describe('<nn-hidden-state-tracer> as a figure in an article (issue 12)', () => {
  let baseline: ReturnType<typeof tensorBaseline>;
  before(async () => {
    expect(await useBackend('webgl')).to.equal('webgl');
  });
  beforeEach(() => (baseline = tensorBaseline()));
  afterEach(async () => {
    document.querySelectorAll('nn-hidden-state-tracer, button.around').forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
    baseline.check('after the test');
  });

  it('with no height set it is as tall as its content: no band below the last match row or token (before: 560 px, ~130 blank)', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] }, {}, 'width: 700px');
    await el.updateComplete;
    const host = rect(el);
    const gap = host.bottom - contentBottom(el);
    expect(gap, `space under the content of a ${host.height} px element`).to.be.within(0, 16);
    expect(host.height, 'height').to.be.lessThan(560);
  });

  it('a set height is honoured: the plot takes the spare, no blank band, the canvas fills its box', async () => {
    for (const height of [900, 640]) {
      const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] }, {}, `width: 700px; height: ${height}px`);
      await el.updateComplete;
      const host = rect(el);
      expect(host.height, 'the set height').to.be.closeTo(height, 0.5);
      expect(host.bottom - contentBottom(el), `space under the content at height ${height}`).to.be.within(0, 16);
      const canvas = rect(root(el).querySelector('canvas.cells')!);
      const box = rect(root(el).querySelector('.plot')!);
      expect(Math.abs(canvas.height - box.height), 'canvas height = its box').to.be.lessThan(1);
      // The spare went to the time plot, not to the other bands: the track keeps one row per unit.
      const layout = layoutOf(el);
      expect(layout.track.height, 'track height').to.equal(2 * Math.max(12, Math.ceil(el.typography().label) + 4));
      expect(layout.plot.height, 'plot height').to.be.greaterThan(height === 900 ? 400 : 150);
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });

  it('a height smaller than the content keeps everything inside the element, the bands apart (the text and matches scroll)', async () => {
    const el = mount({ states: periodic(), tokens: WORDS, threshold: 0.8, selection: [40, 44] }, {}, 'width: 400px; height: 320px');
    await el.updateComplete;
    const host = rect(el);
    const children = [...root(el).querySelector('[part="view"]')!.children];
    children.forEach((child, i) => {
      expect(rect(child).bottom, `${child.className} bottom`).to.be.at.most(host.bottom + 0.5);
      // The toolbar (wrapped on two lines here) and the legend keep their height: nothing overprints the plot.
      if (i > 0) expect(rect(child).top, `${child.className} below ${children[i - 1].className}`).to.be.at.least(rect(children[i - 1]).bottom - 0.5);
      if (child.classList.contains('toolbar')) expect(child.scrollHeight, 'toolbar not squeezed').to.be.at.most(child.clientHeight + 0.5);
    });
  });

  it('opens with the window around the selection (before: steps 0-52 with the selection at 1000-1011)', async () => {
    const el = mount({ states: long(), selection: [1000, 1012] });
    await el.updateComplete;
    const { start, end } = el.visibleSteps!;
    expect(start, 'window start').to.be.at.most(1000);
    expect(end, 'window end').to.be.at.least(1012);
    expect(Math.abs((start + end) / 2 - 1006), 'centred on the selection').to.be.at.most(1);
  });

  it('match rows each have their own line: no overlap, never clipped, the match apart from its context, inside the element', async () => {
    const el = mount({ states: periodic(), tokens: WORDS, threshold: 0.8, selection: [40, 44] }, {}, 'width: 700px');
    await el.updateComplete;
    expect(el.matchCount).to.equal(29);
    const rows = [...root(el).querySelectorAll<HTMLElement>('[part="match"]')];
    expect(rows.length).to.equal(29);
    const host = rect(el);
    let fullyShown = 0;
    rows.forEach((row, i) => {
      const box = rect(row);
      const shown = shownHeight(el, row);
      // A row shows whole or not at all (scrolled out of the list), never cut.
      expect(shown < 0.5 || shown > box.height - 1, `row ${i + 1}: ${shown} of ${box.height} px shown`).to.equal(true);
      if (shown > 0.5) fullyShown++;
      if (i > 0) expect(box.top, `row ${i + 1} starts below row ${i}`).to.be.at.least(rect(rows[i - 1]).bottom);
      const style = getComputedStyle(row);
      const lineHeight = Number.parseFloat(style.lineHeight) || 1.2 * Number.parseFloat(style.fontSize);
      expect(box.height, `row ${i + 1} height`).to.be.at.least(lineHeight);
      expect(box.right, `row ${i + 1} right edge`).to.be.at.most(host.right + 0.5);
      const left = rect(row.querySelector('.left')!);
      const hit = rect(row.querySelector('mark')!);
      expect(hit.left - left.right, `row ${i + 1}: space between the context and the match`).to.be.at.least(3);
    });
    expect(fullyShown, 'rows shown').to.be.within(10, 13);
  });

  it('the heat track labels each selected unit at its row; the legend names the value it colours', async () => {
    const el = mount({ states: periodic(), tokens: WORDS, threshold: 0.8, selection: [40, 44] }, {}, 'width: 700px');
    await el.updateComplete;
    const frame = (el as unknown as TracerHost).frame!;
    const labels = frame.trackLabels!;
    expect(labels.map((label) => label.text)).to.deep.equal(['u0', 'u1', 'u2']);
    const { track } = frame.layout;
    const rowHeight = track.height / 3;
    labels.forEach((label, r) => expect(label.y, `label ${label.text}`).to.be.closeTo(track.y + (r + 0.5) * rowHeight, 0.01));
    expect(rowHeight, 'a row is as tall as its label').to.be.at.least(el.typography().label);
    expect(frame.style.label, 'labels at the element label size').to.equal(el.typography().label);
    const legend = root(el).querySelector('[part="legend"]')!.textContent!;
    expect(legend).to.contain('hidden state value');
  });

  it('with every unit in the track, the labels that fit sit at their rows and never overlap', async () => {
    const units = 64;
    const data = Float32Array.from({ length: 200 * units }, (_, i) => Math.sin(i * 0.37));
    const el = mount({ states: { data, shape: [200, units] }, heatmap: 'all' }, {}, 'width: 700px');
    await el.updateComplete;
    const frame = (el as unknown as TracerHost).frame!;
    const labels = frame.trackLabels!;
    const size = el.typography().label;
    expect(labels[0].text).to.equal('u0');
    expect(labels.length, 'labels drawn').to.be.within(4, units - 1);
    for (let i = 1; i < labels.length; i++) expect(labels[i].y - labels[i - 1].y, `label ${labels[i].text}`).to.be.at.least(size);
    const rowHeight = frame.layout.track.height / Math.ceil(units / frame.trackRows.block);
    for (const label of labels) {
      expect(label.text).to.equal(`u${frame.trackRows.units[label.row * frame.trackRows.block]}`);
      expect(label.y).to.be.closeTo(frame.layout.track.y + (label.row + 0.5) * rowHeight, 0.01);
    }
  });

  it('is one tab stop: Tab goes over it in one step, even with the state select and 29 match rows', async () => {
    const before = Object.assign(document.createElement('button'), { className: 'around', textContent: 'before' });
    const after = Object.assign(document.createElement('button'), { className: 'around', textContent: 'after' });
    document.body.append(before);
    const el = mount({ states: periodic(), cellStates: periodic(), tokens: WORDS, threshold: 0.8, selection: [40, 44] }, {}, 'width: 700px');
    document.body.append(after);
    await el.updateComplete;
    expect(root(el).querySelector('select') !== null, 'state select shown').to.equal(true);
    expect(tabStopsInside(el), 'tab stops inside the element').to.equal(0);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === el && focusedInside(el) === null, 'Tab focuses the element itself').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement === after, 'the next Tab leaves it').to.equal(true);
    await sendKeys({ press: 'Shift+Tab' });
    expect(document.activeElement === el && focusedInside(el) === null, 'Shift+Tab comes back to the element').to.equal(true);
  });

  it('T reaches the toolbar (←/→ between its controls), M the match rows (↑/↓, Enter goes there); Escape comes back', async () => {
    const el = mount({ states: periodic(), cellStates: periodic(), tokens: WORDS, threshold: 0.8, selection: [40, 44] }, {}, 'width: 700px');
    await el.updateComplete;
    el.focus();
    await sendKeys({ press: 't' });
    expect(focusedInside(el)?.getAttribute('part'), 't: the threshold').to.equal('threshold');
    await sendKeys({ press: 'ArrowRight' });
    expect((focusedInside(el) as HTMLInputElement | null)?.type, '→: strict').to.equal('checkbox');
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedInside(el)?.tagName, '→: state').to.equal('SELECT');
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedInside(el)?.getAttribute('part'), '→ wraps to the threshold').to.equal('threshold');
    await sendKeys({ press: 'Escape' });
    expect(document.activeElement === el && focusedInside(el) === null, 'Escape: back to the element').to.equal(true);
    await sendKeys({ press: 'm' });
    expect(focusedInside(el)?.dataset.index, 'm: the first match').to.equal('0');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedInside(el)?.dataset.index, '↓↓: the third match').to.equal('2');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const match = el.matchRuns[2];
    expect(el.visibleSteps!.start <= match.start && el.visibleSteps!.end >= match.end, 'Enter shows the match').to.equal(true);
    await sendKeys({ press: 'End' });
    expect(focusedInside(el)?.dataset.index, 'End: the last match').to.equal('28');
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'm' });
    expect(focusedInside(el)?.dataset.index, 'm again: the row last used').to.equal('28');
  });

  it('keyboard focus shows the value card at the selection; leaving takes it away', async () => {
    const before = Object.assign(document.createElement('button'), { className: 'around', textContent: 'before' });
    const after = Object.assign(document.createElement('button'), { className: 'around', textContent: 'after' });
    document.body.append(before);
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] }, {}, 'width: 700px');
    document.body.append(after);
    await el.updateComplete;
    expect(cardLines(el), 'no card before focus').to.equal(undefined);
    before.focus();
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(cardLines(el)?.[0], 'card on keyboard focus').to.equal('step 6 “w6”');
    expect(root(el).querySelector('[aria-live="polite"]')!.textContent).to.contain('Step 6');
    await sendKeys({ press: 'Tab' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(cardLines(el), 'no card after leaving').to.equal(undefined);
  });
});

describe('<nn-hidden-state-tracer> time plot: a line at the top of the domain (issue 12, article)', () => {
  it("the selected unit's thick line at the domain's maximum is drawn whole, inside the plot (not cut by its top edge)", () => {
    // The article's brackets: u0 reaches 1.0, the top of the domain [0, 1]. Its 2 px line ran along the plot's top edge,
    // half of it above the clip: one row of pixels showed, thinner than the rest of the line, over the "1.0" tick.
    const steps = 5;
    const values = new Float32Array(steps).fill(1);
    const layout = layoutTimeline(300, 260, { start: 0, span: steps }, 0, 11);
    const canvas = document.createElement('canvas');
    canvas.width = layout.width;
    canvas.height = layout.height;
    const ctx = canvas.getContext('2d')!;
    const colors = { text: '#000000', muted: '#888888', mutedRgba: [136, 136, 136, 255], accent: '#0000ff', grid: '#cccccc', match: 'transparent' };
    drawTimePlot(ctx, layout, {
      values,
      steps,
      units: 1,
      domain: [0, 1],
      selected: [0],
      threshold: 0.5,
      matches: [],
      colors,
      font: 'sans-serif',
      label: 11,
    });
    const { plot } = layout;
    const x = Math.round(plot.x + plot.width / 2);
    const pixels = ctx.getImageData(x, 0, 1, plot.y + 12).data;
    const lineRows: number[] = [];
    for (let row = 0; row < plot.y + 12; row++) {
      const [r, g, b, a] = pixels.slice(row * 4, row * 4 + 4);
      if (b > 200 && r < 80 && g < 80 && a > 200) lineRows.push(row);
    }
    expect(lineRows.length, `rows of the line at x ${x}: ${lineRows.join(', ')}`).to.be.at.least(2);
    expect(Math.min(...lineRows), 'the line starts inside the plot').to.be.at.least(plot.y);
  });
});
