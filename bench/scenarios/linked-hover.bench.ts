/**
 * Linked hover (issue 14): four elements of real sizes in one link group,
 * and the time from a pointer move on one of them to the end of the frame
 * in which every linked element shows the new token. Target: p95 under
 * 16 ms.
 *
 * - attention heatmap: 512 x 512 weights, 512 tokens;
 * - saliency overlay: the same 512 tokens as a text view;
 * - feature grid: activations over the sequence, 512 tokens x 512 channels
 *   (maps one row high: the token is marked in every visible channel);
 * - hidden-state tracer: 100,000 steps x 128 units, tokens at steps 0..511
 *   (a token outside its window scrolls it there: a full plot redraw).
 *
 * Timed as attention-hover.bench.ts times one element (`frameLatency`: from
 * the event, dispatched at a frame's start, to that frame's paint), after
 * awaiting every element's `updateComplete`. Each run then checks that all
 * four show the token, and waits (untimed) for raster and the tracer's
 * deferred text view. `hover-alone` is the same heatmap hovered with no
 * group, the same-run baseline for what linking adds.
 */
import { bench } from '../harness.js';
import { attentionWeights } from '../data/attention.js';
import { frameLatency, idleFrames } from '../frames.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';
import '../../src/define.js';
import { TEXT_DELAY_MS, type HiddenStateTracer } from '../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import type { AttentionHeatmap } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import type { SaliencyOverlay } from '../../src/elements/saliency-overlay/saliency-overlay.js';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { linkGroup } from '../../src/elements/base/link-group.js';
import { mulberry32 } from '../../src/compute/random.js';

const TOKENS = 512;
const CHANNELS = 512;
const STEPS = 100_000;
const UNITS = 128;
const HOVERS = 60;
const WARMUP = 5;

interface Figure {
  box: HTMLDivElement;
  attention: AttentionHeatmap;
  saliency: SaliencyOverlay;
  grid: FeatureGrid;
  tracer: HiddenStateTracer;
}

function place<T extends NnElement>(tag: string, css: string, props: Record<string, unknown>, box: HTMLElement, link: string | undefined): T {
  const el = document.createElement(tag) as T;
  el.style.cssText = `position:absolute;display:block;${css}`;
  Object.assign(el, { eager: true, ...props });
  if (link) el.setAttribute('link', link);
  box.append(el);
  return el;
}

async function build(link: string | undefined): Promise<Figure> {
  await useBackend('webgl');
  if (tf.getBackend() !== 'webgl') throw new Error(`Expected the webgl backend, tf.getBackend() is "${tf.getBackend()}".`);
  document.body.style.margin = '0';
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;left:0;top:0;width:1280px;height:720px';
  document.body.append(box);
  const next = mulberry32(7);
  const tokens = Array.from({ length: TOKENS }, (_, i) => `w${i}`);
  const attention = place<AttentionHeatmap>(
    'nn-attention-heatmap',
    'left:0;top:0;width:400px;height:400px',
    { attention: { data: attentionWeights([TOKENS, TOKENS], 3), shape: [TOKENS, TOKENS] }, tokens },
    box,
    link,
  );
  const saliency = place<SaliencyOverlay>(
    'nn-saliency-overlay',
    'left:0;top:410px;width:400px;height:300px;overflow:hidden',
    { tokens, saliency: Float32Array.from({ length: TOKENS }, () => next() * 2 - 1), signed: true },
    box,
    link,
  );
  const activations = Float32Array.from({ length: TOKENS * CHANNELS }, () => next());
  const grid = place<FeatureGrid>(
    'nn-feature-grid',
    'left:420px;top:350px;width:840px;height:360px',
    { activations: { data: activations, shape: [1, TOKENS, CHANNELS] }, layout: 'hwc' },
    box,
    link,
  );
  const states = new Float32Array(STEPS * UNITS);
  for (let i = 0; i < states.length; i++) states[i] = Math.sin(i * 0.0007 + (i % UNITS)) * 0.5 + (next() - 0.5) * 0.1;
  const tracer = place<HiddenStateTracer>(
    'nn-hidden-state-tracer',
    'left:420px;top:0;width:840px;height:340px',
    { states: { data: states, shape: [STEPS, UNITS] }, threshold: 0.4, selection: { start: 10, end: 14 } },
    box,
    link,
  );
  for (const el of [attention, saliency, grid, tracer]) {
    await el.updateComplete;
    if (el.error) throw new Error(`${el.tagName}: ${el.error}`);
  }
  await idleFrames();
  return { box, attention, saliency, grid, tracer };
}

