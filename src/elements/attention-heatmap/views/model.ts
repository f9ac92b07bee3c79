import { colourScale } from '../../../scales/colour-scale.js';
import { finiteExtent } from '../../../scales/value-scale.js';
import { thumbnails, type Thumbnails } from '../attention-source.js';
import { drawModel, layoutModel, thumbAt, thumbRect, type ModelLayout } from '../draw-model.js';
import { canvasStage, freshCanvas, overlayWith, paintStyle } from './canvas-stage.js';
import { leave } from './matrix.js';
import type { AttentionHost, AttentionViewModule, ModelColours } from './host.js';

/** Side of the thumbnails' pooled images, in cells. */
const THUMB_CELLS = 96;

const layouts = new WeakMap<AttentionHost, ModelLayout>();

/** The grid at the element's size: thumbnails as wide as the column allows, or fitting the height the page set. */
function planModel(host: AttentionHost): ModelLayout {
  const [layers, heads] = host.data.source.shape;
  const width = Math.max(80, host.size.width);
  const fixed = host.fixedHeight;
  return layoutModel(width, fixed === undefined ? undefined : Math.max(60, fixed - host.legendHeight()), layers, heads, host.type.label);
}

/** The last model layout drawn for `host`. */
export function modelLayoutOf(host: AttentionHost): ModelLayout | undefined {
  return layouts.get(host);
}

function thumbs(host: AttentionHost): Thumbnails | undefined {
  return host.stages.thumbnails.value;
}

/** Causal attention: thumbnail blocks wholly above the diagonal have no value. */
function hideUpperBlocks(thumbs: Thumbnails, n: number): Thumbnails {
  const data = Float32Array.from(thumbs.data);
  const per = thumbs.rows * thumbs.cols;
  for (let r = 0; r < thumbs.rows; r++) {
    const lastRow = Math.min(n, (r + 1) * thumbs.blockRows) - 1;
    for (let c = 0; c < thumbs.cols; c++) {
      if (c * thumbs.blockCols > lastRow) for (let m = 0; m < data.length / per; m++) data[m * per + r * thumbs.cols + c] = NaN;
    }
  }
  return { ...thumbs, data };
}

/**
 * Each head divided by its own largest value (NaN, "no value", stays NaN).
 * Real attention puts most of its weight on [CLS], [SEP] and the diagonal,
 * so on one shared scale most heads are a flat dark square; scaled to its
 * own maximum each head shows its pattern (bertviz's model view does the
 * same). `per` is the number of values in one head's thumbnail.
 */
export function normalizePerHead(data: Float32Array, per: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let start = 0; start < data.length; start += per) {
    let max = -Infinity;
    for (let i = start; i < start + per; i++) if (data[i] > max) max = data[i];
    const scale = max > 0 && Number.isFinite(max) ? 1 / max : 0;
    for (let i = start; i < start + per; i++) out[i] = data[i] * scale;
  }
  return out;
}

/**
 * With `scale="auto"` the model view takes the square root when the
 * normalised weights are skewed: when the median cell is under a tenth of
 * its head's maximum, a linear scale leaves most of each thumbnail at the
 * colormap's bottom colour. A sample of at most 4096 cells decides.
 */
export function skewed(values: Float32Array): boolean {
  const stride = Math.max(1, Math.floor(values.length / 4096));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += stride) if (values[i] === values[i]) sample.push(values[i]);
  if (!sample.length) return false;
  sample.sort((a, b) => a - b);
  return sample[Math.floor(sample.length / 2)] < 0.1;
}

/** The values and the colour scale of the thumbnails, kept while their inputs are the same (the legend asks on every hover). */
function modelColours(host: AttentionHost): ModelColours | undefined {
  const all = thumbs(host);
  if (!all) return undefined;
  const [, , q] = host.data.source.shape;
  const { domain, colormap, scale, scaleAuto } = host.options;
  const causal = host.data.causal;
  return host.memos.modelScale.get([all, causal, domain, colormap, scale, scaleAuto], () => {
    const shown = causal ? hideUpperBlocks(all, q) : all;
    // A domain the page fixed is one scale for every head: shared, as asked.
    if (domain)
      return { values: shown.data, perHead: false, scale: colourScale({ extent: finiteExtent(shown.data), fixed: domain, colormap, type: scale }) };
    const values = normalizePerHead(shown.data, shown.rows * shown.cols);
    const type = scaleAuto && skewed(values) ? 'sqrt' : scale;
    return { values, perHead: true, scale: colourScale({ extent: [0, 1], fixed: [0, 1], colormap, type }) };
  });
}

/**
 * Every layer x head as a thumbnail (bertviz's model view, on canvas): one
 * atlas coloured in a single pass. Click or arrow keys pick the layer and
 * head the other views show.
 */
