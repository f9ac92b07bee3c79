import { colormap as checkColormap, colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL } from './colormap.js';
import { finiteExtent, symmetricDomain, unitScale, type ScaleType, type UnitScale } from './value-scale.js';

/**
 * Everything that turns a value into a colour, built once per draw and read
 * by both the painter and the legend, so that a legend cannot drift from the
 * pixels it explains (before this object, four elements each had their own
 * "default colormap" and "symmetric if signed" helpers).
 *
 * @example
 * ```ts
 * const scale = colourScale({ extent: [-0.2, 0.9], colormap: undefined, type: 'linear' });
 * scale.domain;   // [-0.9, 0.9]: signed data is centred on zero
 * scale.colormap; // 'PuOr': the diverging default for signed data
 * scale.lut;      // 256 RGBA entries for painters
 * ```
 */
export interface ColourScale {
  /** The values at the two ends of the colour bar. */
  readonly domain: readonly [number, number];
  /** True when the data has negative values: zero sits at a diverging scheme's midpoint. */
  readonly signed: boolean;
  /** The scheme's name, checked (an unknown name throws when the scale is built). */
  readonly colormap: string;
  /** How values map to [0, 1] along the bar. */
  readonly type: ScaleType;
  /** Values to [0, 1] (NaN for "no value"), for indexing `lut`. */
  readonly unit: UnitScale;
  /** The scheme sampled into 256 RGBA entries. */
  readonly lut: Uint8ClampedArray;
}

/** How to build a {@link ColourScale}. */
export interface ColourScaleOptions {
  /** The data's finite range (see {@link finiteExtent}); undefined when there is no finite value. */
  extent: readonly [number, number] | undefined;
  /** A fixed domain from the `domain` attribute; the data still decides `signed`. */
  fixed?: readonly [number, number];
  /** The `colormap` attribute; undefined picks the default for signed or unsigned data. */
  colormap?: string;
  /** The `scale` attribute. */
  type?: ScaleType;
  /**
   * Force signed (diverging, symmetric) or unsigned. Attributions are
   * signed by method, not by whether this one map happens to have a negative
   * value.
   */
  signed?: boolean;
}

/** LUTs by scheme name: 256 colour parses are cheap, but a draw per hover frame adds up. */
const luts = new Map<string, Uint8ClampedArray>();

function lutOf(name: string): Uint8ClampedArray {
  let lut = luts.get(name);
  if (!lut) {
    lut = colormapLut(name);
    if (luts.size >= 32) luts.delete(luts.keys().next().value!);
    luts.set(name, lut);
  }
  return lut;
}

/**
 * Builds the one colour scale a view paints and its legend shows.
 *
 * @throws Error listing the valid names when `colormap` is not a scheme.
 */
export function colourScale(options: ColourScaleOptions): ColourScale {
  const signed = options.signed ?? (options.extent !== undefined && options.extent[0] < 0);
  const colormap = options.colormap ?? (signed ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL);
  checkColormap(colormap);
  const domain: [number, number] = options.fixed ? [options.fixed[0], options.fixed[1]] : symmetricDomain(options.extent, signed);
  const type = options.type ?? 'linear';
  return { domain, signed, colormap, type, unit: unitScale(type, domain), lut: lutOf(colormap) };
}

/**
 * {@link colourScale} over `values`: the extent is their finite range.
 *
 * @example
 * ```ts
 * colourScaleOf(new Float32Array([0, 0.5, 1])).domain; // [0, 1]
 * ```
 */
export function colourScaleOf(values: ArrayLike<number>, options: Omit<ColourScaleOptions, 'extent'> = {}): ColourScale {
  return colourScale({ ...options, extent: finiteExtent(values) });
}
