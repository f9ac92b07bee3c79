// The frame every hidden-state tracer story renders in: it mounts the
// story's <nn-hidden-state-tracer> elements and reports their state on the
// `data-story-state` marker the Storybook smoke test waits for ("loading",
// then "ready" once every element fired nn-render, or "error" with the
// message in `[data-story-error]`). Story code, not a library element.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import type { HiddenStateTracer } from '../../src/elements/hidden-state-tracer/hidden-state-tracer.js';

/** How a story's figure is made and checked. */
export interface FigureOptions {
  /** Said while `content` is being prepared. */
  preparing?: string;
  /** Runs once every element has rendered; a returned string fails the story. */
  check?: (elements: HiddenStateTracer[]) => string | undefined;
}

const STYLES = `
.tracer-story figure { margin: 0 0 12px; }
.tracer-story figcaption { font: 13px system-ui, sans-serif; color: #59636e; margin-top: 4px; }
.tracer-story .story-error { font: 13px system-ui, sans-serif; }
.tracer-story .story-preparing { font: 13px system-ui, sans-serif; color: #59636e; }
`;

/**
 * A `<div data-story-state>` holding `content` (a template, or a promise
 * for one while models load or data is generated).
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions = {}): HTMLElement {
  if (!document.getElementById('tracer-story-styles')) {
    const style = document.createElement('style');
    style.id = 'tracer-story-styles';
    style.textContent = STYLES;
    document.head.append(style);
  }
  const host = document.createElement('div');
  host.className = 'tracer-story';
  host.dataset.storyState = 'loading';
  let shown: TemplateResult | undefined;
  let error: string | undefined;
  const paint = () =>
    render(
      html`${shown ?? html`<p class="story-preparing" role="status">${options.preparing ?? 'Preparing the data…'}</p>`}${error === undefined
        ? nothing
        : html`<p class="story-error"><code>el.error</code> <span data-story-error>${error}</span></p>`}`,
      host,
    );
  const fail = (message: string) => {
    host.dataset.storyState = 'error';
    error = message;
    paint();
  };
  const mount = (template: TemplateResult) => {
    shown = template;
    paint();
    const elements = [...host.querySelectorAll('nn-hidden-state-tracer')];
    const rendered = new Set<Element>();
    host.addEventListener('nn-render', (event) => {
      const target = event.target as HiddenStateTracer;
      if (!elements.includes(target) || host.dataset.storyState === 'error') return;
      rendered.add(target);
      host.dataset.backend = (event as NnRenderEvent).detail.backend;
      if (rendered.size < elements.length || host.dataset.storyState === 'ready') return;
      const problem = options.check?.(elements as HiddenStateTracer[]);
      if (problem) fail(problem);
      else host.dataset.storyState = 'ready';
    });
    host.addEventListener('nn-error', (event) => {
      const target = event.target as HiddenStateTracer;
      if (elements.includes(target)) fail(target.error ?? (event as NnErrorEvent).detail.message);
    });
  };
  if (typeof content !== 'function') {
    mount(content);
    return host;
  }
  paint();
  content().then(mount, (reason: unknown) => fail(`The story could not prepare its data: ${reason instanceof Error ? reason.message : String(reason)}`));
  return host;
}
