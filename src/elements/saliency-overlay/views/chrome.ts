import { html, nothing, svg, type TemplateResult } from 'lit';
import { scaleLinear } from 'd3-scale';
import { format } from 'd3-format';
import { legendTemplate } from '../../../render/legend.js';
import { tooltipTemplate } from '../../interaction/tooltip.js';
import type { ElementView } from '../../base/view.js';
import { stringList } from '../../base/validate.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import { inkAlpha, inkUnit } from '../paint.js';
import { formatValue } from './display.js';
import type { SaliencyHost, SaliencyTarget } from './host.js';

/**
 * What both views put around their data: the class statement, the slider,
 * the legends with their notes, and the one tooltip card.
 */

/**
 * The item whose card shows: under the pointer, else under the keyboard
 * cursor, else pinned; with keyboard focus and none of these, `start` (the
 * item the first key lands on), so that focus alone shows a value card.
 */
export function shownTarget(host: SaliencyHost, start?: SaliencyTarget): SaliencyTarget | undefined {
  return host.hovered?.target ?? host.cursor ?? host.pinned ?? (host.keyboardFocus ? start : undefined);
}

/** The tooltip card of `view` for the shown item (nothing when none, or when the data does not hold it). */
export function cardTemplate<T extends SaliencyTarget>(
  host: SaliencyHost,
  view: ElementView<SaliencyHost, T>,
  kind: T['kind'],
  width: number,
  start?: T,
): TemplateResult | typeof nothing {
  const target = shownTarget(host, start);
  if (!target || target.kind !== kind || !view.tooltip) return nothing;
  return tooltipTemplate(view.tooltip(host, target as T), width);
}

/** The class names, validated (a JSON attribute that does not parse shows its message in the element). */
export function classLabels(host: SaliencyHost): readonly string[] | undefined {
  return stringList('labels', host.labels, 'class names');
}

/** A class as the reader knows it: its index, and its name when `labels` has one ("7 (seven)"). */
export function className(host: SaliencyHost, index: number): string {
  const name = classLabels(host)?.[index];
  return name === undefined || name === String(index) ? String(index) : `${index} (${name})`;
}

const formatProbability = format('.2f');

/** A probability as the legend says it: two decimals, and "p > 0.99" / "p < 0.01" where they would read 1.00 or 0.00. */
export function probabilityText(value: number): string {
  if (value >= 0.995) return 'p > 0.99';
  if (value < 0.005) return 'p < 0.01';
  return `p = ${formatProbability(value)}`;
}

/**
 * The sentence that says which class the map explains, with the model's
 * probability for it and, when the model prefers another class, that one:
 * "Explaining class 7 (seven) · p = 0.98", or "Explaining class 3 · p =
 * 0.04; the model's top class is 5 · p = 0.91". Undefined without a target.
 */
export function classStatement(host: SaliencyHost): string | undefined {
  const target = host.target;
  if (target === undefined || target === null || Number.isNaN(target)) return undefined;
  const prediction = host.data?.prediction;
  const p = probabilityText;
  if (!prediction || prediction.target !== target) return `Explaining class ${className(host, target)}`;
  const stated = `Explaining class ${className(host, target)} · ${p(prediction.probability)}`;
  return prediction.top === target
    ? stated
    : `${stated}; the model's top class is ${className(host, prediction.top)} · ${p(prediction.topProbability)}`;
}

/** The class statement as the figure's first line (nothing without a target). */
export function classTemplate(host: SaliencyHost): TemplateResult | typeof nothing {
  const text = classStatement(host);
  return text ? html`<div class="explains" part="explains" data-export-text>${text}</div>` : nothing;
}

/** The threshold slider, or in mask mode the share of pixels kept: reached by `[` and `]` from the element, not by Tab (one tab stop). */
export function controlsTemplate(host: SaliencyHost, mask: boolean): TemplateResult {
  const value = mask ? host.topPercent : Math.round(host.threshold * 100);
  const label = mask ? 'Keep top' : 'Hide below';
  const readout = mask ? `${value}% of pixels` : `${value}% of the clip value`;
  const shown = mask ? readout : `${value}% of clip`;
  return html`<div part="controls">
    <label
      >${label}
      <input
        part="slider"
        type="range"
        min="0"
        max="100"
        step="1"
        tabindex="-1"
        .value=${String(value)}
        aria-label=${mask ? 'Percentage of pixels kept' : 'Threshold, percent of the clip value'}
        aria-valuetext=${readout}
        aria-keyshortcuts="[ ]"
        title="[ and ] from the figure"
        @input=${(event: Event) => host.setSlider(Number((event.target as HTMLInputElement).value), mask)}
    /></label>
    <span class="readout">${shown}</span>
  </div>`;
}

/** Ticks of a bar `width` px long over `domain`, about one per 60 px. */
function ticksOf(domain: readonly [number, number], width: number): number[] {
  return scaleLinear()
    .domain(domain)
    .ticks(Math.max(2, Math.floor(width / 60)));
}

/**
 * The colour bar of a map drawn with a transparent zero (an overlay, shaded
 * tokens): the colours `paintHeat` and the tokens use, at the opacity they
 * are drawn with. Over a picture (`checker`) the bar lies on a light
 * checkerboard, the usual sign of transparency, so that its ends read as
 * they do over the picture whatever the page (PuOr's deep ends vanished
 * into a dark page); for tokens it lies on the page, as the chips do. The
 * bar is outlined, so its extent reads on any background.
 */
