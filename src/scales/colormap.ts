import * as chromatic from 'd3-scale-chromatic';
import { color as parseColor } from 'd3-color';

/** A function from [0, 1] to a CSS colour, as d3-scale-chromatic's `interpolate*` are. */
export type Interpolator = (t: number) => string;

/** Every d3-scale-chromatic scheme by its short name ('viridis', 'RdBu', ...). */
const INTERPOLATORS: ReadonlyMap<string, Interpolator> = new Map(
  Object.entries(chromatic)
    .filter(([key, value]) => key.startsWith('interpolate') && typeof value === 'function')
    .map(([key, value]) => [key.slice('interpolate'.length), value as Interpolator]),
);

/** Schemes centred on a neutral midpoint, meant for signed values. */
export const DIVERGING_COLORMAPS: ReadonlySet<string> = new Set(['BrBG', 'PRGn', 'PiYG', 'PuOr', 'RdBu', 'RdGy', 'RdYlBu', 'RdYlGn', 'Spectral']);

/**
 * Default scheme for magnitudes. Viridis is perceptually uniform, legible in
 * greyscale and distinguishable under the common colour-vision deficiencies
 * (van der Walt & Smith, 2015).
 */
export const DEFAULT_SEQUENTIAL = 'viridis';

/** Default scheme for signed values; ColorBrewer marks PuOr colour-blind safe. */
export const DEFAULT_DIVERGING = 'PuOr';

/** The scheme names `colormap` accepts, in d3-scale-chromatic's spelling. */
export function colormapNames(): string[] {
  return [...INTERPOLATORS.keys()].map(displayName);
}

/** 'Viridis' → 'viridis' for the single-hue-family names d3 writes in lower case. */
function displayName(key: string): string {
  return /^[A-Z][a-z]+$/.test(key) && !['Blues', 'Greens', 'Greys', 'Oranges', 'Purples', 'Reds'].includes(key) ? key.toLowerCase() : key;
}

/**
 * Looks up a d3-scale-chromatic scheme by name: 'viridis', 'Viridis',
 * 'interpolateViridis' and 'RdBu' all work; case is ignored.
 *
 * @example
 * ```ts
 * colormap('magma')(0.5); // 'rgb(183, 55, 121)'
 * ```
 * @throws Error listing the valid names when `name` is not one of them.
 */
export function colormap(name: string): Interpolator {
  if (typeof name !== 'string') {
    throw new Error(
      `colormap must be a scheme name like "viridis"; got ${Array.isArray(name) ? 'an array' : typeof name}. Valid names: ${colormapNames().join(', ')}.`,
    );
  }
  const wanted = name
    .trim()
    .replace(/^interpolate/i, '')
    .toLowerCase();
  for (const [key, interpolator] of INTERPOLATORS) {
    if (key.toLowerCase() === wanted) return interpolator;
  }
  throw new Error(`Unknown colormap "${name}". Valid names: ${colormapNames().join(', ')}.`);
}

/** Whether a scheme is diverging (for signed data). */
export function isDiverging(name: string): boolean {
  if (typeof name !== 'string') return false;
  const wanted = name
    .trim()
    .replace(/^interpolate/i, '')
    .toLowerCase();
  return [...DIVERGING_COLORMAPS].some((key) => key.toLowerCase() === wanted);
}

/**
 * Samples a scheme into an RGBA lookup table of `size` entries, so that
 * colouring a million cells is a table lookup per cell rather than a colour
 * string parse per cell.
 *
 * @example
 * ```ts
 * const lut = colormapLut('viridis'); // Uint8ClampedArray(1024): 256 RGBA entries
 * ```
 */
export function colormapLut(name: string, size = 256): Uint8ClampedArray {
  const interpolator = colormap(name);
  const lut = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i++) {
    const rgb = parseColor(interpolator(size === 1 ? 0.5 : i / (size - 1)))?.rgb();
    lut[i * 4] = rgb?.r ?? 0;
    lut[i * 4 + 1] = rgb?.g ?? 0;
    lut[i * 4 + 2] = rgb?.b ?? 0;
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/** Parses any CSS colour d3 understands into RGBA bytes; `fallback` when it can't. */
export function rgba(css: string, fallback: [number, number, number, number] = [0, 0, 0, 0]): [number, number, number, number] {
  const parsed = parseColor(css.trim());
  if (!parsed) return fallback;
  const { r, g, b, opacity } = parsed.rgb();
  return [r, g, b, Math.round(opacity * 255)];
}
