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
  parts: { above?: TemplateResult; toolbar?: TemplateResult; tooltip?: Tooltip; legend: TemplateResult; height?: number },
): TemplateResult {
  // The stage is as tall as the canvas will be, so the element's height is right before the first draw.
  return html`
    ${parts.above ?? nothing}
    <div class="stage" style=${parts.height === undefined ? '' : `height:${parts.height}px`}>
      <canvas class="cells" part="canvas"></canvas>
      <canvas class="overlay" ${host.pointer.attach()}></canvas>
      ${parts.toolbar ?? nothing} ${tooltipTemplate(parts.tooltip, host.size.width)}
    </div>
    ${parts.legend}
  `;
}

/** The canvas sized to `size` (default: the canvas area) and cleared, with its 2D context in CSS pixels. */
export function freshCanvas(
  host: AttentionHost,
  name: 'cells' | 'overlay',
  size: { width: number; height: number } = host.canvasSize(),
): CanvasRenderingContext2D | undefined {
  const canvas = host.canvas(name);
  if (!canvas) return undefined;
  const { width, height } = size;
  const ctx = fitCanvas(canvas, width, height);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The overlay canvas, fresh, with the layout the view last drew; undefined before the first draw. */
export function overlayWith<Layout>(
  host: AttentionHost,
  layouts: WeakMap<AttentionHost, Layout>,
  size?: { width: number; height: number },
): { ctx: CanvasRenderingContext2D; layout: Layout } | undefined {
  const ctx = freshCanvas(host, 'overlay', size);
  const layout = layouts.get(host);
  return ctx && layout ? { ctx, layout } : undefined;
}

/** What every cell painter takes from the colour scale and the theme. */
export function paintStyle(host: AttentionHost, scale: ColourScale) {
  return {
    unit: scale.unit,
    lut: scale.lut,
    missing: rgba(host.color('missing')),
    textColor: host.color('text'),
    mutedColor: host.color('muted'),
    font: host.font,
    labelPx: host.type.label,
  };
}
