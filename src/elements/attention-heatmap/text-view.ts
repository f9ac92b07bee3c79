import { html, svg, type TemplateResult } from 'lit';
import { color as parseColor } from 'd3-color';
import { colormap as interpolatorOf } from '../../scales/colormap.js';
import type { AxisLabels } from './tokens.js';

export interface TextState {
  /** The shown `[q, k]` matrix. */
  values: Float32Array;
  q: number;
  k: number;
  labels: AxisLabels;
  /** The focused token: a query index for `received`, a key index for `given`. */
  focus?: number;
  direction: 'received' | 'given';
  unit: (value: number) => number;
  colormap: string;
  format: (value: number) => string;
  onFocus(index: number): void;
  onDirection(direction: 'received' | 'given'): void;
  width?: number;
  font?: string;
  /** Running-text size in px (the element's `typography().text`). */
  textPx?: number;
  /** The page behind the chips: on a dark one the chips are designed for it (see `chipColours`). */
  background?: string;
  /** The focus ring's colour. */
  accent?: string;
  /** Chip outlines on a dark page. */
  outline?: string;
}

const PAD = 4;

let measureContext: CanvasRenderingContext2D | null | undefined;
function measure(text: string, font: string, px: number): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * px * 0.6;
  measureContext.font = `${px}px ${font}`;
  return measureContext.measureText(text).width;
}

/** WCAG 2 relative luminance of a CSS colour (undefined when it does not parse). */
export function luminance(colour: string): number | undefined {
  const rgb = parseColor(colour)?.rgb();
  if (!rgb) return undefined;
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
}

/** WCAG 2 contrast ratio of two CSS colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a) ?? 0;
  const lb = luminance(b) ?? 0;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
function textOn(background: string): string {
  const l = luminance(background);
  if (l === undefined) return 'currentColor';
  return l > 0.18 ? '#111' : '#fff';
}

/**
 * How the chips are coloured on `background`. On a light page, the scheme as
 * it is. On a dark page the most-attended token must be the brightest chip,
 * or it sinks into the page: schemes that darken as values rise (Blues,
 * Greys, YlGnBu) are run the other way (the legend's bar is mirrored to
 * match and says so), and every chip gets a thin outline, so a token with
 * almost no attention is still a chip and not a hole in the page.
 */
export function chipColours(colormap: string, background: string | undefined): { reversed: boolean; outlined: boolean } {
  const page = background ? luminance(background) : undefined;
  if (page === undefined || page > 0.2) return { reversed: false, outlined: false };
  const interpolate = interpolatorOf(colormap);
  const low = luminance(interpolate(0)) ?? 0;
  const high = luminance(interpolate(1)) ?? 0;
  return { reversed: high < low, outlined: true };
}

/**
 * The sentence with each token shaded by the attention it receives from the
 * focused token (or gives to it): the form that sits inside a paragraph of
 * an article. Laid out as SVG text with measured wrapping, so it exports as
 * SVG and PNG like the other views; the value of each token is in its label
 * and tooltip, not only in its colour.
 */
export function textTemplate(state: TextState): TemplateResult {
  const { values, q, k, labels, direction } = state;
  const font = state.font ?? 'sans-serif';
  const px = state.textPx ?? 15;
  const LINE_HEIGHT = Math.round(px * 1.9);
  const width = Math.max(200, state.width ?? 600);
  const design = chipColours(state.colormap, state.background);
  // received: the focused query's row over the key tokens; given: each query's weight to the focused key.
  const count = direction === 'received' ? k : q;
  const tokens = direction === 'received' ? labels.key : labels.query;
  const focus = Math.min(state.focus ?? 0, (direction === 'received' ? q : k) - 1);
  const focusLabel = direction === 'received' ? labels.query[focus] : labels.key[focus];
  const valueOf = (i: number) => (direction === 'received' ? values[focus * k + i] : values[i * k + focus]);
  const scheme = interpolatorOf(state.colormap);
  const interpolate = design.reversed ? (t: number) => scheme(1 - t) : scheme;
  const boxes: { x: number; y: number; w: number; index: number }[] = [];
  let x = PAD;
  let line = 0;
  for (let i = 0; i < count; i++) {
    const text = tokens[i].replace(/\s+/g, ' ');
    const w = measure(text, font, px) + 8;
    if (x + w > width - PAD && x > PAD) {
      x = PAD;
      line++;
    }
    boxes.push({ x, y: PAD + line * LINE_HEIGHT, w, index: i });
    x += w + 3;
  }
  const height = PAD * 2 + (line + 1) * LINE_HEIGHT;
  return html`
    <div class="toolbar-static" part="toolbar">
      <span class="muted">${direction === 'received' ? 'attention from' : 'attention to'}</span>
      <strong>${focusLabel}</strong>
      <button
        type="button"
        tabindex="-1"
        @mousedown=${(event: Event) => event.preventDefault()}
        @click=${() => state.onDirection(direction === 'received' ? 'given' : 'received')}
      >
        ${direction === 'received' ? 'show what it is attended by' : 'show what it attends to'}
      </button>
      <span class="key-hint">(Enter)</span>
    </div>
    <div class="scroll">
      <svg class="text-view" width=${width} height=${height} role="list" data-reversed=${design.reversed ? 'true' : 'false'} aria-label=${`Tokens shaded by attention ${direction === 'received' ? 'from' : 'to'} "${focusLabel}"`}>
        ${boxes.map(({ x: bx, y, w, index }) => {
          const value = valueOf(index);
          const t = state.unit(value);
          const fill = Number.isNaN(t) ? 'transparent' : interpolate(t);
          const isFocus = index === focus && (direction === 'received' ? q === k : true);
          const label = `${tokens[index]}: ${Number.isNaN(value) ? 'no value' : state.format(value)}`;
          return svg`<g part="token" role="listitem" aria-label=${label} @click=${() => state.onFocus(index)}>
            <title>${label}</title>
            <rect x=${bx} y=${y} width=${w} height=${LINE_HEIGHT - 6} rx="3" fill=${fill}
              stroke=${isFocus ? (state.accent ?? 'currentColor') : Number.isNaN(t) ? 'currentColor' : design.outlined ? (state.outline ?? 'currentColor') : 'none'}
              stroke-width=${isFocus ? 2.5 : 1}
              stroke-dasharray=${Number.isNaN(t) ? '2 2' : 'none'}></rect>
            <text x=${bx + 4} y=${y + (LINE_HEIGHT - 6) / 2} dominant-baseline="central" font-size=${px}
              style=${Number.isNaN(t) ? '' : `fill:${textOn(fill)}`}>${tokens[index].replace(/\s+/g, ' ')}</text>
          </g>`;
        })}
      </svg>
    </div>
  `;
}
