// The frame every attention story renders in: it mounts the story's
// <nn-attention-heatmap> elements and reports their state on the
// `data-story-state` marker the Storybook smoke test waits for. Story code,
// not a library element.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import type { AttentionHeatmap } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import { useBackend, type BackendName } from '../../src/backend/use-backend.js';
import { storyStyles } from './story-styles.js';

/** How a story's figure is made and checked. */
export interface FigureOptions {
  /** Said while `content` is being prepared (it is a promise). */
  preparing?: string;
  /**
   * Runs once every element has rendered; a returned string fails the story
   * (the smoke test sees state "error" on a story not named "Error").
   */
  check?: (elements: AttentionHeatmap[]) => string | undefined;
  /**
   * The story's `backend` control: anything but 'auto' is selected with
   * `useBackend` before the elements mount (one engine per page, so it
   * applies to every element on it). 'auto' leaves the choice to the
   * elements, as a page that never calls `useBackend` does.
   */
  backend?: BackendName;
}

/**
 * A `<div data-story-state>` holding `content`: "loading" until every
 * `<nn-attention-heatmap>` inside has fired `nn-render`, then "ready"; or
 * "error" as soon as one fires `nn-error`, with that element's `el.error`
 * shown below it in `[data-story-error]`. The backend the elements computed
 * on goes to `data-backend`.
 *
 * `content` may be a function that prepares the data first (the 144 MB Huge
 * story): like the elements, it starts only when the figure comes within a
 * viewport of being seen, so a docs page does not compute every story at once.
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions = {}): HTMLElement {
  installStyles();
  const host = document.createElement('div');
  host.className = 'attention-story';
  host.dataset.storyState = 'loading';
  let shown: TemplateResult | undefined;
  let error: string | undefined;
  // One outer template, so that showing an error re-renders around the
  // elements without replacing them.
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
    const elements = [...host.querySelectorAll('nn-attention-heatmap')];
    const rendered = new Set<Element>();
    host.addEventListener('nn-render', (event) => {
      const target = event.target as AttentionHeatmap;
      if (!elements.includes(target) || host.dataset.storyState === 'error') return;
      rendered.add(target);
      host.dataset.backend = (event as NnRenderEvent).detail.backend;
      if (rendered.size < elements.length || host.dataset.storyState === 'ready') return;
      const problem = options.check?.(elements as AttentionHeatmap[]);
      if (problem) fail(problem);
      else host.dataset.storyState = 'ready';
    });
    host.addEventListener('nn-error', (event) => {
      const target = event.target as AttentionHeatmap;
      if (elements.includes(target)) fail(target.error ?? (event as NnErrorEvent).detail.message);
    });
  };
  const backend = options.backend ?? 'auto';
  if (typeof content !== 'function' && backend === 'auto') {
    mount(content);
    return host;
  }
  const prepare = async () => {
    if (backend !== 'auto') await useBackend(backend);
    return typeof content === 'function' ? content() : content;
  };
  paint();
  const start = () =>
    prepare().then(mount, (reason: unknown) => fail(`The story could not prepare its data: ${reason instanceof Error ? reason.message : String(reason)}`));
  // The elements' own lazy start uses the same margin: one viewport each way.
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      near.disconnect();
      start();
    },
    { rootMargin: '100% 0px 100% 0px' },
  );
  near.observe(host);
  return host;
}

function installStyles(): void {
  if (document.getElementById('attention-story-styles')) return;
  const style = document.createElement('style');
  style.id = 'attention-story-styles';
  style.textContent = storyStyles;
  document.head.append(style);
}
