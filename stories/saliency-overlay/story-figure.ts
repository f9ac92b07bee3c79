// The frame every saliency story renders in: stories/shared/story-figure.ts
// with the <nn-saliency-overlay> tag and the saliency stories' styles.
import type { TemplateResult } from 'lit';
import { elementFigure } from '../shared/story-figure.js';
import { storyStyles } from './story-styles.js';

const SALIENCY_FIGURE = { tag: 'nn-saliency-overlay', className: 'saliency-story', styles: storyStyles, preparing: 'Loading the model and digits…' };

/**
 * A figure that is "ready" once every `<nn-saliency-overlay>` inside has
 * drawn; `content` may be a function that loads the model and digits first.
 */
export function storyFigure(content: TemplateResult | (() => Promise<TemplateResult>), preparing?: string): HTMLElement {
  return elementFigure(SALIENCY_FIGURE, content, { preparing });
}
