// The frame every attention story renders in: stories/shared/story-figure.ts
// with the <nn-attention-heatmap> tag and the attention stories' styles.
import type { TemplateResult } from 'lit';
import type { AttentionHeatmap } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import { elementFigure, type FigureOptions } from '../shared/story-figure.js';
import { storyStyles } from './story-styles.js';

const ATTENTION_FIGURE = { tag: 'nn-attention-heatmap', className: 'attention-story', styles: storyStyles, preparing: 'Preparing the data…' };

/**
 * A figure that is "ready" once every `<nn-attention-heatmap>` inside has
 * drawn; `content` may be a function that prepares the data first (the
 * 144 MB Huge story).
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), options: FigureOptions<AttentionHeatmap> = {}): HTMLElement {
  return elementFigure(ATTENTION_FIGURE, content, options);
}
