/** How values map to colour: linear, square root (lifts small weights), or log. */
export type ScaleType = 'linear' | 'sqrt' | 'log';

/**
 * The smallest and largest finite values, ignoring NaN and ±Infinity (shown
 * as "no value"); undefined when there is no finite value.
 *
 * @example
 * ```ts
 * finiteExtent(new Float32Array([NaN, 2, -1, Infinity])); // [-1, 2]
 * ```
 */
export function finiteExtent(values: ArrayLike<number>): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min && v > -Infinity) min = v;
    if (v > max && v < Infinity) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * A map from values to [0, 1] (NaN for "no value"). A linear one says so in
 * `linear`, so that a painter over millions of cells can inline the map
 * instead of calling it per cell (see `paintCells`).
 */
export interface UnitScale {
  (value: number): number;
  /** Set on linear maps: `value => clamp((value - lo) * scale)` for finite values. */
  linear?: { lo: number; scale: number };
}

/**
 * A function from data values to [0, 1], clamped, for indexing a colormap.
 * Non-finite values map to NaN, which painters draw as "no value".
 *
 * A log scale cannot show zero or negative values: its domain starts at the
 * smallest positive value given, values at or below zero map to 0 (the low end
 * of the scheme), which matches how attention weights that are exactly 0 are
 * usually read.
 *
 * Written out rather than built on d3-scale: painters call it once per cell,
 * and a plain closure over precomputed constants runs about 10x faster per
 * call than a clamped d3 scale (measured in bench/scenarios/attention.bench.ts);
 * the maps are d3's: linear, sign-preserving square root, natural log.
 *
 * @example
 * ```ts
 * const unit = unitScale('sqrt', [0, 1]);
 * unit(0.25); // 0.5
 * ```
 */
export function unitScale(type: ScaleType, domain: readonly [number, number]): UnitScale {
  const hi = domain[1];
  let lo = domain[0];
  if (type === 'log') {
    if (hi <= 0) return (value) => (Number.isFinite(value) ? 0 : NaN);
    lo = lo > 0 ? lo : hi / 1e6;
  }
  if (lo === hi) {
    // A constant matrix: show it mid-scheme rather than dividing by zero.
    return (value) => (Number.isFinite(value) ? 0.5 : NaN);
  }
  const clamp = (t: number) => (t < 0 ? 0 : t > 1 ? 1 : t);
  if (type === 'linear') {
    const scale = 1 / (hi - lo);
    const linear: UnitScale = (value) => (value - value === 0 ? clamp((value - lo) * scale) : NaN);
    linear.linear = { lo, scale };
    return linear;
  }
  if (type === 'sqrt') {
    const root = (x: number) => (x < 0 ? -Math.sqrt(-x) : Math.sqrt(x));
    const base = root(lo);
    const scale = 1 / (root(hi) - base);
    return (value) => (value - value === 0 ? clamp((root(value) - base) * scale) : NaN);
  }
  const base = Math.log(lo);
  const scale = 1 / (Math.log(hi) - base);
  return (value) => (value - value !== 0 ? NaN : value <= 0 ? 0 : clamp((Math.log(value) - base) * scale));
}

/** Parses a `domain` attribute: 'auto', '[0, 1]' or '0,1'. Undefined means auto. */
export function parseDomain(text: string | null | undefined): [number, number] | undefined {
  if (text == null || text.trim() === '' || text.trim() === 'auto') return undefined;
  const parts = text
    .replace(/[[\]\s]/g, '')
    .split(',')
    .map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite) || parts[0] >= parts[1]) {
    throw new Error(`domain must be "auto" or two increasing numbers like "[0, 1]", got "${text}".`);
  }
  return [parts[0], parts[1]];
}

/**
 * The colour domain for `values`: `fixed` when given, else the finite range,
 * starting at 0 for non-negative data (weights read from zero) and made
 * symmetric around 0 for signed data, so that zero sits at a diverging
 * scheme's neutral midpoint. `signed` says which kind of scheme fits.
 *
 * @example
 * ```ts
 * colorDomain(new Float32Array([-1, 3])); // { domain: [-3, 3], signed: true }
 * ```
 */
export function colorDomain(values: ArrayLike<number>, fixed?: [number, number]): { domain: [number, number]; signed: boolean } {
  const extent = finiteExtent(values);
  const signed = extent !== undefined && extent[0] < 0;
  return { domain: fixed ?? symmetricDomain(extent, signed), signed };
}

/**
 * The domain of data with this extent: `[0, max]` for non-negative data
 * (weights read from zero) and symmetric around zero for signed data, so that
 * zero sits at a diverging scheme's neutral midpoint.
 *
 * @example
 * ```ts
 * symmetricDomain([-1, 3], true);  // [-3, 3]
 * symmetricDomain([0.2, 3], false); // [0, 3]
 * ```
 */
export function symmetricDomain(extent: readonly [number, number] | undefined, signed: boolean): [number, number] {
  const [lo, hi] = extent ?? [0, 1];
  if (signed) {
    const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    return magnitude > 0 ? [-magnitude, magnitude] : [-1, 1];
  }
  return [0, hi > 0 ? hi : 1];
}
