import '../../../src/elements/hidden-state-tracer/define.js';
import type { HiddenStateTracer } from '../../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import { tracerLayout } from '../../../src/elements/hidden-state-tracer/views/heat-track.js';
import type { TimelineLayout } from '../../../src/elements/hidden-state-tracer/timeline-layout.js';

/**
 * 40 steps x 4 units: u0 is 1 on [5, 10), [20, 23) and [30, 36), else 0;
 * u1 is 1 except on [12, 14); u2 is 0; u3 is -1. Selecting [6, 9) at
 * threshold 0.5 gives units [0, 1] and matches [30, 36) then [20, 23).
 */
export function designed(): Float32Array {
  const values = new Float32Array(40 * 4);
  const on0 = (t: number) => (t >= 5 && t < 10) || (t >= 20 && t < 23) || (t >= 30 && t < 36);
  for (let t = 0; t < 40; t++) {
    values[t * 4] = on0(t) ? 1 : 0;
    values[t * 4 + 1] = t >= 12 && t < 14 ? 0 : 1;
    values[t * 4 + 2] = 0;
    values[t * 4 + 3] = -1;
  }
  return values;
}
export const STATES = () => ({ data: designed(), shape: [40, 4] });
export const TOKENS = Array.from({ length: 40 }, (_, t) => `w${t}`);

/** 2000 steps x 2 units: u0 is on for 5 steps every 400, u1 always. */
export function long(): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(2000 * 2);
  for (let t = 0; t < 2000; t++) {
    data[t * 2] = t % 400 < 5 ? 1 : 0;
    data[t * 2 + 1] = 1;
  }
  return { data, shape: [2000, 2] };
}

/**
 * 1200 steps x 5 units: u0, u1 and u2 are 1 on steps [40k, 40k + 4) for
 * k = 0..29 and 0 elsewhere; u3 is 0.5 and u4 is -0.5 throughout. Selecting
 * [40, 44) at threshold 0.8 gives units [0, 1, 2] and 29 matches of 4 steps.
 */
export function periodic(): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(1200 * 5);
  for (let t = 0; t < 1200; t++) {
    const on = t % 40 < 4 ? 1 : 0;
    data.set([on, on, on, 0.5, -0.5], t * 5);
  }
  return { data, shape: [1200, 5] };
}
export const WORDS = Array.from({ length: 1200 }, (_, t) => `word${t}`);

export function mount(
  props: Partial<HiddenStateTracer> & Record<string, unknown>,
  attributes: Record<string, string> = {},
  style = 'width: 700px; height: 560px',
): HiddenStateTracer {
  const el = document.createElement('nn-hidden-state-tracer');
  el.setAttribute('style', style);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

export const overlay = (el: HiddenStateTracer) => el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;

/** The canvas layout the element draws with, from its public state and the pure layout function. */
export function layoutOf(el: HiddenStateTracer): TimelineLayout {
  const box = overlay(el).getBoundingClientRect();
  const { start, end } = el.visibleSteps!;
  return tracerLayout(box.width, box.height, { start, span: end - start }, el.selectedUnits, el.typography().label).layout;
}

/** Client coordinates of the middle of step t in a band. */
export function atStep(el: HiddenStateTracer, t: number, band: 'plot' | 'axis' | 'track' = 'plot'): { clientX: number; clientY: number } {
  const layout = layoutOf(el);
  const box = overlay(el).getBoundingClientRect();
  const step = layout.plot.width / layout.window.span;
  return { clientX: box.left + layout.plot.x + (t - layout.window.start + 0.5) * step, clientY: box.top + layout[band].y + layout[band].height / 2 };
}

export function pointer(el: HiddenStateTracer, type: string, at: { clientX: number; clientY: number }): void {
  overlay(el).dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, ...at }));
}

export function key(el: HiddenStateTracer, name: string, shiftKey = false): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: name, shiftKey, bubbles: true, composed: true }));
}

export const errorText = (el: HiddenStateTracer) => el.shadowRoot!.querySelector('[part="error"]')?.textContent?.trim();

/** The shared card's lines, as shown. */
export function cardLines(el: HiddenStateTracer): string[] | undefined {
  const card = el.shadowRoot!.querySelector('[part="tooltip"]');
  return card ? [...card.querySelectorAll('div')].map((line) => line.textContent!.replace(/\s+/g, ' ').trim()) : undefined;
}

/** Collects the page's uncaught errors while `body` runs. */
export async function pageErrors(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onError = (event: ErrorEvent) => seen.push(event.message);
  const onRejection = (event: PromiseRejectionEvent) => seen.push(String(event.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
  return seen;
}
