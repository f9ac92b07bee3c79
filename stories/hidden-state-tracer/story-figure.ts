// The frame every hidden-state tracer story renders in:
// stories/shared/story-figure.ts with the <nn-hidden-state-tracer> tag and
// these styles.
import type { TemplateResult } from 'lit';
import type { HiddenStateTracer } from '../../src/elements/hidden-state-tracer/hidden-state-tracer.js';
import { elementFigure, type FigureOptions } from '../shared/story-figure.js';

const STYLES = `
.tracer-story figure { margin: 0 0 12px; }
.tracer-story figcaption { font: 13px system-ui, sans-serif; color: #59636e; margin-top: 4px; }
.tracer-story .story-error { font: 13px system-ui, sans-serif; }
.tracer-story .story-preparing { font: 13px system-ui, sans-serif; color: #59636e; }
`;

const TRACER_FIGURE = { tag: 'nn-hidden-state-tracer', className: 'tracer-story', styles: STYLES, preparing: 'Preparing the data…' };

/** A figure that is "ready" once every `<nn-hidden-state-tracer>` inside has drawn. */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions<HiddenStateTracer> = {}): HTMLElement {
  return elementFigure(TRACER_FIGURE, content, options);
}
