import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';
import '../../src/elements/hidden-state-tracer/define.js';
import type {
  HiddenStateTracer,
  HiddenStateHoverDetail,
  HiddenStateSelectDetail,
} from '../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import type { TimelineLayout } from '../../src/elements/hidden-state-tracer/timeline-layout.js';
import { DensityImage } from '../../src/elements/hidden-state-tracer/density-image.js';
import { tracerLayout } from '../../src/elements/hidden-state-tracer/views/heat-track.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';
import { STATES, TOKENS, designed } from './hidden-state-tracer/fixture.js';
import { pngPixels, pixelOf, shown } from '../helpers/png.js';

// The designed states (u0 on [5, 10), [20, 23), [30, 36); u1 on except [12, 14); u2 0; u3 -1) live in fixture.ts.

function mount(props: Partial<HiddenStateTracer> & Record<string, unknown>, style = 'width: 700px; height: 560px'): HiddenStateTracer {
  const el = document.createElement('nn-hidden-state-tracer');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

const overlay = (el: HiddenStateTracer) => el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
/**
 * The canvas layout the element draws with, from its public state: the
 * canvas's size, the visible steps and the heat track's units (the selected
 * ones), laid out by the same pure function.
 */
function layoutOf(el: HiddenStateTracer): TimelineLayout {
  const box = overlay(el).getBoundingClientRect();
  const { start, end } = el.visibleSteps!;
  return tracerLayout(box.width, box.height, { start, span: end - start }, el.selectedUnits, el.typography().label).layout;
}

/** Client coordinates of the middle of step t in the plot (or in `band`). */
function atStep(el: HiddenStateTracer, t: number, band: 'plot' | 'axis' | 'track' = 'plot'): { clientX: number; clientY: number } {
  const layout = layoutOf(el);
  const box = overlay(el).getBoundingClientRect();
  const step = layout.plot.width / layout.window.span;
  return { clientX: box.left + layout.plot.x + (t - layout.window.start + 0.5) * step, clientY: box.top + layout[band].y + layout[band].height / 2 };
}

function pointer(el: HiddenStateTracer, type: string, at: { clientX: number; clientY: number }): void {
  overlay(el).dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, ...at }));
}

function key(el: HiddenStateTracer, name: string, shiftKey = false): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: name, shiftKey, bubbles: true, composed: true }));
}

