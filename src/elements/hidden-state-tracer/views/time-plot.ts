import { nothing } from 'lit';
import type { ElementView } from '../../base/view.js';
import { drawTimePlot, LINE_BUDGET, SELECTED_LINE_CAP } from '../draw-time-plot.js';
import { bandAt, stepAt, stepX, valueY, VALUE_INSET, yValue } from '../timeline-layout.js';
import type { StepTarget, TracerHost } from './host.js';
import { stepCard, stepSentence } from './step-card.js';
import { stepCommand } from './step-keys.js';

/** Within this many pixels of the pointer, a selected unit wins over a nearer unselected one. */
const SELECTED_TOLERANCE_PX = 6;

/**
 * The LSTMVis time plot, the top band of the tracer's canvas: every unit
 * over the visible window (lines, or a density image past LINE_BUDGET
 * segments), the selected units thick, the threshold dashed, and the tokens
 * under the axis. Its overlay is the brush being dragged and the cursor's
 * rule and point. It owns the step keys (the steps are its items).
 */
export const timePlotView: ElementView<TracerHost, StepTarget> = {
  template: () => nothing,

  draw(host) {
    const { frame, traced, result } = host;
    if (!frame || !traced || !result) return;
    drawTimePlot(frame.ctx, frame.layout, {
      values: traced.values,
      steps: traced.steps,
      units: traced.units,
      domain: traced.domain,
      selected: result.units,
      threshold: host.threshold,
      selection: result.selection,
      matches: result.matches,
      labels: traced.labels,
      colors: frame.style.colors,
      font: frame.style.font,
      label: frame.style.label,
      density: host.density,
    });
  },

  drawOverlay(host) {
    const { frame, traced } = host;
    const ctx = frame?.overlay;
    if (!frame || !ctx || !traced) return;
    const { layout, style } = frame;
    const { plot, axis, window } = layout;
    const brush = host.brush;
    if (brush && brush.end > brush.start) {
      const x0 = stepX(layout, Math.max(brush.start, window.start));
      const x1 = stepX(layout, Math.min(brush.end, window.start + window.span));
      ctx.strokeStyle = style.colors.accent;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x0, plot.y, x1 - x0, plot.height + axis.height);
      ctx.setLineDash([]);
    }
    const cursor = host.cursor;
    if (cursor && cursor.t >= window.start && cursor.t < window.start + window.span) {
      const x = stepX(layout, cursor.t) + plot.width / window.span / 2;
      ctx.strokeStyle = style.colors.text;
      ctx.globalAlpha = 0.5;
      ctx.beginPath();
      ctx.moveTo(x, plot.y);
      ctx.lineTo(x, plot.y + plot.height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      if (cursor.value === cursor.value) {
        ctx.beginPath();
        ctx.arc(x, valueY(plot, traced.domain, cursor.value), 3.5, 0, 2 * Math.PI);
        ctx.fillStyle = style.colors.text;
        ctx.fill();
      }
    }
  },

  /** The step under the pointer and the unit whose value there is nearest it, preferring selected units within 6 px. */
  hitTest(host, point) {
    const layout = host.frame?.layout;
    const traced = host.traced;
    if (!layout || !traced) return undefined;
    const band = bandAt(layout, point.x, point.y);
    if (band !== 'plot' && band !== 'axis') return undefined;
    const t = stepAt(layout, point.x);
    const { values, units, domain } = traced;
    const [lo, hi] = domain;
    const wanted = yValue(layout.plot, domain, point.y);
    const tolerance = (SELECTED_TOLERANCE_PX / (layout.plot.height - 2 * VALUE_INSET)) * (hi - lo);
    let unit = 0;
    let best = Infinity;
    for (let u = 0; u < units; u++) {
      const d = Math.abs(values[t * units + u] - wanted);
      if (d < best) {
        best = d;
        unit = u;
      }
    }
    for (const u of host.result?.units ?? []) {
      if (Math.abs(values[t * units + u] - wanted) <= tolerance) {
        unit = u;
        break;
      }
    }
    return { view: 'plot', band, t, unit, value: values[t * units + unit], at: point };
  },

  command: stepCommand,
  tooltip: stepCard,
  describe: stepSentence,

  legendNotes(host) {
    const { traced, result, stepWindow } = host;
    if (!traced || !result || !stepWindow) return [];
    const density = traced.units * stepWindow.span > LINE_BUDGET;
    const drawn = Math.min(result.units.length, SELECTED_LINE_CAP);
    return [
      density ? `${traced.units} units as a density (darker: more units)` : `${traced.units} units as thin lines`,
      result.units.length ? `thick lines: ${drawn < result.units.length ? `the first ${drawn} of ` : ''}${result.units.length} selected` : '',
      'dashed: threshold',
    ].filter(Boolean);
  },
};
