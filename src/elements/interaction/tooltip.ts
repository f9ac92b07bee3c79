import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Point } from './pointer.js';

/** One line of a tooltip: a muted label, the text, and a muted note (all plain text). */
export interface TooltipLine {
  label?: string;
  text: string;
  note?: string;
}

/** What a tooltip shows and where. */
export interface Tooltip {
  /** The point it describes, in the element's view coordinates (CSS pixels). */
  at: Point;
  /** Lines of text; strings from data stay text. */
  lines?: readonly TooltipLine[];
  /** The value, emphasised on its own last line. */
  value?: string;
  /** Anything else the view draws into it (the feature grid's enlarged tile). */
  extra?: TemplateResult;
}

/** Gap between the pointer and the card, in CSS pixels. */
const OFFSET = 12;

/**
 * The one tooltip every view uses: a card beside the point, on the side
 * with room (it flips left past the middle, so it is never squeezed against
 * the right edge), with the value emphasised. `width` is the width of the
 * box it is placed in.
 *
 * @example
 * ```ts
 * tooltipTemplate({ at: { x, y }, lines: [{ label: 'query', text: token, note: '(3)' }], value: '0.42' }, this.size.width)
 * ```
 */
export function tooltipTemplate(tooltip: Tooltip | undefined, width: number): TemplateResult | typeof nothing {
  if (!tooltip) return nothing;
  const { at } = tooltip;
  const flip = at.x > width / 2;
  const style = flip
    ? { right: `${Math.max(0, width - at.x + OFFSET)}px`, top: `${Math.max(0, at.y + OFFSET)}px` }
    : { left: `${Math.max(0, at.x + OFFSET)}px`, top: `${Math.max(0, at.y + OFFSET)}px` };
  return html`<div class="tooltip" part="tooltip" style=${styleMap(style)}>
    ${tooltip.extra ?? nothing}
    ${(tooltip.lines ?? []).map(
      (line) =>
        html`<div>${line.label ? html`<span class="muted">${line.label}</span> ` : nothing}${line.text}${line.note ? html` <span class="muted">${line.note}</span>` : nothing}</div>`,
    )}
    ${tooltip.value !== undefined ? html`<div class="value">${tooltip.value}</div>` : nothing}
  </div>`;
}