export const modelView: AttentionViewModule = {
  async prepare(host, signal) {
    const { source } = host.data;
    const { downsample } = host.options;
    await host.stages.thumbnails.run([source, downsample], () => thumbnails(source, THUMB_CELLS, downsample), signal);
  },

  template(host) {
    const hover = host.ui.modelHover;
    const layout = layouts.get(host);
    let tooltip;
    if (hover && layout) {
      const r = thumbRect(layout, hover.layer, hover.head);
      // Beside the thumbnail, on the side with room: the shared tooltip flips past the middle.
      const right = r.x + r.width / 2 > host.size.width / 2;
      tooltip = { at: { x: right ? r.x + 8 : r.x + r.width - 8, y: r.y - 12 }, lines: [{ text: `layer ${hover.layer}, head ${hover.head}` }] };
    }
    const plan = planModel(host);
    const colours = modelColours(host);
    const scale = colours?.scale ?? colourScale({ extent: [0, 1], fixed: [0, 1], colormap: host.options.colormap, type: host.options.scale });
    return canvasStage(host, {
      tooltip,
      height: plan.canvas.height,
      legend: host.legend(scale, modelView.legendNotes!(host), { x: plan.x, width: plan.heads * (plan.size + plan.gap) - plan.gap }),
    });
  },

  draw(host) {
    const layout = planModel(host);
    const ctx = freshCanvas(host, 'cells', layout.canvas);
    const all = thumbs(host);
    const colours = modelColours(host);
    if (!ctx || !all || !colours) return;
    layouts.set(host, layout);
    drawModel(ctx, {
      thumbs: { ...all, data: colours.values },
      layout,
      ...paintStyle(host, colours.scale),
    });
  },

  drawOverlay(host) {
    const { ctx, layout } = overlayWith(host, layouts, layouts.get(host)?.canvas) ?? {};
    if (!ctx || !layout) return;
    const outline = (layer: number, head: number, color: string, line: number) => {
      const r = thumbRect(layout, layer, head);
      ctx.strokeStyle = color;
      ctx.lineWidth = line;
      ctx.strokeRect(r.x - line / 2, r.y - line / 2, r.width + line, r.height + line);
    };
    const { layer, head, rollout } = host.options;
    if (typeof head === 'number' && !rollout) outline(layer, head, host.color('accent'), 2);
    const hover = host.ui.modelHover;
    if (hover) outline(hover.layer, hover.head, host.color('text'), 1);
  },

  gestures: {
    hover(host, point) {
      const layout = layouts.get(host);
      if (!point || !layout) return leave(host);
      const thumb = thumbAt(layout, point.x, point.y);
      const current = host.ui.modelHover;
      if (thumb?.layer === current?.layer && thumb?.head === current?.head) return;
      host.setUi({ modelHover: thumb });
      host.hovered(thumb ? { kind: 'attention-head', ...thumb } : null);
    },
    release(host, _from, to) {
      const layout = layouts.get(host);
      const thumb = layout && thumbAt(layout, to.x, to.y);
      if (thumb) host.selectHead(thumb.layer, thumb.head);
    },
  },

  hitTest(host, { x, y }) {
    const layout = layouts.get(host);
    const thumb = layout && thumbAt(layout, x, y);
    return thumb ? { kind: 'head', ...thumb } : undefined;
  },

  locate(host, target) {
    const layout = layouts.get(host);
    if (!layout || target.kind !== 'head') return undefined;
    const r = thumbRect(layout, target.layer, target.head);
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  },

  command(host, command) {
    const [layers, heads] = host.data.source.shape;
    // The live selection, not the validated snapshot: several keys can arrive before the next compute.
    const layer = Math.max(0, Math.min(layers - 1, Number.isInteger(host.selection.layer) ? host.selection.layer : 0));
    const head =
      typeof host.selection.head === 'number' && Number.isInteger(host.selection.head) ? Math.max(0, Math.min(heads - 1, host.selection.head)) : 0;
    const clamp = (value: number, size: number) => Math.max(0, Math.min(size - 1, value));
    switch (command.kind) {
      case 'move':
      case 'extend':
        host.selectHead(clamp(layer + command.dy, layers), clamp(head + command.dx, heads));
        return true;
      case 'page':
        host.selectHead(clamp(layer + command.direction * layers, layers), head);
        return true;
      case 'edge':
        host.selectHead(command.to === 'start' ? 0 : layers - 1, command.to === 'start' ? 0 : heads - 1);
        return true;
      case 'select':
        host.selectHead(layer, head);
        return true;
      default:
        return false;
    }
  },

  legendNotes(host) {
    const notes = [host.options.rollout ? 'each head of each layer (rollout off in this view)' : 'every layer × head'];
    const all = thumbs(host);
    if (all && (all.blockRows > 1 || all.blockCols > 1)) notes.push(`${host.options.downsample} of ${all.blockRows}×${all.blockCols} cells`);
    const colours = modelColours(host);
    if (colours?.perHead)
      notes.push(
        `each head scaled to its own max (1)${colours.scale.type === 'sqrt' && host.options.scaleAuto ? ' · sqrt scale (skewed weights)' : ''}`,
      );
    return notes;
  },
};
