import { format } from 'd3-format';
import type { Tooltip } from '../../interaction/tooltip.js';
import type { Point } from '../../interaction/pointer.js';
import { visible } from '../draw-time-plot.js';
import { stepX, valueY } from '../timeline-layout.js';
import type { StepTarget, TracerHost } from './host.js';

/** Values in cards and sentences: four significant digits, no trailing zeros. */
export const formatValue = format('.4~g');

/**
 * A step target for step `t` that no pointer made (the keyboard cursor, a
 * linked step): the unit is the one the cursor was on, else the first
 * selected unit, else unit 0.
 */
export function stepTarget(host: TracerHost, t: number): StepTarget | undefined {
  const traced = host.traced;
  if (!traced || t < 0 || t >= traced.steps) return undefined;
  const unit = host.cursor?.unit ?? host.result?.units[0] ?? 0;
  return { view: 'plot', band: 'plot', t, unit, value: traced.values[t * traced.units + unit] };
}

/** Where a step target sits in the plot: the step's centre, at its value's height. */
export function stepPoint(host: TracerHost, target: StepTarget): Point | undefined {
  const layout = host.frame?.layout;
  const traced = host.traced;
  if (!layout || !traced) return undefined;
  const { plot, window } = layout;
  const x = stepX(layout, target.t) + plot.width / window.span / 2;
  const y = target.value === target.value ? valueY(plot, traced.domain, target.value) : plot.y + plot.height / 2;
  return { x, y };
}

/** The card for a step: which step (and its token), which unit, and the value. */
export function stepCard(host: TracerHost, target: StepTarget): Tooltip | undefined {
  const at = target.at ?? stepPoint(host, target);
  const traced = host.traced;
  if (!at || !traced) return undefined;
  return {
    at,
    lines: [
      { label: 'step', text: `${target.t} “${visible(traced.labels[target.t] ?? '')}”` },
      { label: 'unit', text: `u${target.unit}` },
    ],
    value: formatValue(target.value),
  };
}

/** The sentence for a step: "Step 8 “w8”, unit u0: 1." */
export function stepSentence(host: TracerHost, target: StepTarget): string {
  const label = host.traced?.labels[target.t] ?? '';
  return `Step ${target.t} “${label}”, unit u${target.unit}: ${formatValue(target.value)}.`;
}
