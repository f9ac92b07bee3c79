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
   * alpha = opacity x min(1, |v| / c), so that where the model looked the
   * colour is strong and elsewhere the image shows through (overlay). A
   * diverging scheme's pale centre at full alpha would otherwise wash the
   * whole picture out.
   */
  alpha: 'opaque' | number;
  /** RGBA for NaN. */
  missing: readonly [number, number, number, number];
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
    const t = unitOf(v, c, signed);
    const k = ((t * last + 0.5) | 0) * 4;
    out[o] = lut[k];
    out[o + 1] = lut[k + 1];
    out[o + 2] = lut[k + 2];
    out[o + 3] = opaque ? 255 : Math.round(255 * opacity * strength);
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
