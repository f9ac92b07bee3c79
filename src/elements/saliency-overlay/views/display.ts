import { format } from 'd3-format';
import { absPercentile } from '../../../compute/saliency/percentile.js';
import { topPercentMask } from '../../../compute/saliency/top-percent.js';
import { colourScale, type ColourScale } from '../../../scales/colour-scale.js';
import { numberIn } from '../../base/validate.js';
import type { SaliencyData, SaliencyPixelDetail, SaliencyTarget, SaliencyTokenDetail } from './host.js';

/**
 * Display maths shared by the image and text views: where colours
 * saturate, which pixels a mask keeps, the colour scale, and how values
 * read. Pure functions of their arguments, so tests import them.
 */

/** Values in tooltips, announcements and labels: four significant digits, d3's minus sign. */
export const formatValue = format('.4~g');
/** Spearman's ρ under a compare panel. */
export const formatRho = format('.3f');

/**
 * The value at which colours saturate: the `percentile` of |map| (PAIR
 * saliency clips at 99.5, so that a few extreme pixels do not make the rest
 * invisible). Linear interpolation between order statistics, as numpy.
 *
 * @example
 * ```ts
 * clipValue(Float32Array.of(0, 0, 4, 100), 99.5); // np.percentile(|map|, 99.5)
 * ```
 */
export function clipValue(map: Float32Array, percentile: number): number {
  return absPercentile(map, numberIn('clip-percentile', percentile, 0, 100));
}

/**
 * The mask of the `percent` % of pixels of largest |value| (mask mode).
 *
 * @example
 * ```ts
 * maskOf(values, 10).reduce((a, b) => a + b, 0); // a tenth of the pixels
 * ```
 */
export function maskOf(map: Float32Array, percent: number): Uint8Array {
  return topPercentMask(map, numberIn('top-percent', percent, 0, 100));
}

/**
 * The colour scale of a map clipped at `clip`: diverging around zero when
 * signed (domain [-clip, clip]), magnitude otherwise ([0, clip]). A map that
 * is 0 everywhere has clip 0; its scale runs to 1, as the painter's.
 */
export function saliencyScale(clip: number, signed: boolean, colormap: string | undefined): ColourScale {
  const c = clip > 0 ? clip : 1;
  return colourScale({ extent: signed ? [-c, c] : [0, c], fixed: signed ? [-c, c] : [0, c], colormap, signed });
}

/** The value of `target` in `data`, or undefined when the data does not hold it (never reads past the maps). */
export function valueAt(data: SaliencyData | undefined, target: SaliencyTarget | undefined): number | undefined {
  if (!data || !target) return undefined;
  if (target.kind === 'token')
    return data.text && target.token >= 0 && target.token < data.tokens.length ? data.panels[0]?.map[target.token] : undefined;
  const picture = data.picture;
  const panel = data.panels[target.panel];
  if (data.text || !picture || !panel) return undefined;
  if (!(target.x >= 0 && target.x < picture.width && target.y >= 0 && target.y < picture.height)) return undefined;
  return panel.map[target.y * picture.width + target.x];
}

/** Whether two targets are the same item. */
export function sameTarget(a: SaliencyTarget | undefined, b: SaliencyTarget | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'token' || b.kind === 'token') return a.kind === b.kind && (a as { token: number }).token === (b as { token: number }).token;
  return a.panel === b.panel && a.x === b.x && a.y === b.y;
}

/** The `nn-hover` / `nn-select` detail of `target`, or undefined when the data does not hold it. */
export function detailOf(data: SaliencyData | undefined, target: SaliencyTarget): SaliencyPixelDetail | SaliencyTokenDetail | undefined {
  const value = valueAt(data, target);
  if (!data || value === undefined) return undefined;
  if (target.kind === 'token') return { kind: 'saliency-token', token: target.token, text: data.tokens[target.token], value };
  return { kind: 'saliency-pixel', x: target.x, y: target.y, value, panel: target.panel, label: data.panels[target.panel].label };
}
