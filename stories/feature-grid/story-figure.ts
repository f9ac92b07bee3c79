// The frame every feature-grid story renders in: it mounts the story's
// <nn-feature-grid> elements and reports their state on the
// `data-story-state` marker the Storybook smoke test waits for ("loading",
// then "ready" or "error", with the message in `[data-story-error]`). Story
// code, not a library element.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import { ensureBackend, useBackend, type BackendName } from '../../src/backend/use-backend.js';

const STYLES = `
  .feature-story { max-width: 1000px; }
  .feature-story nn-feature-grid { width: 100%; }
  .feature-story figure { margin: 0 0 16px; }
  .feature-story figcaption { color: var(--nn-story-muted); margin-top: 4px; max-width: 72ch; }
  .feature-story .row { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
  .feature-story .row > figure { flex: 1 1 300px; min-width: 0; }
  .feature-story .story-preparing { color: var(--nn-story-muted); }
  .feature-story .story-error { color: var(--nn-story-error); margin: 8px 0 0; overflow-wrap: anywhere; }
  .feature-story .story-error code { color: var(--nn-story-muted); margin-right: 4px; }
  .feature-story .digit { image-rendering: pixelated; width: 84px; height: 84px; border: 1px solid var(--nn-story-grid); }
`;

/** How a story's figure is made and checked. */
export interface FigureOptions {
  preparing?: string;
  /** Runs once every element has rendered; a returned string fails the story. */
  check?: (elements: FeatureGrid[]) => string | undefined;
  /** Selected with `useBackend` before the content is prepared; 'auto' leaves the choice to the elements. */
  backend?: BackendName;
}

/**
 * A `<div data-story-state>` holding `content` (a template, or a function
 * that loads models and data first): "loading" until every
 * `<nn-feature-grid>` inside has fired `nn-render`, then "ready"; "error" as
 * soon as one fires `nn-error`, its `el.error` shown in `[data-story-error]`.
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions = {}): HTMLElement {
  if (!document.getElementById('feature-story-styles')) {
    const style = document.createElement('style');
    style.id = 'feature-story-styles';
    style.textContent = STYLES;
    document.head.append(style);
  }
  const host = document.createElement('div');
  host.className = 'feature-story';
  host.dataset.storyState = 'loading';
  let shown: TemplateResult | undefined;
  let error: string | undefined;
  const paint = () =>
    render(
      html`${shown ?? html`<p class="story-preparing" role="status">${options.preparing ?? 'Loading the model and digits…'}</p>`}${error === undefined
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
    const elements = [...host.querySelectorAll('nn-feature-grid')];
    const rendered = new Set<Element>();
    host.addEventListener('nn-render', (event) => {
      const target = event.target as FeatureGrid;
      if (!elements.includes(target) || host.dataset.storyState === 'error') return;
      rendered.add(target);
      host.dataset.backend = (event as NnRenderEvent).detail.backend;
      if (rendered.size < elements.length || host.dataset.storyState === 'ready') return;
      const problem = options.check?.(elements as FeatureGrid[]);
      if (problem) fail(problem);
      else host.dataset.storyState = 'ready';
    });
    host.addEventListener('nn-error', (event) => {
      const target = event.target as FeatureGrid;
      if (elements.includes(target)) fail(target.error ?? (event as NnErrorEvent).detail.message);
    });
  };
  const backend = options.backend ?? 'auto';
  paint();
  const prepare = async () => {
    // Stories make tensors (digits, random weights) before any element has
    // picked a backend: pick it first, as the elements would.
    if (backend !== 'auto') await useBackend(backend);
    else await ensureBackend();
    return typeof content === 'function' ? content() : content;
  };
  prepare().then(mount, (reason: unknown) => fail(`The story could not prepare its data: ${reason instanceof Error ? reason.message : String(reason)}`));
  return host;
}
