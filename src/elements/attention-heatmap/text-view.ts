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
}

const FONT_PX = 15;
const LINE_HEIGHT = 28;
const PAD = 4;

let measureContext: CanvasRenderingContext2D | null | undefined;
function measure(text: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * FONT_PX * 0.6;
  measureContext.font = `${FONT_PX}px ${font}`;
  return measureContext.measureText(text).width;
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
function textOn(background: string): string {
  const rgb = parseColor(background)?.rgb();
  if (!rgb) return 'currentColor';
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
  return luminance > 0.4 ? '#111' : '#fff';
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
  const font = state.font ?? 'system-ui, sans-serif';
  const width = Math.max(200, state.width ?? 600);
  // received: the focused query's row over the key tokens; given: each query's weight to the focused key.
  const count = direction === 'received' ? k : q;
  const tokens = direction === 'received' ? labels.key : labels.query;
  const focus = Math.min(state.focus ?? 0, (direction === 'received' ? q : k) - 1);
  const focusLabel = direction === 'received' ? labels.query[focus] : labels.key[focus];
  const valueOf = (i: number) => (direction === 'received' ? values[focus * k + i] : values[i * k + focus]);
  const interpolate = interpolatorOf(state.colormap);
  const boxes: { x: number; y: number; w: number; index: number }[] = [];
  let x = PAD;
  let line = 0;
  for (let i = 0; i < count; i++) {
    const text = tokens[i].replace(/\s+/g, ' ');
    const w = measure(text, font) + 8;
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
      <button type="button" @click=${() => state.onDirection(direction === 'received' ? 'given' : 'received')}>
        ${direction === 'received' ? 'show what it is attended by' : 'show what it attends to'}
      </button>
    </div>
    <div class="scroll">
      <svg class="text-view" width=${width} height=${height} role="list" aria-label=${`Tokens shaded by attention ${direction === 'received' ? 'from' : 'to'} "${focusLabel}"`}>
        ${boxes.map(({ x: bx, y, w, index }) => {
          const value = valueOf(index);
          const t = state.unit(value);
          const fill = Number.isNaN(t) ? 'transparent' : interpolate(t);
          const isFocus = index === focus && (direction === 'received' ? q === k : true);
          const label = `${tokens[index]}: ${Number.isNaN(value) ? 'no value' : state.format(value)}`;
          return svg`<g part="token" role="listitem" aria-label=${label} @click=${() => state.onFocus(index)}>
            <title>${label}</title>
            <rect x=${bx} y=${y} width=${w} height=${LINE_HEIGHT - 6} rx="3" fill=${fill}
              stroke=${isFocus ? 'currentColor' : 'none'} stroke-width="2"
              stroke-dasharray=${Number.isNaN(t) ? '2 2' : 'none'}></rect>
            <text x=${bx + 4} y=${y + (LINE_HEIGHT - 6) / 2} dominant-baseline="central" font-size=${FONT_PX}
              style=${Number.isNaN(t) ? '' : `fill:${textOn(fill)}`}>${tokens[index].replace(/\s+/g, ' ')}</text>
          </g>`;
        })}
      </svg>
    </div>
  `;
}
