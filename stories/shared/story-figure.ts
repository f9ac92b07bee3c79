// The frame every element story renders in: it mounts the story's nnscope
// elements and reports their state on the `data-story-state` marker the
// Storybook smoke test (scripts/storybook-smoke.mjs) waits for: "loading",
// then "ready" once every element of the given tag has fired `nn-render`, or
// "error" with the element's `el.error` in `[data-story-error]`. The backend
// the elements computed on goes to `data-backend`. Story code, not a library
// element; each element's stories wrap it with their tag and styles.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { ensureBackend, useBackend, type BackendName } from '../../src/backend/use-backend.js';

/** How a story's figure is made and checked. */
export interface FigureOptions<E extends NnElement = NnElement> {
  /** Said while `content` is being prepared (it is a promise). */
  preparing?: string;
  /**
   * Runs once every element has rendered; a returned string fails the story
   * (the smoke test sees state "error" on a story not named "Error").
   */
  check?: (elements: E[]) => string | undefined;
  /**
   * The story's `backend` control: anything but 'auto' is selected with
   * `useBackend` before the content is prepared (one engine per page, so it
   * applies to every element on it). 'auto' leaves the choice to the
   * elements, as a page that never calls `useBackend` does.
   */
  backend?: BackendName;
}

/** What differs between the elements' story frames. */
export interface FigureKind {
  /** The element tag the figure waits for, e.g. 'nn-feature-grid'. */
  tag: string;
  /** Class of the frame, which the story styles are scoped to. */
  className: string;
  /** The stories' CSS, installed once per page. */
  styles: string;
  /** Said while preparing when a story does not say otherwise. */
  preparing: string;
}

/**
 * A `<div data-story-state>` holding `content`. `content` may be a function
 * that prepares data or loads a model first: like the elements, it starts
 * only when the figure comes within a viewport of being seen, so a docs page
 * does not compute every story at once. Stories that make tensors before any
 * element exists get a backend first (`ensureBackend`), as the elements would.
 */
export function elementFigure<E extends NnElement>(
  kind: FigureKind,
  content: TemplateResult | (() => Promise<TemplateResult>),
  options: FigureOptions<E> = {},
): HTMLElement {
  installStyles(kind);
  const host = document.createElement('div');
  host.className = kind.className;
  host.dataset.storyState = 'loading';
  let shown: TemplateResult | undefined;
  let error: string | undefined;
  // One outer template, so that showing an error re-renders around the
  // elements without replacing them.
  const paint = () =>
    render(
      html`${shown ?? html`<p class="story-preparing" role="status">${options.preparing ?? kind.preparing}</p>`}${
        error === undefined ? nothing : html`<p class="story-error"><code>el.error</code> <span data-story-error>${error}</span></p>`
      }`,
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
    const elements = [...host.querySelectorAll(kind.tag)] as E[];
    const rendered = new Set<Element>();
    host.addEventListener('nn-render', (event) => {
      const target = event.target as E;
      if (!elements.includes(target) || host.dataset.storyState === 'error') return;
      rendered.add(target);
      host.dataset.backend = (event as NnRenderEvent).detail.backend;
      if (rendered.size < elements.length || host.dataset.storyState === 'ready') return;
      const problem = options.check?.(elements);
      if (problem) fail(problem);
      else host.dataset.storyState = 'ready';
    });
    host.addEventListener('nn-error', (event) => {
      const target = event.target as E;
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
    else await ensureBackend();
    return typeof content === 'function' ? content() : content;
  };
  paint();
  const start = () =>
    prepare().then(mount, (reason: unknown) =>
      fail(`The story could not prepare its data: ${reason instanceof Error ? reason.message : String(reason)}`),
    );
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

function installStyles(kind: FigureKind): void {
  const id = `${kind.className}-styles`;
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = kind.styles;
  document.head.append(style);
}
