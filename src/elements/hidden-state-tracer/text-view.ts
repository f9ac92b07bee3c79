import { html, type TemplateResult } from 'lit';
import type { Span } from '../../compute/hidden-states/types.js';

/** What the text view shows. */
export interface TextViewInput {
  labels: readonly string[];
  window: { start: number; span: number };
  selection?: Span;
  /** step -> match index, -1 for none (from `matchIndex`). */
  matchAt: Int32Array;
  joined: boolean;
  onToken: (step: number, event: MouseEvent) => void;
}

/**
 * The tokens of the visible window as running text: the selection bold and
 * underlined, matches shaded with a dotted underline (so neither depends on
 * colour). Tokens are Lit text bindings: markup in a token shows as text.
 * Only the window is in the DOM, never the whole sequence. `data-export-text`
 * puts it, as shown, in `exportImage()`'s PNG.
 */
export function textTemplate(input: TextViewInput): TemplateResult {
  const { labels, window, selection, matchAt } = input;
  const end = Math.min(labels.length, window.start + window.span);
  const tokens: TemplateResult[] = [];
  for (let t = window.start; t < end; t++) {
    const selected = !!selection && t >= selection.start && t < selection.end;
    const match = matchAt[t];
    const cls = `token${selected ? ' selected' : ''}${match >= 0 ? ' match' : ''}`;
    tokens.push(html`<span part="token" class=${cls} data-step=${t}>${labels[t]}</span>${input.joined ? '' : ' '}`);
  }
  // One listener for all tokens (the step is on the span): per-token
  // closures made every scroll frame rebind hundreds of listeners.
  const onClick = (event: MouseEvent) => {
    const step = (event.target as HTMLElement).closest?.('[data-step]')?.getAttribute('data-step');
    if (step !== null && step !== undefined) input.onToken(Number(step), event);
  };
  return html`<div class="text" part="text" data-export-text aria-label=${`Text, steps ${window.start} to ${end - 1}`} @click=${onClick}>${tokens}</div>`;
}
