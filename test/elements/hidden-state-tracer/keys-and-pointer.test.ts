import { expect } from 'chai';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { HiddenStateHoverDetail, HiddenStateSelectDetail } from '../../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import { initialWindow } from '../../../src/elements/hidden-state-tracer/timeline-layout.js';
import { wheelZoomFactor } from '../../../src/elements/interaction/pointer.js';
import { tensorBaseline } from '../../helpers/leaks.js';
import { STATES, TOKENS, atStep, cardLines, key, layoutOf, long, mount, overlay, pointer } from './fixture.js';

const span = (el: { visibleSteps?: { start: number; end: number } }) => el.visibleSteps!.end - el.visibleSteps!.start;

describe('<nn-hidden-state-tracer> keys (the one key table) and pointer (PointerController)', () => {
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

  it('a keyboard move shows the hover card at the cursor, fires nn-hover {kind: "tracer-step"} and announces the value', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 8] });
    await el.updateComplete;
    expect(cardLines(el)).to.equal(undefined);
    const hovers: (HiddenStateHoverDetail | null)[] = [];
    el.addEventListener('nn-hover', (e) => hovers.push(e.detail as HiddenStateHoverDetail | null));
    key(el, 'ArrowRight');
    await el.updateComplete;
    // The selection moved to [7, 9): the cursor is on its moving edge, step 8, on the first selected unit.
    expect(hovers).to.deep.equal([{ kind: 'tracer-step', t: 8, unit: 0, value: 1, token: 'w8' }]);
    expect(cardLines(el)).to.deep.equal(['step 8 “w8”', 'unit u0', '1']);
    const live = el.shadowRoot!.querySelector('[role="status"]')!.textContent!;
    expect(live).to.contain('Step 8 “w8”, unit u0: 1.');
    expect(live).to.contain('Steps 7–8');
  });

  it('Enter and Space select the step under the cursor', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5 });
    await el.updateComplete;
    const selects: HiddenStateSelectDetail[] = [];
    el.addEventListener('nn-select', (e) => selects.push(e.detail as unknown as HiddenStateSelectDetail));
    pointer(el, 'pointermove', atStep(el, 12));
    key(el, 'Enter');
    await el.updateComplete;
    expect(el.selection).to.deep.equal({ start: 12, end: 13 });
    expect(selects.at(-1)!.selection).to.deep.equal({ start: 12, end: 13 });
    pointer(el, 'pointermove', atStep(el, 20));
    key(el, ' ');
    await el.updateComplete;
    expect(el.selection).to.deep.equal({ start: 20, end: 21 });
    expect(el.selectedUnits).to.deep.equal([0, 1]);
  });

  it('+ zooms in around the cursor, 0 resets the zoom, Escape clears selection and cursor and resets the zoom', async () => {
    const el = mount({ states: long(), threshold: 0.5, selection: [100, 101] });
    await el.updateComplete;
    const initial = span(el);
    expect(initial).to.equal(initialWindow(2000, layoutOf(el).plot.width).span);
    key(el, 'ArrowRight'); // cursor on step 101, the selection [101, 102)
    await el.updateComplete;
    const before = el.visibleSteps!;
    const share = (101.5 - before.start) / span(el);
    key(el, '+');
    await el.updateComplete;
    const zoomed = el.visibleSteps!;
    expect(span(el)).to.equal(Math.round(initial / 2));
    // The cursor's step stays under the same share of the plot.
    expect(Math.abs((101.5 - zoomed.start) / span(el) - share)).to.be.below(0.05);
    key(el, '0');
    await el.updateComplete;
    expect(span(el)).to.equal(initial);
    key(el, '-');
    await el.updateComplete;
    expect(span(el)).to.equal(initial * 2);
    const hovers: (HiddenStateHoverDetail | null)[] = [];
    el.addEventListener('nn-hover', (e) => hovers.push(e.detail as HiddenStateHoverDetail | null));
    key(el, 'Escape');
    await el.updateComplete;
    expect(span(el)).to.equal(initial);
    expect(el.selection).to.equal(undefined);
    expect(hovers).to.deep.equal([null]);
    expect(cardLines(el)).to.equal(undefined);
  });

  it('PageDown/PageUp pan a screenful, Home/End go to either end, ↑/↓ are left to the page', async () => {
    const el = mount({ states: long(), threshold: 0.5 });
    await el.updateComplete;
    const n = span(el);
    key(el, 'PageDown');
    await el.updateComplete;
    expect(el.visibleSteps).to.deep.equal({ start: n, end: 2 * n });
    key(el, 'PageUp');
    await el.updateComplete;
    expect(el.visibleSteps!.start).to.equal(0);
    key(el, 'End');
    await el.updateComplete;
    expect(el.visibleSteps!.end).to.equal(2000);
    key(el, 'Home');
    await el.updateComplete;
    expect(el.visibleSteps!.start).to.equal(0);
    const down = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true, cancelable: true });
    el.dispatchEvent(down);
    expect(down.defaultPrevented).to.equal(false);
  });

  it('the wheel zooms by its pixel delta whatever its deltaMode: 3 lines zoom as 75 pixels do', async () => {
    const el = mount({ states: long(), threshold: 0.5 });
    await el.updateComplete;
    const initial = span(el);
    const wheel = (deltaY: number, deltaMode: number) => {
      const at = atStep(el, 10);
      const event = new WheelEvent('wheel', { deltaY, deltaMode, clientX: at.clientX, clientY: at.clientY, bubbles: true, cancelable: true });
      overlay(el).dispatchEvent(event);
      return event;
    };
    const lines = wheel(3, WheelEvent.DOM_DELTA_LINE);
    await el.updateComplete;
    expect(lines.defaultPrevented).to.equal(true);
    expect(span(el)).to.equal(Math.round(initial * wheelZoomFactor(75)));
    expect(span(el)).to.be.above(initial + 4);
    key(el, '0');
    await el.updateComplete;
    wheel(75, WheelEvent.DOM_DELTA_PIXEL);
    await el.updateComplete;
    expect(span(el)).to.equal(Math.round(initial * wheelZoomFactor(75)));
  });

  it('pointercancel during a brush drops it: no selection, no nn-select', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5 });
    await el.updateComplete;
    let selects = 0;
    el.addEventListener('nn-select', () => selects++);
    pointer(el, 'pointerdown', atStep(el, 6, 'axis'));
    pointer(el, 'pointermove', atStep(el, 9, 'axis'));
    pointer(el, 'pointercancel', atStep(el, 9, 'axis'));
    pointer(el, 'pointerup', atStep(el, 9, 'axis'));
    await el.updateComplete;
    expect(selects).to.equal(0);
    expect(el.selection).to.equal(undefined);
    // A click (no move past the click distance) selects the one step.
    pointer(el, 'pointerdown', atStep(el, 6, 'axis'));
    pointer(el, 'pointerup', atStep(el, 6, 'axis'));
    await el.updateComplete;
    expect(el.selection).to.deep.equal({ start: 6, end: 7 });
    expect(selects).to.equal(1);
  });
});
