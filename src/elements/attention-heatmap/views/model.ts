import { colourScale } from '../../../scales/colour-scale.js';
import { finiteExtent } from '../../../scales/value-scale.js';
import { thumbnails, type Thumbnails } from '../attention-source.js';
import { drawModel, layoutModel, thumbAt, thumbRect, type ModelLayout } from '../draw-model.js';
import { canvasStage, freshCanvas, overlayWith, paintStyle } from './canvas-stage.js';
import { leave } from './matrix.js';
import type { AttentionHost, AttentionViewModule } from './host.js';

/** Side of the thumbnails' pooled images, in cells. */
const THUMB_CELLS = 96;

const layouts = new WeakMap<AttentionHost, ModelLayout>();

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

/** One colour scale over every thumbnail, kept while the thumbnails and colour options are the same (the legend asks on every hover). */
function modelScale(host: AttentionHost) {
  const data = thumbs(host)?.data;
  const { domain, colormap, scale } = host.options;
  return host.memos.modelScale.get([data, domain, colormap, scale], () =>
    colourScale({ extent: data ? finiteExtent(data) : undefined, fixed: domain, colormap, type: scale }),
  );
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
      // The card's corner sits 4 px right of the thumbnail, level with its top.
      tooltip = { at: { x: r.x + r.width - 8, y: r.y - 12 }, lines: [{ text: `layer ${hover.layer}, head ${hover.head}` }] };
    }
    return canvasStage(host, { tooltip, legend: host.legend(modelScale(host), modelView.legendNotes!(host)) });
  },

  draw(host) {
    const ctx = freshCanvas(host, 'cells');
    const all = thumbs(host);
    if (!ctx || !all) return;
    const [layers, heads, q] = host.data.source.shape;
    const { width, height } = host.canvasSize();
    const layout = layoutModel(width, height, layers, heads);
    layouts.set(host, layout);
    const scale = modelScale(host);
    drawModel(ctx, {
      thumbs: host.data.causal ? hideUpperBlocks(all, q) : all,
      layout,
      ...paintStyle(host, scale),
    });
  },

  drawOverlay(host) {
    const { ctx, layout } = overlayWith(host, layouts) ?? {};
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
    return notes;
  },
};