export function inkLegendTemplate(
  host: SaliencyHost,
  scale: ColourScale,
  options: { width: number; opacity: number; label?: string; id: string; start?: number; end?: number; checker?: boolean },
): TemplateResult {
  const { width, opacity, label, id } = options;
  const [lo, hi] = scale.domain;
  const clip = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const signed = scale.signed;
  const size = host.typography().label;
  const bar = Math.max(40, width - 12);
  const stops = Array.from({ length: 33 }, (_, i) => i / 32);
  const lut = scale.lut;
  const last = lut.length / 4 - 1;
  const colourAt = (u: number) => {
    const v = lo + u * (hi - lo);
    const k = ((inkUnit(v, clip, signed, options.start, options.end) * last + 0.5) | 0) * 4;
    return { colour: `rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]})`, alpha: opacity * inkAlpha(Math.abs(v) / clip) };
  };
  const x = (v: number) => 6 + ((v - lo) / (hi - lo || 1)) * bar;
  const tickFormat = format(Math.abs(hi - lo) < 1e-3 || Math.abs(hi - lo) >= 1e6 ? '.2~e' : '.3~g');
  const tickY = 14 + size;
  const height = tickY + 4 + (label ? size + 4 : 0);
  return html`<svg
    class="legend"
    part="legend"
    role="img"
    width=${width}
    height=${height}
    aria-label=${`Colour legend: ${scale.colormap}, from ${tickFormat(lo)} to ${tickFormat(hi)}, transparent at 0${label ? `, ${label}` : ''}`}
  >
    <defs>
      <linearGradient id=${id}>
        ${stops.map((u) => {
          const { colour, alpha } = colourAt(u);
          return svg`<stop offset=${u} stop-color=${colour} stop-opacity=${alpha}></stop>`;
        })}
      </linearGradient>
      <pattern id=${`${id}-checker`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill="#ffffff"></rect>
        <rect width="4" height="4" fill="#d0d0d0"></rect>
        <rect x="4" y="4" width="4" height="4" fill="#d0d0d0"></rect>
      </pattern>
    </defs>
    ${options.checker ? svg`<rect x="6" y="2" width=${bar} height="10" fill=${`url(#${id}-checker)`}></rect>` : nothing}
    <rect x="6" y="2" width=${bar} height="10" fill=${`url(#${id})`} stroke="var(--_grid)" stroke-width="1"></rect>
    ${ticksOf([lo, hi], bar).map(
      (v) =>
        svg`<line x1=${x(v)} x2=${x(v)} y1="12" y2="16" stroke="currentColor"></line><text x=${x(v)} y=${tickY} text-anchor="middle" fill="currentColor" font-size=${size}>${tickFormat(v)}</text>`,
    )}
    ${label ? svg`<text x="6" y=${height - 4} fill="var(--_muted)" font-size=${size}>${label}</text>` : nothing}
  </svg>`;
}

/** The words under a panel's bar: where its colours saturate. */
export function clipLabel(host: SaliencyHost, panel: number): string {
  return `clipped at the ${host.clipPercentile}th percentile of |value| (${formatValue(host.clip(panel))})`;
}

/**
 * The colour bar of panel `panel` (the same scale object its painter used),
 * `width` px wide: with a transparent zero over a picture or text (`ink`),
 * else the whole scheme as the heatmap paints it.
 */
export function panelLegendTemplate(
  host: SaliencyHost,
  panel: number,
  options: { width: number; ink: boolean; opacity: number; start?: number; end?: number; label?: string; checker?: boolean },
): TemplateResult {
  const scale = host.scale(panel);
  const label = options.label ?? clipLabel(host, panel);
  if (options.ink) return inkLegendTemplate(host, scale, { ...options, label, id: `nn-saliency-ink-${panel}` });
  return html`${legendTemplate({ colormap: scale.colormap, domain: scale.domain, scale: scale.type, width: options.width, label, fontSize: host.typography().label })}`;
}

/** The legend row: one colour bar (a single panel's; compare panels carry their own, see the image view) and the view's notes. */
export function legendRowTemplate(
  host: SaliencyHost,
  notes: readonly string[],
  bar: { width: number; ink: boolean; opacity: number; start?: number; end?: number; checker?: boolean } | undefined,
): TemplateResult {
  return html`<div class="legend-row">
    ${bar ? html`<div class="bar" style=${`width: ${bar.width}px`}>${panelLegendTemplate(host, 0, bar)}</div>` : nothing}
    <div class="note" part="note" data-export-text>${notes.join('; ')}.</div>
  </div>`;
}

/** The notes both views start with: what the colours show, per-panel clipping, the method's note, all-zero maps. */
export function commonNotes(host: SaliencyHost, axis: string, transparentZero: boolean): string[] {
  const panels = host.data?.panels ?? [];
  const first = panels[0];
  if (!first) return [];
  const compare = panels.length > 1;
  const notes = [`${compare ? 'Every panel' : first.label}: ${host.signed ? `signed, ${axis} summed` : `magnitude, max |value| over ${axis}`}`];
  if (transparentZero) notes.push('0 is transparent; colour strengthens with |value|');
  // Each panel is clipped at its own percentile (maps of different methods differ in scale by orders of magnitude).
  if (compare) notes.push(`each panel's colours run to its own clip value, on its own bar`);
  if (!compare && first.note) notes.push(first.note);
  const zero = panels.filter((panel) => !panel.map.some((v) => v !== 0)).map((panel) => panel.label);
  if (zero.length) notes.push(`${zero.join(', ')}: 0 everywhere (no evidence for the class at this layer or input)`);
  return notes;
}
