// The frame every feature-grid story renders in: stories/shared/story-figure.ts
// with the <nn-feature-grid> tag and these styles.
import type { TemplateResult } from 'lit';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import { elementFigure, type FigureOptions } from '../shared/story-figure.js';

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
  .feature-story figure.input { display: flex; align-items: center; gap: 12px; }
  .feature-story figure.input figcaption { margin: 0; }
  .feature-story .digit { image-rendering: pixelated; width: 84px; height: 84px; border: 1px solid var(--nn-story-grid); }
  .feature-story .dark-page { background: #0d1117; color: #e6edf3; padding: 16px; --nn-story-muted: #9198a1; --nn-story-grid: #3d444d; }
`;

const FEATURE_FIGURE = { tag: 'nn-feature-grid', className: 'feature-story', styles: STYLES, preparing: 'Loading the model and digits…' };

/** A figure that is "ready" once every `<nn-feature-grid>` inside has drawn. */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions<FeatureGrid> = {}): HTMLElement {
  return elementFigure(FEATURE_FIGURE, content, options);
}
