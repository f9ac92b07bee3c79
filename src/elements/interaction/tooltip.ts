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
/** The widest a card grows, and the narrowest it is allowed to be squeezed to (about 14 characters). */
const MAX_WIDTH = 260;
const MIN_WIDTH = 140;
/** Space kept between the card and the element's edge. */
const MARGIN = 4;

/**
 * Where the card goes for a point at `x` in a box `width` wide: beside the
 * point on the side with room for at least `MIN_WIDTH` (right first), its
 * width capped by that room; where neither side has that much (a narrow
 * element), across the point, clamped inside the box. Never squeezed to
 * the sliver of room between the point and the edge (the model view's card
 * at the right edge was one character per line), nor placed outside the box
 * for a point outside it.
 */
export function tooltipPlacement(at: number, width: number): { left: number; maxWidth: number; flip: boolean } {
  // A point outside the box (a cursor scrolled out of the shown window) still gets its card inside.
  const x = Math.max(0, Math.min(width, at));
  const widest = Math.max(0, Math.min(MAX_WIDTH, width - 2 * MARGIN));
  const narrowest = Math.min(MIN_WIDTH, widest);
  const right = width - MARGIN - (x + OFFSET);
  const left = x - OFFSET - MARGIN;
  if (right >= narrowest && (right >= widest || right >= left)) return { left: x + OFFSET, maxWidth: Math.min(widest, right), flip: false };
  if (left >= narrowest) return { left: x - OFFSET, maxWidth: Math.min(widest, left), flip: true };
  return { left: Math.max(MARGIN, Math.min(x - widest / 2, width - MARGIN - widest)), maxWidth: widest, flip: false };
}

/**
 * The one tooltip every view uses: a card beside the point, on the side
 * with room (see {@link tooltipPlacement}), with the value emphasised.
 * `width` is the width of the box it is placed in; `height`, when given,
 * lets it open upward in the lower half so it stays inside the box.
 *
 * @example
 * ```ts
 * tooltipTemplate({ at: { x, y }, lines: [{ label: 'query', text: token, note: '(3)' }], value: '0.42' }, this.size.width)
 * ```
 */
export function tooltipTemplate(tooltip: Tooltip | undefined, width: number, height?: number): TemplateResult | typeof nothing {
  if (!tooltip) return nothing;
  const { at } = tooltip;
  const place = tooltipPlacement(at.x, width);
  const up = height !== undefined && at.y > height / 2;
  const style: Record<string, string> = {
    left: `${place.left}px`,
    'max-width': `${place.maxWidth}px`,
    'min-width': `${Math.min(MIN_WIDTH, place.maxWidth)}px`,
    transform: `translate(${place.flip ? '-100%' : '0'}, ${up ? '-100%' : '0'})`,
    top: `${Math.max(0, up ? at.y - OFFSET : at.y + OFFSET)}px`,
  };
  return html`<div class="tooltip" part="tooltip" style=${styleMap(style)}>
    ${tooltip.extra ?? nothing}
    ${(tooltip.lines ?? []).map(
      (line) =>
        html`<div>${line.label ? html`<span class="muted">${line.label}</span> ` : nothing}${line.text}${line.note ? html` <span class="muted">${line.note}</span>` : nothing}</div>`,
    )}
    ${tooltip.value !== undefined ? html`<div class="value">${tooltip.value}</div>` : nothing}
  </div>`;
}
