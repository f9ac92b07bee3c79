/**
 * Pixel painting for the saliency overlay: typed-array passes with a colour
 * table, no per-pixel objects or colour strings. Pure functions of their
 * inputs (no DOM), so each rule below is tested on its own.
 */

/** How values become colour and alpha. */
export interface HeatStyle {
  /** The clip value c: |v| >= c gets the end colours. */
  clip: number;
  /** Diverging around 0 (t = 1/2 + v / 2c) or magnitude (t = v / c). */
  signed: boolean;
  /** RGBA table from `colormapLut`. */
  lut: Uint8ClampedArray;
  /** Fraction of c under which a pixel is left unpainted (transparent), 0 to 1. */
  threshold: number;
  /**
   * `opaque` paints every pixel at full alpha (heatmap); a number paints
   * alpha = opacity x {@link inkAlpha}(min(1, |v| / c)), so that where the model looked the
   * colour is strong and elsewhere the image shows through (overlay). A
   * diverging scheme's pale centre at full alpha would otherwise wash the
   * whole picture out.
   */
  alpha: 'opaque' | number;
  /** RGBA for NaN. */
  missing: readonly [number, number, number, number];
}

/**
 * Where a signed overlay's colours start: the inner 60% of each half of a
 * diverging scheme (PuOr from white to a light orange or lilac) is never
 * painted over a picture, so that a value is a saturated colour of its sign
 * at every strength (at 0.6 of the half, PuOr's orange #e08214 and purple
 * #8073ac) and alpha, growing from 0 with |value|, carries strength. With
 * the whole scheme, Integrated Gradients on the white stroke of an MNIST
 * digit (most values under a fifth of the clip value) was pale tan on white.
 */
export const INK_START = 0.6;

/**
 * The colour position t in [0, 1] of value v where the zero is transparent
 * (overlays, shaded tokens): signed, from `start` of the half-scale at v = 0
 * to `end` at the clip value, on the side of v's sign; magnitude, |v| / c.
 * `end` below 1 keeps the darkest ends of a scheme off a dark page.
 *
 * @example
 * ```ts
 * inkUnit(0.1, 1, true);  // 0.5 + 0.5 x (0.6 + 0.4 x 0.1) = 0.82
 * inkUnit(-1, 1, true);   // 0
 * ```
 */
export function inkUnit(v: number, clip: number, signed: boolean, start = INK_START, end = 1): number {
  const c = clip > 0 ? clip : 1;
  const r = Math.max(-1, Math.min(1, v / c));
  if (!signed) return Math.max(0, r) * end;
  const reach = start + (end - start) * Math.abs(r);
  return r < 0 ? 0.5 - 0.5 * reach : 0.5 + 0.5 * reach;
}

/**
 * The share of an overlay's colour at strength s = |v| / clip: sqrt(s),
 * 0 at 0 and 1 at the clip value. Linear alpha left most of an Integrated
 * Gradients map (values a fifth of the clip value) at a 15% tint that read
 * as white on the white stroke of a digit; the square root draws those at
 * 45% and keeps the order of strengths. The legend is drawn with the same
 * function.
 */
export function inkAlpha(strength: number): number {
  return Math.sqrt(Math.max(0, Math.min(1, strength)));
}

/** The colour position t in [0, 1] of value v. */
export function unitOf(v: number, clip: number, signed: boolean): number {
  const c = clip > 0 ? clip : 1;
  const r = Math.max(-1, Math.min(1, v / c));
  return signed ? 0.5 + 0.5 * r : Math.max(0, r);
}

/** RGBA bytes of `values` (one per pixel), painted by `style`. */
export function paintHeat(
  values: ArrayLike<number>,
  style: HeatStyle,
  out = new Uint8ClampedArray(values.length * 4),
): Uint8ClampedArray<ArrayBuffer> {
  const { clip, signed, lut, threshold, alpha, missing } = style;
  const c = clip > 0 ? clip : 1;
  const last = lut.length / 4 - 1;
  const opaque = alpha === 'opaque';
  const opacity = opaque ? 1 : alpha;
  for (let i = 0, o = 0; i < values.length; i++, o += 4) {
    const v = values[i];
    if (v !== v) {
      out[o] = missing[0];
      out[o + 1] = missing[1];
      out[o + 2] = missing[2];
      out[o + 3] = missing[3];
      continue;
    }
    const strength = Math.min(1, Math.abs(v) / c);
    if (strength < threshold || (!signed && v < 0 && threshold > 0)) {
      out[o + 3] = 0;
      continue;
    }
    // Over a picture the zero is transparent and the colour is the sign's ink; a heatmap paints the whole scale.
    const t = opaque ? unitOf(v, c, signed) : inkUnit(v, c, signed);
    const k = ((t * last + 0.5) | 0) * 4;
    out[o] = lut[k];
    out[o + 1] = lut[k + 1];
    out[o + 2] = lut[k + 2];
    out[o + 3] = opaque ? 255 : Math.round(255 * opacity * inkAlpha(strength));
  }
  return out as Uint8ClampedArray<ArrayBuffer>;
}

/**
 * The image with the pixels outside `mask` darkened to `1 - dim` of their
 * brightness (0.75: the kept pixels stand out as in a spotlight, the rest
 * stays faintly visible for context). Darkening rather than fading to the
 * page background keeps white strokes on black (MNIST) and photographs
 * alike readable in both themes.
 */
export function paintMask(image: Uint8ClampedArray, mask: Uint8Array, dim = 0.75): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(image.length);
  const keep = 1 - dim;
  for (let i = 0, o = 0; i < mask.length; i++, o += 4) {
    const scale = mask[i] ? 1 : keep;
    out[o] = image[o] * scale;
    out[o + 1] = image[o + 1] * scale;
    out[o + 2] = image[o + 2] * scale;
    out[o + 3] = 255;
  }
  return out;
}

/**
 * The picture under an overlay, desaturated and dimmed: grey (Rec. 709
 * luma) squeezed into [64, 191], so that the map's colours are the only
 * colours and its strong ends stand out from both the darkest and the
 * lightest parts of a photograph (over a colourful photo a colour overlay
 * is mud: hue of the picture and hue of the map cannot be told apart).
 *
 * @example
 * ```ts
 * greyBackdrop(Uint8ClampedArray.of(255, 0, 0, 255)); // [91, 91, 91, 255]: 64 + 0.5 x 0.2126 x 255
 * ```
 */
export function greyBackdrop(image: Uint8ClampedArray): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(image.length);
  for (let o = 0; o < image.length; o += 4) {
    const grey = 64 + 0.5 * (0.2126 * image[o] + 0.7152 * image[o + 1] + 0.0722 * image[o + 2]);
    out[o] = grey;
    out[o + 1] = grey;
    out[o + 2] = grey;
    out[o + 3] = image[o + 3];
  }
  return out;
}

/**
 * Whether a picture has colour: some pixel's channels differ by more than
 * 24 of 255 (JPEG noise on a grey scan stays under that). A grey picture
 * (an MNIST digit) is shown as it is under the overlay; a colour one is
 * desaturated by default.
 */
export function isColourful(image: Uint8ClampedArray): boolean {
  for (let o = 0; o < image.length; o += 4) {
    const r = image[o];
    const g = image[o + 1];
    const b = image[o + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 24) return true;
  }
  return false;
}