const statusText = (el: HiddenStateTracer) => el.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('<nn-hidden-state-tracer>', () => {
  before(async () => {
    expect(await useBackend('webgl')).to.equal('webgl');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-hidden-state-tracer').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('selectedUnits and matchRuns follow the definition on designed states, and the views say so', async () => {
    let rendered = 0;
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] });
    el.addEventListener('nn-render', () => rendered++);
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    expect(el.selectedUnits).to.deep.equal([0, 1]);
    expect(el.matchRuns).to.deep.equal([
      { start: 30, end: 36 },
      { start: 20, end: 23 },
    ]);
    expect(el.matchCount).to.equal(2);
    expect(statusText(el)).to.contain('Steps 6–8 "w6 w7 w8": 2 units on (u0, u1) at threshold 0.5; 2 matches.');
    const rows = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="match"]');
    expect(rows.length).to.equal(2);
    expect(rows[0].querySelector('mark')!.textContent).to.equal('w30 w31 w32 w33 w34 w35');
    expect(rows[0].querySelector('.left')!.textContent).to.equal('w26 w27 w28 w29'); // context 4
    expect(rows[0].getAttribute('aria-label')).to.match(/^Match 1: steps 30 to 35, 6 steps/);
    // Selected tokens are bold-underlined, matched ones shaded: classes, not colour alone.
    const token = (t: number) => el.shadowRoot!.querySelector(`[part="token"][data-step="${t}"]`)!;
    expect(token(7).classList.contains('selected')).to.equal(true);
    expect(token(21).classList.contains('match')).to.equal(true);
    expect(token(15).className).to.equal('token');
    expect(rendered).to.be.at.most(1);
    expect(el.getAttribute('aria-label')).to.match(/40 steps × 4 units/);
    expect(el.getAttribute('role')).to.equal('figure');
  });

  it('strict, max-matches and threshold change the result; no unit selected gives no matches and says why', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: { start: 6, end: 9 } });
    await el.updateComplete;
    el.maxMatches = 1;
    await el.updateComplete;
    expect(el.matchRuns).to.deep.equal([{ start: 30, end: 36 }]);
    expect(el.matchCount).to.equal(2);
    expect(el.shadowRoot!.querySelector('[part="matches-heading"]')!.textContent).to.contain('2 matches; the 1 longest shown (max-matches 1)');
    // u1 is on at 5 and 9 too, u0 also: with [5, 10) selected, strict keeps u0 only (u1 is on at 4 and 10).
    el.selection = [5, 10];
    el.strict = true;
    el.maxMatches = 50;
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([0]);
    expect(el.matchRuns).to.deep.equal([
      { start: 30, end: 36 },
      { start: 20, end: 23 },
    ]);
    el.threshold = 2;
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([]);
    expect(el.matchRuns).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part="matches-heading"]')!.textContent).to.match(/No unit is on throughout the selection at threshold 2/);
    // Every unit: threshold -1 over the whole sequence; its only run is the selection's own.
    el.strict = false;
    el.threshold = -1;
    el.selection = [0, 40];
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([0, 1, 2, 3]);
    expect(statusText(el)).to.contain('(every unit)');
    expect(el.matchRuns).to.deep.equal([]);
    // Past the end is clipped; empty selects nothing.
    el.threshold = 0.5;
    el.selection = [34, 99]; // clipped to [34, 40): u0 goes off at 36, u1 stays on
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([1]);
    expect(statusText(el)).to.contain('Steps 34–39');
    el.selection = [10, 10];
    await el.updateComplete;
    expect(el.selectedUnits).to.deep.equal([]);
    expect(el.error).to.equal(undefined);
  });

  it('brushing the plot selects steps and fires nn-select with {selection, units, matches}; hovering fires nn-hover', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5 });
    await el.updateComplete;
    const selects: HiddenStateSelectDetail[] = [];
    const hovers: (HiddenStateHoverDetail | null)[] = [];
    el.addEventListener('nn-select', (e) => selects.push(e.detail as unknown as HiddenStateSelectDetail));
    el.addEventListener('nn-hover', (e) => hovers.push(e.detail as HiddenStateHoverDetail | null));
    pointer(el, 'pointerdown', atStep(el, 6, 'axis'));
    pointer(el, 'pointermove', atStep(el, 8, 'axis'));
    pointer(el, 'pointerup', atStep(el, 8, 'axis'));
    await el.updateComplete;
    expect(selects).to.deep.equal([
      {
        kind: 'tracer-selection',
        selection: { start: 6, end: 9 },
        units: [0, 1],
        matches: [
          { start: 30, end: 36 },
          { start: 20, end: 23 },
        ],
      },
    ]);
    expect(el.selectedUnits).to.deep.equal([0, 1]);
    // Hover over the plot's top at step 3: the unit nearest the pointer's value there is u1 (value 1).
    const layout = layoutOf(el);
    const box = overlay(el).getBoundingClientRect();
    const { clientX } = atStep(el, 3);
    pointer(el, 'pointermove', { clientX, clientY: box.top + layout.plot.y + 2 });
    expect(hovers.at(-1)).to.deep.equal({ kind: 'tracer-step', t: 3, unit: 1, value: 1, token: 'w3' });
    await el.updateComplete;
    // The shared card: the step and its token, the unit, and the value on its own line.
    const card = el.shadowRoot!.querySelector('[part="tooltip"]')!;
    expect([...card.querySelectorAll('div')].map((line) => line.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'step 3 “w3”',
      'unit u1',
      '1',
    ]);
    expect(card.querySelector('.value')!.textContent).to.equal('1');
    pointer(el, 'pointerleave', { clientX: 0, clientY: 0 });
    expect(hovers.at(-1)).to.equal(null);
  });

  it('arrow keys move the selection, Shift+arrow extends it, Escape clears; each fires nn-select and is announced', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 8] });
    await el.updateComplete;
    const selects: HiddenStateSelectDetail[] = [];
    el.addEventListener('nn-select', (e) => selects.push(e.detail as unknown as HiddenStateSelectDetail));
    key(el, 'ArrowRight');
    await el.updateComplete;
    expect(selects.at(-1)!.selection).to.deep.equal({ start: 7, end: 9 });
    key(el, 'ArrowRight', true);
    await el.updateComplete;
    expect(selects.at(-1)!.selection).to.deep.equal({ start: 7, end: 10 });
    expect(el.selectedUnits).to.deep.equal([0, 1]);
    key(el, 'ArrowRight', true);
    await el.updateComplete;
    expect(selects.at(-1)).to.deep.include({ selection: { start: 7, end: 11 }, units: [1] });
    key(el, 'ArrowLeft', true);
    key(el, 'ArrowLeft');
    await el.updateComplete;
    expect(selects.at(-1)!.selection).to.deep.equal({ start: 6, end: 9 });
    const live = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(live.textContent).to.contain('Steps 6–8');
    key(el, 'Escape');
    await el.updateComplete;
    expect(selects.at(-1)).to.deep.equal({ kind: 'tracer-selection', selection: null, units: [], matches: [] });
    // At the edge the selection stops.
    el.selection = [38, 40];
    await el.updateComplete;
    key(el, 'ArrowRight');
    await el.updateComplete;
    expect(selects.at(-1)!.selection).to.deep.equal({ start: 38, end: 40 });
  });

  it('clicking a match row scrolls the plot to it; zoom keys change the visible steps', async () => {
    const states = new Float32Array(2000 * 2);
    for (let t = 0; t < 2000; t++) {
      states[t * 2] = t % 400 < 5 ? 1 : 0;
      states[t * 2 + 1] = 1;
    }
    const el = mount({ states: { data: states, shape: [2000, 2] }, threshold: 0.5, selection: [0, 5] });
    await el.updateComplete;
    expect(el.matchRuns[0]).to.deep.equal({ start: 400, end: 405 });
    expect(el.visibleSteps!.start).to.equal(0);
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="match"]')[3].click();
    await el.updateComplete;
    const visible = el.visibleSteps!;
    expect(visible.start <= 1600 && visible.end >= 1605, `visible ${JSON.stringify(visible)}`).to.equal(true);
    // The text view follows once scrolling pauses.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="token"]')!.getAttribute('data-step')).to.equal(String(visible.start));
    const span = visible.end - visible.start;
    key(el, '-');
    await el.updateComplete;
    expect(el.visibleSteps!.end - el.visibleSteps!.start).to.equal(Math.min(2000, span * 2));
    key(el, 'Home');
    await el.updateComplete;
    expect(el.visibleSteps!.start).to.equal(0);
  });

  it('errors name the problem: tokens vs steps (both counts), ragged arrays, rank, layer, missing cell states; good input recovers', async () => {
    const el = mount({ states: STATES(), tokens: ['a', 'b', 'c'] });
    await el.updateComplete;
    expect(el.error).to.equal('tokens has 3 tokens but the states have 40 steps (states shape [40,4]); they must match.');
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('3 tokens');
    el.tokens = TOKENS;
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    el.states = [[1, 2], [3]];
    await el.updateComplete;
    expect(el.error)
      .to.match(/states/)
      .and.to.match(/ragged|length|same/i);
    el.states = [1, 2, 3];
    el.tokens = undefined;
    await el.updateComplete;
    expect(el.error).to.match(/expected rank 2 or 3, got rank 1/);
    el.states = { data: new Float32Array(2 * 40 * 4), shape: [2, 40, 4] };
    el.layer = 2;
    await el.updateComplete;
    expect(el.error).to.equal('layer 2 is out of range: the states (shape [2,40,4]) have 2 layers (0 to 1).');
    el.layer = 1;
    el.stateKind = 'cell';
    await el.updateComplete;
    expect(el.error).to.match(/state="cell" needs cell states/);
    el.cellStates = { data: new Float32Array(40 * 4), shape: [40, 4] };
    await el.updateComplete;
    expect(el.error).to.equal('cellStates has shape [40,4] but states has [2,40,4]; they must match.');
    el.cellStates = { data: new Float32Array(2 * 40 * 4).fill(0.7), shape: [2, 40, 4] };
    el.selection = [0, 3];
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    expect(el.selectedUnits).to.deep.equal([0, 1, 2, 3]);
    el.threshold = Number('abc');
    await el.updateComplete;
    expect(el.error).to.equal('threshold must be a finite number; got NaN.');
    el.threshold = 0.5;
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
  });

  it('token strings stay text: markup in a token is shown, never parsed', async () => {
    const tokens = TOKENS.slice();
    tokens[7] = '<img src=x onerror="window.__pwned = 1">';
    const el = mount({ states: STATES(), tokens, selection: [6, 9], threshold: 0.5 });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[data-step="7"]')!.textContent).to.equal(tokens[7]);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('exportImage() draws the text and match views as shown: matched tokens shaded, selected ones underlined', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] });
    await el.updateComplete;
    const image = await pngPixels(await el.exportImage());
    const frame = el.shadowRoot!.querySelector('[part="view"]')!.getBoundingClientRect();
    const ratio = image.width / frame.width;
    const background = getComputedStyle(el).getPropertyValue('--_background').trim();
    const pageBackground = shown(background, 'transparent');
    const token = (t: number) => el.shadowRoot!.querySelector<HTMLElement>(`[part="token"][data-step="${t}"]`)!;
    // --_match is the accent at 12% over the background: the page's colour, composited as it shows.
    const matchFill = shown(background, getComputedStyle(token(21)).backgroundColor);
    expect(
      matchFill.some((v, k) => Math.abs(v - pageBackground[k]) > 10),
      `match shade ${matchFill}`,
    ).to.equal(true);
    /** The exported pixel in the top row of a box's content area, above the glyphs. */
    const topOf = (box: DOMRect) => pixelOf(image, (box.left + box.width / 2 - frame.left) * ratio, (box.top + 1 - frame.top) * ratio);
    for (const t of [20, 21, 22, 30, 31, 32, 33, 34, 35]) {
      for (const box of token(t).getClientRects()) expectClose(topOf(box), matchFill, 2, `matched token w${t}`);
    }
    for (const t of [15, 25, 36]) expectClose(topOf(token(t).getBoundingClientRect()), pageBackground, 2, `unmatched token w${t}`);
    // The match list's hits are shaded the same.
    const hits = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="match"] mark')];
    expect(hits.map((hit) => hit.textContent)).to.deep.equal(['w30 w31 w32 w33 w34 w35', 'w20 w21 w22']);
    for (const hit of hits) expectClose(topOf(hit.getBoundingClientRect()), matchFill, 2, `hit "${hit.textContent}"`);
    // Selected tokens: a line in the selection colour across the token, under its text; none under others.
    const accent = shown(background, getComputedStyle(token(7)).textDecorationColor);
    const underline = (t: number) => {
      const box = token(t).getBoundingClientRect();
      let widest = 0;
      for (let y = Math.floor((box.top + box.height / 2 - frame.top) * ratio); y < (box.bottom + 8 - frame.top) * ratio; y++) {
        let run = 0;
        for (let x = Math.ceil((box.left - frame.left) * ratio); x < Math.floor((box.right - frame.left) * ratio); x++) {
          if (pixelOf(image, x, y).every((v, k) => Math.abs(v - accent[k]) <= 3)) run++;
        }
        widest = Math.max(widest, run / (box.width * ratio));
      }
      return widest;
    };
    for (const t of [6, 7, 8]) expect(underline(t), `underline of selected w${t}`).to.be.greaterThan(0.8);
    for (const t of [5, 15, 21]) expect(underline(t), `no selection underline under w${t}`).to.be.lessThan(0.2);
  });

  it('the dark theme resolves the dark tokens', async () => {
    const el = mount({ states: STATES(), theme: 'dark' });
    await el.updateComplete;
    expect(getComputedStyle(el).getPropertyValue('--_background').trim()).to.equal('#0d1117');
    expect(el.error).to.equal(undefined);
  });

  it('traces a model: the trained bracket LSTM on token ids, hidden and cell states', async () => {
    const model = await tfl.loadLayersModel('/models/bracket-lstm/model.json');
    const vocab = (await (await fetch('/models/bracket-lstm/vocab.json')).json()) as string[];
    const sample = (await (await fetch('/models/bracket-lstm/sample.json')).json()) as { tokens: string[] };
    const el = mount({
      model,
      layer: 'lstm',
      input: sample.tokens.map((t) => vocab.indexOf(t)),
      tokens: sample.tokens,
      threshold: 0.4,
      selection: [18, 23],
    });
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    expect(el.selectedUnits).to.deep.equal([1]);
    expect(el.matchCount).to.be.greaterThan(10);
    expect(el.getAttribute('aria-label')).to.match(/641 steps × 24 units \(LSTM layer lstm, hidden states\)/);
    el.stateKind = 'cell';
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    el.layer = 3;
    await el.updateComplete;
    expect(el.error).to.match(/With a model, layer is the recurrent layer's name/);
    model.dispose();
  });

  it('frees every tensor it made after 50 input swaps and removal; tensors passed in stay usable', async () => {
    const inputs = [tf.tensor2d(designed(), [40, 4]), tf.tensor3d(new Float32Array(2 * 40 * 4).fill(0.5), [2, 40, 4])];
    const baseline = tensorBaseline();
    const el = mount({ states: inputs[0], threshold: 0.5, selection: [6, 9] });
    await el.updateComplete;
    for (let i = 0; i < 50; i++) {
      el.states = inputs[i % 2];
      if (i % 7 === 0) el.tokens = i % 2 ? undefined : TOKENS;
      await el.updateComplete;
    }
    expect(el.error).to.equal(undefined);
    await removeAndRelease(el);
    await new Promise((resolve) => setTimeout(resolve, 20));
    baseline.check('after 50 swaps and removal');
    expect(inputs.every((t) => !t.isDisposed)).to.equal(true);
    tf.dispose(inputs);
  });

  it('DensityImage scrolled step by step draws the same picture as one drawn afresh at each window', () => {
    const steps = 3000;
    const units = 64;
    const values = new Float32Array(steps * units);
    for (let t = 0; t < steps; t++)
      for (let u = 0; u < units; u++) values[t * units + u] = Math.sin(t * (0.01 + u * 0.003) + u) * (0.5 + (u % 5) * 0.1);
    const input = { values, units, domain: [-1, 1] as const, rgba: [89, 99, 110, 255] };
    // 400 steps on 644 pixels: one image column per step, the case a scroll reuses.
    const layout = (start: number) => ({ plot: { x: 46, y: 6, width: 644, height: 158 }, window: { start, span: 400 } }) as TimelineLayout;
    // Read-back canvases are drawn on the CPU: the same raster for both pictures.
    const canvas = () => Object.assign(document.createElement('canvas'), { width: 700, height: 170 }).getContext('2d', { willReadFrequently: true })!;
    const scrolled = new DensityImage();
    const scrolledCtx = canvas();
    scrolled.draw(scrolledCtx, layout(1000), input);
    for (const start of [1037, 1074, 1054, 1350, 1349, 1349, 1000]) {
      scrolledCtx.clearRect(0, 0, 700, 170);
      scrolled.draw(scrolledCtx, layout(start), input);
      const freshCtx = canvas();
      new DensityImage().draw(freshCtx, layout(start), input);
      const a = scrolledCtx.getImageData(0, 0, 700, 170).data;
      const b = freshCtx.getImageData(0, 0, 700, 170).data;
      let differing = 0;
      let painted = 0;
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) differing++;
        if (b[i]) painted++;
      }
      expect(painted, 'something drawn').to.be.above(10_000);
      expect(differing, `bytes differing at window start ${start}`).to.equal(0);
    }
  });

  it('draws 100,000 x 512 states from one array: density plot, and a scroll draws only the window', async function () {
    this.timeout(60_000);
    const steps = 100_000;
    const units = 512;
    const values = new Float32Array(steps * units);
    for (let i = 0; i < values.length; i += 97) values[i] = 0.8;
    const el = mount({ states: { data: values, shape: [steps, units] }, selection: [5, 6], threshold: 0.5 });
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    el.showSteps(90_000, 90_800);
    await el.updateComplete;
    expect(el.visibleSteps).to.deep.equal({ start: 90_000, end: 90_800 });
    expect(el.shadowRoot!.querySelector('.legend-row')!.textContent).to.contain('512 units as a density');
    // Only the window's tokens are in the DOM.
    expect(el.shadowRoot!.querySelectorAll('[part="token"]').length).to.be.at.most(400);
  });
});