/** The `i`th hovered cell: a new query row every time, spread over the matrix; its centre in client pixels, from `locate`. */
function point(i: number, attention: AttentionHeatmap): { x: number; y: number; row: number } {
  const row = 20 + ((i * 97) % 470);
  const at = attention.locate({ kind: 'cell', query: row, key: (i * 31) % TOKENS });
  if (!at) throw new Error(`Cell (${row}, …) is not in view.`);
  const own = attention.getBoundingClientRect();
  return { x: own.left + at.x, y: own.top + at.y, row };
}

const hover = (target: Element, x: number, y: number) =>
  target.dispatchEvent(
    new PointerEvent('pointermove', { bubbles: true, composed: true, clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true }),
  );

let figure: Figure | undefined;
let runs = 0;

/** Hovers the heatmap once and times it; `linked` checks that the other three show the hovered row's token. */
async function hoverOnce(linked: boolean): Promise<number> {
  const { attention, saliency, grid, tracer } = figure!;
  const overlay = attention.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
  const { x, y, row } = point(runs++, attention);
  let token: number | undefined;
  const take = (event: Event) => (token = (event as CustomEvent<{ state: { token?: number | null } }>).detail.state.token ?? undefined);
  attention.addEventListener('nn-link', take);
  const ms = await frameLatency(async () => {
    hover(overlay, x, y);
    await Promise.all([attention.updateComplete, saliency.updateComplete, grid.updateComplete, tracer.updateComplete]);
  });
  attention.removeEventListener('nn-link', take);
  if (token !== row) throw new Error(`Hovering row ${row} at (${x}, ${y}) published token ${token}.`);
  if (attention.focusQuery !== undefined && attention.focusQuery !== token) throw new Error('the heatmap focused another row');
  if (linked) {
    const card = (el: Element) => el.shadowRoot!.querySelector('[part="tooltip"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    const shown = {
      grid: grid.cell?.x,
      tracer: Number(/step (\d+)/.exec(card(tracer))?.[1]),
      saliency: [...saliency.shadowRoot!.querySelectorAll('[part="token"]')].findIndex((span) => span.classList.contains('focused')),
    };
    if (shown.grid !== token || shown.tracer !== token || shown.saliency !== token) {
      throw new Error(`Hovered token ${token}; shown ${JSON.stringify(shown)}.`);
    }
    const window = tracer.visibleSteps!;
    if (!(window.start <= token && token < window.end)) throw new Error(`The tracer's window ${JSON.stringify(window)} misses step ${token}.`);
  }
  await new Promise((resolve) => setTimeout(resolve, TEXT_DELAY_MS + 30));
  await idleFrames(2);
  return ms;
}

function teardown(): void {
  figure?.box.remove();
  figure = undefined;
}

bench('hover-alone', {
  backend: 'webgl',
  iterations: HOVERS,
  warmup: WARMUP,
  timesItself: true,
  async setup() {
    runs = 0;
    figure = await build(undefined);
  },
  run: () => hoverOnce(false),
  teardown,
});

bench('hover-linked-4', {
  baseline: 'hover-alone',
  backend: 'webgl',
  iterations: HOVERS,
  warmup: WARMUP,
  timesItself: true,
  async setup() {
    runs = 0;
    figure = await build('bench');
    if (linkGroup('bench').elements.length !== 4) throw new Error('the four elements did not join the group');
  },
  run: () => hoverOnce(true),
  teardown,
});
