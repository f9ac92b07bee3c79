import { svg, type SVGTemplateResult } from 'lit';
import { scaleLinear, scaleLog, scaleSqrt } from 'd3-scale';
import { format } from 'd3-format';
import { colormap } from '../scales/colormap.js';
import { unitScale, type ScaleType } from '../scales/value-scale.js';

/** What a colour legend shows. */
export interface LegendOptions {
  colormap: string;
  domain: readonly [number, number];
  scale: ScaleType;
  /** Width of the whole legend in CSS pixels. */
  width: number;
  /** Words under the bar, e.g. "attention weight (max of 4x4 cells)". */
  label?: string;
  /** Swatch for "no value" cells, shown when the data has any. */
  missingColor?: string;
  /** Size of the tick values and words, in CSS pixels: the element's label size (`typography().label`); default 11. */
  fontSize?: number;
  /**
   * The bar spans the legend's whole width (no 6 px inset each side), so a
   * plot can give it its own width and left edge; the end ticks' values are
   * set inward so nothing reaches past the bar's ends.
   */
  flush?: boolean;
}

/**
 * A colour legend as an SVG template: the scheme as a bar, ticks at round
 * values placed by the same scale the cells use, an optional caption, and a
 * "no value" swatch. Text goes through Lit bindings, so labels from data stay
 * text.
 *
 * @example
 * ```ts
 * html`${legendTemplate({ colormap: 'viridis', domain: [0, 1], scale: 'linear', width: 240 })}`
 * ```
 */
export function legendTemplate(options: LegendOptions): SVGTemplateResult {
  const { domain, width, label, missingColor } = options;
  const interpolator = colormap(options.colormap);
  const unit = unitScale(options.scale, domain);
  const fontSize = options.fontSize ?? 11;
  const swatch = missingColor ? missingSwatchWidth(fontSize) : 0;
  const pad = options.flush ? 0 : 6;
  const barWidth = Math.max(40, width - swatch - 2 * pad);
  const ticks = tickValues(options.scale, domain, barWidth);
  const tickFormat = format(tickSpecifier(domain));
  // Ids are scoped to the element's shadow root, one legend per root: a
  // stable id keeps the SVG unchanged across re-renders (a fresh id made
  // every hover repaint the legend).
  const id = `nn-legend-${options.colormap.replace(/[^A-Za-z0-9-]/g, '')}`;
  const stops = Array.from({ length: 17 }, (_, i) => i / 16);
  const tickY = 16 + Math.round(fontSize);
  const labelY = tickY + Math.round(fontSize * 1.4);
  const height = (label ? labelY : tickY) + 4;
  // Words longer than the bar widen the SVG (an estimate of their width), rather than being cut at its edge.
  const svgWidth = label ? Math.max(width, pad + Math.ceil(label.length * fontSize * 0.56)) : width;
  return svg`<svg class="legend" part="legend" role="img" width=${svgWidth} height=${height}
      aria-label=${`Colour legend: ${options.colormap}, ${options.scale} scale from ${tickFormat(domain[0])} to ${tickFormat(domain[1])}${label ? `, ${label}` : ''}`}>
    <defs><linearGradient id=${id}>${stops.map((t) => svg`<stop offset=${t} stop-color=${interpolator(t)}></stop>`)}</linearGradient></defs>
    <rect x=${pad} y="2" width=${barWidth} height="10" fill=${`url(#${id})`}></rect>
    ${ticks.map((value) => {
      const x = pad + unit(value) * barWidth;
      // A value at either end of the bar is set inward, so it stays under the bar.
      const text = tickFormat(value);
      const half = (text.length * fontSize * 0.6) / 2;
      const anchor = x - half < 0 ? 'start' : x + half > pad * 2 + barWidth ? 'end' : 'middle';
      return svg`<line x1=${x} x2=${x} y1="12" y2="16" stroke="currentColor"></line>
        <text x=${x} y=${tickY} text-anchor=${anchor} fill="currentColor" font-size=${fontSize}>${text}</text>`;
    })}
    ${
      missingColor
        ? svg`<rect x=${barWidth + 18} y="2" width="10" height="10" fill=${missingColor} stroke="currentColor" stroke-width="0.5"></rect>
        <text x=${barWidth + 32} y="11" fill="currentColor" font-size=${fontSize}>no value</text>`
        : ''
    }
    ${label ? svg`<text x=${pad} y=${labelY} fill="currentColor" font-size=${fontSize}>${label}</text>` : ''}
  </svg>`;
}

/** Width the "no value" swatch and its words take beside the bar, at `fontSize` px. */
export function missingSwatchWidth(fontSize = 11): number {
  return Math.max(64, Math.round(fontSize * 5.5) + 10);
}

function tickValues(type: ScaleType, domain: readonly [number, number], barWidth: number): number[] {
  const count = Math.max(2, Math.floor(barWidth / 60));
  const [lo, hi] = domain;
  if (lo === hi) return [lo];
  if (type === 'log') {
    const start = lo > 0 ? lo : hi / 1e6;
    return hi > 0
      ? scaleLog()
          .domain([start, hi])
          .ticks(count)
          .filter((_, i, all) => all.length <= 6 || i % Math.ceil(all.length / 6) === 0)
      : [];
  }
  return (type === 'sqrt' ? scaleSqrt() : scaleLinear()).domain([lo, hi]).ticks(count);
}

function tickSpecifier(domain: readonly [number, number]): string {
  const span = Math.abs(domain[1] - domain[0]);
  return span !== 0 && (span < 1e-3 || span >= 1e6) ? '.2~e' : '.3~g';
}
