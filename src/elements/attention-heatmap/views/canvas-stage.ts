import { html, nothing, type TemplateResult } from 'lit';
import { fitCanvas } from '../../../render/canvas.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import { rgba } from '../../../scales/colormap.js';
import { tooltipTemplate, type Tooltip } from '../../interaction/tooltip.js';
import type { AttentionHost } from './host.js';

/**
 * The frame the canvas views (matrix, model, patches) share: the cells
 * canvas, the overlay canvas that is the pointer surface, an optional
 * toolbar and row above, the tooltip and the legend.
 */
export function canvasStage(
  host: AttentionHost,
  parts: { above?: TemplateResult; toolbar?: TemplateResult; tooltip?: Tooltip; legend: TemplateResult },
): TemplateResult {
  return html`
    ${parts.above ?? nothing}
    <div class="stage">
      <canvas class="cells" part="canvas"></canvas>
      <canvas class="overlay" ${host.pointer.attach()}></canvas>
      ${parts.toolbar ?? nothing} ${tooltipTemplate(parts.tooltip, host.size.width)}
    </div>
    ${parts.legend}
  `;
}

/** The canvas sized to the canvas area and cleared, with its 2D context in CSS pixels. */
export function freshCanvas(host: AttentionHost, name: 'cells' | 'overlay', extraRows = 0): CanvasRenderingContext2D | undefined {
  const canvas = host.canvas(name);
  if (!canvas) return undefined;
  const { width, height } = host.canvasSize(extraRows);
  const ctx = fitCanvas(canvas, width, height);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The overlay canvas, fresh, with the layout the view last drew; undefined before the first draw. */
export function overlayWith<Layout>(
  host: AttentionHost,
  layouts: WeakMap<AttentionHost, Layout>,
  extraRows = 0,
): { ctx: CanvasRenderingContext2D; layout: Layout } | undefined {
  const ctx = freshCanvas(host, 'overlay', extraRows);
  const layout = layouts.get(host);
  return ctx && layout ? { ctx, layout } : undefined;
}

/** What every cell painter takes from the colour scale and the theme. */
export function paintStyle(host: AttentionHost, scale: ColourScale) {
  return { unit: scale.unit, lut: scale.lut, missing: rgba(host.color('missing')), textColor: host.color('text'), font: host.font };
}
