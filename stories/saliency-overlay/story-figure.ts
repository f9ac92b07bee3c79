// The frame every saliency story renders in: it mounts the story's
// <nn-saliency-overlay> elements and reports their state on the
// `data-story-state` marker the Storybook smoke test waits for ("loading",
// then "ready" once every element has fired nn-render, or "error" with the
// element's `el.error` in `[data-story-error]`). Story code, not a library
// element; the same contract as stories/attention-heatmap/story-figure.ts.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import type { SaliencyOverlay } from '../../src/elements/saliency-overlay/saliency-overlay.js';
import { storyStyles } from './story-styles.js';

/**
 * A `<div data-story-state>` holding `content`, which may be a promise-making
 * function (load the model and digits first); it starts when the figure comes
 * within a viewport of being seen, as the elements do.
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), preparing = 'Loading the model and digits…'): HTMLElement {
  installStyles();
  const host = document.createElement('div');
  host.className = 'saliency-story';
  host.dataset.storyState = 'loading';
  let shown: TemplateResult | undefined;
  let error: string | undefined;
  const paint = () =>
    render(
      html`${shown ?? html`<p class="story-preparing" role="status">${preparing}</p>`}${error === undefined
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
    const elements = [...host.querySelectorAll('nn-saliency-overlay')];
    const rendered = new Set<Element>();
    host.addEventListener('nn-render', (event) => {
      const target = event.target as SaliencyOverlay;
      if (!elements.includes(target) || host.dataset.storyState === 'error') return;
      rendered.add(target);
      host.dataset.backend = (event as NnRenderEvent).detail.backend;
      if (rendered.size === elements.length) host.dataset.storyState = 'ready';
    });
    host.addEventListener('nn-error', (event) => {
      const target = event.target as SaliencyOverlay;
      if (elements.includes(target)) fail(target.error ?? (event as NnErrorEvent).detail.message);
    });
  };
  if (typeof content !== 'function') {
    mount(content);
    return host;
  }
  paint();
  const near = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      near.disconnect();
      content().then(mount, (reason: unknown) => fail(`The story could not prepare its data: ${reason instanceof Error ? reason.message : String(reason)}`));
    },
    { rootMargin: '100% 0px 100% 0px' },
  );
  near.observe(host);
  return host;
}

function installStyles(): void {
  if (document.getElementById('saliency-story-styles')) return;
  const style = document.createElement('style');
  style.id = 'saliency-story-styles';
  style.textContent = storyStyles;
  document.head.append(style);
}
