import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { color as parseColor } from 'd3-color';
import type { ColourScale } from '../../scales/colour-scale.js';
import { unitOf } from './paint.js';

/** What the text view shows. */
export interface TokenView {
  tokens: readonly string[];
  values: Float32Array;
  clip: number;
  signed: boolean;
  /** The one colour scale (its LUT colours the tokens, its bar is the legend). */
  scale: ColourScale;
  /** Fraction of the clip value under which a token is left unshaded. */
  threshold: number;
  /** The token under the keyboard (or linked) cursor. */
  focus?: number;
  /** The pinned token. */
  pinned?: number;
  format(value: number): string;
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function textOn(background: string): string {
  const rgb = parseColor(background)?.rgb();
  if (!rgb) return 'inherit';
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
  return luminance > 0.4 ? '#111' : '#fff';
}

/** The CSS colour at position `t` in [0, 1] of `scale`'s LUT, as the image painter indexes it. */
export function lutColour(scale: ColourScale, t: number): string {
  const k = ((t * (scale.lut.length / 4 - 1) + 0.5) | 0) * 4;
  return `rgb(${scale.lut[k]}, ${scale.lut[k + 1]}, ${scale.lut[k + 2]})`;
}

/**
 * The tokens as running text, each shaded by its attribution: HTML inline
 * boxes, so a long text wraps like a paragraph and stays selectable and
 * readable at any width. Tokens are bound as text (never parsed as markup),
 * and each carries its value in its accessible name, not only in its
 * colour. `data-export-text` puts it, as shown, in `exportImage()`'s PNG.
 */
export function tokensTemplate(view: TokenView): TemplateResult {
  const { tokens, values, clip, signed, scale, threshold } = view;
  return html`<p class="tokens" part="text" data-export-text role="list" aria-label="Tokens shaded by attribution">
    ${tokens.map((token, index) => {
      const value = values[index];
      const strength = Math.min(1, Math.abs(value) / (clip > 0 ? clip : 1));
      const shaded = value === value && strength >= threshold && !(threshold > 0 && strength === 0);
      const fill = shaded ? lutColour(scale, unitOf(value, clip, signed)) : 'transparent';
      const label = `${token}: ${value === value ? view.format(value) : 'no value'}`;
      const classes = ['token', index === view.focus ? 'focused' : '', index === view.pinned ? 'pinned' : ''].filter(Boolean).join(' ');
      return html`<span part="token" role="listitem" data-token=${index} class=${classes} aria-label=${label} style=${styleMap({ background: fill, color: shaded ? textOn(fill) : 'inherit' })}
          >${token}</span
        >${' '}`;
    })}
  </p>`;
}
