import { expect } from 'chai';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { LinkState } from '../../../src/events/events.js';
import { tensorBaseline } from '../../helpers/leaks.js';
import { STATES, TOKENS, atStep, cardLines, designed, key, long, mount, pointer } from './fixture.js';

describe('<nn-hidden-state-tracer> link seam and staged data', () => {
  let baseline: ReturnType<typeof tensorBaseline>;
  before(async () => {
    expect(await useBackend('webgl')).to.equal('webgl');
  });
  beforeEach(() => (baseline = tensorBaseline()));
  afterEach(async () => {
    document.querySelectorAll('nn-hidden-state-tracer').forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
    baseline.check('after the test');
  });

  it('gestures publish nn-link: hover {token}, a brush {tokenRange}, keys both; property changes publish nothing', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5 });
    await el.updateComplete;
    const links: LinkState[] = [];
    el.addEventListener('nn-link', (e) => links.push(e.detail.state));
    el.selection = [2, 4];
    el.threshold = 0.4;
    await el.updateComplete;
    expect(links).to.deep.equal([]);
    pointer(el, 'pointermove', atStep(el, 3));
    expect(links).to.deep.equal([{ token: 3 }]);
    pointer(el, 'pointerleave', { clientX: 0, clientY: 0 });
    expect(links.at(-1)).to.deep.equal({ token: null });
    links.length = 0;
    pointer(el, 'pointerdown', atStep(el, 6, 'axis'));
    pointer(el, 'pointermove', atStep(el, 8, 'axis'));
    pointer(el, 'pointerup', atStep(el, 8, 'axis'));
    await el.updateComplete;
    // The selection's units travel with it: the units at or over the threshold (0.4) at every selected step, from the data.
    const unitsOn = (start: number, end: number) => {
      const { data, shape } = STATES();
      return Array.from({ length: shape[1] }, (_, u) => u).filter((u) =>
        Array.from({ length: end - start }, (_, i) => data[(start + i) * shape[1] + u]).every((v) => v >= 0.4),
      );
    };
    expect(links).to.deep.equal([{ tokenRange: [6, 9], units: unitsOn(6, 9) }]);
    key(el, 'ArrowRight', true);
    await el.updateComplete;
    expect(links.at(-1)).to.deep.equal({ tokenRange: [6, 10], units: unitsOn(6, 10), token: 9 });
    el.shadowRoot!.querySelector<HTMLElement>('[part="token"][data-step="15"]')!.click();
    expect(links.at(-1)).to.deep.equal({ tokenRange: [15, 16], units: unitsOn(15, 16) });
    expect(
      links.some((link) => (link.units?.length ?? 0) > 0),
      'some selection gives units',
    ).to.equal(true);
  });

  it('applyLink shows a token as the cursor (scrolled into view) and a tokenRange as the selection, firing no nn-link, nn-hover or nn-select', async () => {
    const el = mount({ states: long(), threshold: 0.5 });
    await el.updateComplete;
    let fired = 0;
    for (const type of ['nn-link', 'nn-hover', 'nn-select'] as const) el.addEventListener(type, () => fired++);
    expect(el.visibleSteps!.end).to.be.below(1500);
    el.applyLink({ token: 1500 });
    await el.updateComplete;
    const visible = el.visibleSteps!;
    expect(visible.start <= 1500 && visible.end > 1500, JSON.stringify(visible)).to.equal(true);
    expect(cardLines(el)).to.deep.equal(['step 1500 “1500”', 'unit u0', '0']);
    el.applyLink({ tokenRange: [400, 405] });
    await el.updateComplete;
    expect(el.selection).to.deep.equal({ start: 400, end: 405 });
    expect(el.selectedUnits).to.deep.equal([0, 1]);
    expect(el.matchRuns.map((m) => m.start)).to.deep.equal([0, 800, 1200, 1600]);
    // units: the tracer's units follow from the selection, so a linked units state changes nothing.
    el.applyLink({ units: [1] });
    el.applyLink({ token: null });
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([0, 1]);
    expect(cardLines(el)).to.equal(undefined);
    expect(fired).to.equal(0);
  });

  it('switching state, heatmap, threshold or selection never reloads the states; removal releases them and coming back reloads', async () => {
    const json = (data: Float32Array) =>
      URL.createObjectURL(new Blob([JSON.stringify({ data: Array.from(data), shape: [40, 4] })], { type: 'application/json' }));
    const src = json(designed());
    const cellSrc = json(designed().map((v) => v * 0.5));
    const fetched: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      const el = mount({ tokens: TOKENS, threshold: 0.5, selection: [6, 9] }, { src, 'cell-src': cellSrc });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(fetched.sort()).to.deep.equal([src, cellSrc].sort());
      expect(el.selectedUnits).to.deep.equal([0, 1]);
      el.stateKind = 'cell'; // cell states are half: at 0.5 only u0 and u1's 0.5 pass
      await el.updateComplete;
      expect(el.selectedUnits).to.deep.equal([0, 1]);
      el.threshold = 0.6;
      await el.updateComplete;
      expect(el.selectedUnits).to.deep.equal([]);
      el.stateKind = 'hidden';
      el.heatmap = 'all';
      el.selection = [5, 10];
      await el.updateComplete;
      expect(el.selectedUnits).to.deep.equal([0, 1]);
      expect(el.error).to.equal(undefined);
      expect(fetched, 'no refetch on a view switch').to.have.length(2);
      // Removed for longer than a task: the data is released, and coming back reloads it.
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      document.body.append(el);
      await el.updateComplete;
      expect(fetched, 'reloaded after removal released the data').to.have.length(4);
      expect(el.selectedUnits).to.deep.equal([0, 1]);
    } finally {
      window.fetch = realFetch;
      URL.revokeObjectURL(src);
      URL.revokeObjectURL(cellSrc);
    }
  });
});
