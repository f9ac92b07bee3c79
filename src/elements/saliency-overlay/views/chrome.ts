import { html, nothing, type TemplateResult } from 'lit';
import { legendTemplate } from '../../../render/legend.js';
import { tooltipTemplate } from '../../interaction/tooltip.js';
import type { ElementView } from '../../base/view.js';
import { formatValue } from './display.js';
import type { SaliencyHost, SaliencyTarget } from './host.js';

/**
 * What both views put around their data: the slider, the legend with its
 * notes, and the one tooltip card.
 */

/** The item whose card shows: under the pointer, else under the keyboard cursor, else pinned. */
export function shownTarget(host: SaliencyHost): SaliencyTarget | undefined {
  return host.hovered?.target ?? host.cursor ?? host.pinned;
}

/** The tooltip card of `view` for the shown item (nothing when none, or when the data does not hold it). */
export function cardTemplate<T extends SaliencyTarget>(
  host: SaliencyHost,
  view: ElementView<SaliencyHost, T>,
  kind: T['kind'],
  width: number,
): TemplateResult | typeof nothing {
  const target = shownTarget(host);
  if (!target || target.kind !== kind || !view.tooltip) return nothing;
  return tooltipTemplate(view.tooltip(host, target as T), width);
}

/** The threshold slider, or in mask mode the share of pixels kept. */
export function controlsTemplate(host: SaliencyHost, mask: boolean): TemplateResult {
  const value = mask ? host.topPercent : Math.round(host.threshold * 100);
  const label = mask ? 'Keep top' : 'Hide below';
  const readout = mask ? `${value}% of pixels` : `${value}% of the clip value`;
  return html`<div part="controls">
    <label
      >${label}
      <input
        part="slider"
        type="range"
        min="0"
        max="100"
        step="1"
        .value=${String(value)}
        aria-label=${mask ? 'Percentage of pixels kept' : 'Threshold, percent of the clip value'}
        aria-valuetext=${readout}
        @input=${(event: Event) => host.setSlider(Number((event.target as HTMLInputElement).value), mask)}
    /></label>
    <span class="readout">${readout}</span>
  </div>`;
}

/** The colour bar (the first panel's scale, the same object its painter used) and the view's notes. */
export function legendRowTemplate(host: SaliencyHost, notes: readonly string[]): TemplateResult {
  const scale = host.scale(0);
  return html`<div class="legend-row">
    ${legendTemplate({
      colormap: scale.colormap,
      domain: scale.domain,
      scale: scale.type,
      width: Math.max(200, Math.min(520, host.viewSize.width || 320)),
      label: `clipped at the ${host.clipPercentile}th percentile of |value| (${formatValue(host.clip(0))})`,
    })}
    <div class="note" part="note" data-export-text>${notes.join('; ')}.</div>
  </div>`;
}

/** The notes both views start with: what the colours show, per-panel clipping, the method's note, all-zero maps. */
export function commonNotes(host: SaliencyHost, axis: string): string[] {
  const panels = host.data?.panels ?? [];
  const first = panels[0];
  if (!first) return [];
  const compare = panels.length > 1;
  const notes = [`${compare ? 'Every panel' : first.label}: ${host.signed ? `signed, ${axis} summed` : `magnitude, max |value| over ${axis}`}`];
  // Each panel is clipped at its own percentile (maps of different methods differ in scale by orders of magnitude).
  if (compare) notes.push(`each panel's colours run to its own clip value, given under it; the bar shows the first panel's`);
  if (!compare && first.note) notes.push(first.note);
  const zero = panels.filter((panel) => !panel.map.some((v) => v !== 0)).map((panel) => panel.label);
  if (zero.length) notes.push(`${zero.join(', ')}: 0 everywhere (no evidence for the class at this layer or input)`);
  return notes;
}
