import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { color as parseColor } from 'd3-color';
import type { Interpolator } from '../../scales/colormap.js';
import { unitOf } from './paint.js';

/** What the text view shows. */
export interface TokenView {
  tokens: readonly string[];
  values: Float32Array;
  clip: number;
  signed: boolean;
  interpolate: Interpolator;
  /** Fraction of the clip value under which a token is left unshaded. */
  threshold: number;
  focus?: number;
  format(value: number): string;
  onHover(index: number | undefined): void;
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

/**
 * The tokens as running text, each shaded by its attribution: HTML inline
 * boxes, so a long text wraps like a paragraph and stays selectable and
 * readable at any width. Tokens are bound as text (never parsed as markup),
 * and each carries its value in its accessible name and tooltip, not only in
 * its colour. `data-export-text` puts it, as shown, in `exportImage()`'s PNG.
 */
export function tokensTemplate(view: TokenView): TemplateResult {
  const { tokens, values, clip, signed, interpolate, threshold } = view;
  return html`<p class="tokens" part="text" data-export-text role="list" aria-label="Tokens shaded by attribution" @pointerleave=${() => view.onHover(undefined)}>
    ${tokens.map((token, index) => {
      const value = values[index];
      const strength = Math.min(1, Math.abs(value) / (clip > 0 ? clip : 1));
      const shaded = value === value && strength >= threshold && !(threshold > 0 && strength === 0);
      const fill = shaded ? interpolate(unitOf(value, clip, signed)) : 'transparent';
      const label = `${token}: ${value === value ? view.format(value) : 'no value'}`;
      return html`<span
          part="token"
          role="listitem"
          class=${index === view.focus ? 'token focused' : 'token'}
          title=${label}
          aria-label=${label}
          style=${styleMap({ background: fill, color: shaded ? textOn(fill) : 'inherit' })}
          @pointerenter=${() => view.onHover(index)}
          >${token}</span
        >${' '}`;
    })}
  </p>`;
}
