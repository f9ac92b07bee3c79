import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { guard } from 'lit/directives/guard.js';
import { color as parseColor } from 'd3-color';
import type { ColourScale } from '../../scales/colour-scale.js';
import { inkUnit } from './paint.js';

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
  format(value: number): string;
  /** The page background the chips are seen on (their text colour is chosen against chip over background). */
  background: string;
  /** Where a signed chip's colours start and end on each half of the scheme ({@link inkUnit}); see {@link inkRange}. */
  ink: { start?: number; end?: number };
}

/** Relative luminance (WCAG) of a CSS colour, or undefined when it does not parse. */
function luminanceOf(colour: string): number | undefined {
  const rgb = parseColor(colour)?.rgb();
  if (!rgb) return undefined;
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
}

/**
 * The part of a signed scheme chips are coloured from, chosen for the page
 * background: on a light page the whole outer half (PuOr's deep purple and
 * brown read on white); on a dark page the middle of each half (0.2 and 0.8
 * of PuOr, a light purple and an orange), because the deepest ends are as
 * dark as the page and the most-attended word would vanish into it.
 */
export function inkRange(background: string, signed: boolean): { start?: number; end?: number } {
  if (!signed) return {};
  return (luminanceOf(background) ?? 1) < 0.2 ? { start: 0.3, end: 0.6 } : {};
}

/** `colour` at `alpha` over `background`, as an opaque CSS colour (what the reader sees). */
export function over(colour: readonly [number, number, number], alpha: number, background: string): string {
  const bg = parseColor(background)?.rgb() ?? { r: 255, g: 255, b: 255 };
  const mix = (c: number, b: number) => Math.round(alpha * c + (1 - alpha) * b);
  return `rgb(${mix(colour[0], bg.r)}, ${mix(colour[1], bg.g)}, ${mix(colour[2], bg.b)})`;
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

/** The colour at position `t` in [0, 1] of `scale`'s LUT, as the image painter indexes it. */
export function lutRgb(scale: ColourScale, t: number): [number, number, number] {
  const k = ((t * (scale.lut.length / 4 - 1) + 0.5) | 0) * 4;
  return [scale.lut[k], scale.lut[k + 1], scale.lut[k + 2]];
}

/** The CSS colour at position `t` in [0, 1] of `scale`'s LUT. */
export function lutColour(scale: ColourScale, t: number): string {
  const [r, g, b] = lutRgb(scale, t);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The tokens as running text, each shaded by its attribution: HTML inline
 * boxes, so a long text wraps like a paragraph and stays selectable and
 * readable at any width. A chip is its colour at |value| / clip over the
 * page background, so a word of no attribution is plain text on a light
 * or a dark page alike (a diverging scheme's white centre made every
 * neutral word a glaring white chip on a dark page). Tokens are bound as text (never parsed as markup),
 * and each carries its value in its accessible name, not only in its
 * colour. `data-export-text` puts it, as shown, in `exportImage()`'s PNG.
 */
export function tokensTemplate(view: TokenView): TemplateResult {
  const chips = chipsOf(view);
  // The spans render again only when their chips do: a cursor moving over 512 tokens (a linked hover) re-renders
  // none of them; `markTokens` moves the focus and pin classes.
  return html`<p class="tokens" part="text" data-export-text role="list" aria-label="Tokens shaded by attribution">
    ${guard([chips, view.tokens], () =>
      view.tokens.map(
        (token, index) =>
          html`<span part="token" role="listitem" data-token=${index} class="token" aria-label=${chips[index].label} style=${styleMap(chips[index].style)}
              >${token}</span
            >${' '}`,
      ),
    )}
  </p>`;
}

/**
 * Puts the `focused` and `pinned` classes on the tokens at `focus` and
 * `pinned` (and takes them off the others) in the text rendered in
 * `root`: after every render, so the token spans themselves need not.
 */
export function markTokens(root: ParentNode, focus: number | undefined, pinned: number | undefined): void {
  const spans = root.querySelectorAll<HTMLElement>('[part="token"]');
  for (const [name, index] of [
    ['focused', focus],
    ['pinned', pinned],
  ] as const) {
    root.querySelectorAll(`[part="token"].${name}`).forEach((span) => span !== spans[index ?? -1] && span.classList.remove(name));
    if (index !== undefined) spans[index]?.classList.add(name);
  }
}

interface Chip {
  label: string;
  style: { background: string; color: string };
}

/**
 * Each token's colours and accessible name, kept while the data, colours
 * and threshold stay: a cursor moving over 512 tokens (a linked hover)
 * re-renders only their classes, not 512 colour mixes and parses.
 */
const chipCache = new WeakMap<Float32Array, { key: string; tokens: readonly string[]; scale: ColourScale; chips: Chip[] }>();

function chipsOf(view: TokenView): Chip[] {
  const { tokens, values, clip, signed, scale, threshold } = view;
  // The number format is a function: a sample of what it writes stands for it.
  const key = [clip, signed, threshold, view.background, view.ink.start, view.ink.end, view.format(0.123456)].join('|');
  const cached = chipCache.get(values);
  if (cached && cached.key === key && cached.tokens === tokens && cached.scale === scale) return cached.chips;
  const chips = tokens.map((token, index) => {
    const value = values[index];
    const strength = Math.min(1, Math.abs(value) / (clip > 0 ? clip : 1));
    const shaded = value === value && strength >= threshold && !(threshold > 0 && strength === 0);
    // Zero is the page: a chip's colour is its sign's, its strength the colour's share over the page (as the overlay's alpha).
    const fill = shaded ? over(lutRgb(scale, inkUnit(value, clip, signed, view.ink.start, view.ink.end)), strength, view.background) : 'transparent';
    return {
      label: `${token}: ${value === value ? view.format(value) : 'no value'}`,
      style: { background: fill, color: shaded ? textOn(fill) : 'inherit' },
    };
  });
  chipCache.set(values, { key, tokens, scale, chips });
  return chips;
}
