import { html, type TemplateResult } from 'lit';
import { moveInGrid } from '../../interaction/keys.js';
import { drawPatches, imageSize, layoutPatches, loadPatchImage, patchAt, type PatchImage, type PatchLayout } from '../draw-patches.js';
import { canvasStage, freshCanvas, overlayWith } from './canvas-stage.js';
import { cellTooltip, formatValue, leave, selectionLabel } from './matrix.js';
import type { AttentionHost, AttentionViewModule } from './host.js';

/** The row listing a ViT's extra tokens ([CLS], registers) above the image. */
export const EXTRAS_HEIGHT = 34;

const layouts = new WeakMap<AttentionHost, PatchLayout>();

/** Tallest the picture is drawn when the height comes from the content. */
const MAX_IMAGE_HEIGHT = 560;

/**
 * Room left and right of the picture: the legend's end tick values are
 * centred on the ends of its bar, which spans the picture, and must stay
 * inside the element.
 */
const SIDE = 10;

/** The canvas: the set height less the legend and extras, or the picture's own aspect at the column's width. */
function stageSize(host: AttentionHost): { width: number; height: number } {
  const image = host.stages.patchImage.value;
  return host.canvasSize(EXTRAS_HEIGHT, (width) => {
    const size = image ? imageSize(image) : { width: 1, height: 1 };
    return Math.min(MAX_IMAGE_HEIGHT, Math.round(((width - 2 * SIDE) * size.height) / Math.max(1, size.width)));
  });
}

/** Where the picture goes in a canvas of `size`: as large as fits, centred, {@link SIDE} px clear of each side. */
function placePicture(image: PatchImage, size: { width: number; height: number }, rows: number, cols: number): PatchLayout {
  const layout = layoutPatches(image, Math.max(1, size.width - 2 * SIDE), size.height, rows, cols);
  return { ...layout, image: { ...layout.image, x: layout.image.x + SIDE } };
}

/** The last patches layout drawn for `host`. */
export function patchLayoutOf(host: AttentionHost): PatchLayout | undefined {
  return layouts.get(host);
}

/** The query token whose attention the view shows: the focused one, else the first token ([CLS]). */
export function patchQuery(host: AttentionHost): number {
  const q = host.data.source.shape[2];
  return Math.max(0, Math.min(q - 1, host.focusQuery ?? 0));
}

/** The focused query's attention to each patch, `[rows, cols]`. */
function patchValues(host: AttentionHost): Float32Array {
  const { rows, cols, offset } = host.data.patches!;
  const k = host.data.source.shape[3];
  const start = patchQuery(host) * k + offset;
  return host.display().values.slice(start, start + rows * cols);
}

/** The tokens that are not patches ([CLS], distillation, registers): buttons that make each the query, with the focused query's attention to it. */
function extras(host: AttentionHost): TemplateResult {
  const { rows, cols, offset } = host.data.patches!;
  const k = host.data.source.shape[3];
  const query = patchQuery(host);
  const { values } = host.display();
  const labels = host.data.labels;
  const others = Array.from({ length: k }, (_, i) => i).filter((i) => i < offset || i >= offset + rows * cols);
  return html`<div class="extras" part="toolbar">
    <span class="muted">attention from <strong>${labels.query[query]}</strong> (${query})</span>
    ${others.map((i) => {
      const value = values[query * k + i];
      return html`<button type="button" tabindex="-1" @mousedown=${(event: Event) => event.preventDefault()} aria-pressed=${query === i ? 'true' : 'false'} @click=${() => host.set({ focusQuery: i })}>
        ${labels.key[i]} <span class="muted">${Number.isNaN(value) ? 'no value' : formatValue(value)}</span>
      </button>`;
    })}
  </div>`;
}

/**
 * ViT attention over the picture: the focused query token's attention to
 * each patch, one block per patch over the image; the extra tokens listed
 * above it. Click a patch (or move with the arrow keys) to make it the query.
 */
export const patchesView: AttentionViewModule = {
  async prepare(host, signal) {
    if (!host.data.patches) throw new Error('The patches view needs patch-grid="[rows, cols]" (and an image).');
    const image = host.image as string | PatchImage | undefined;
    if (image === undefined || image === null) throw new Error('The patches view needs an image (a URL, <img>, canvas, ImageBitmap or ImageData).');
    await host.stages.patchImage.run([image], (s) => loadPatchImage(image, s), signal);
  },

  template(host) {
    const hover = host.ui.hover;
    const tooltip = hover?.key !== undefined && host.ui.tooltipAt ? cellTooltip(host, patchQuery(host), hover.key, host.ui.tooltipAt) : undefined;
    const size = stageSize(host);
    const image = host.stages.patchImage.value;
    const patches = host.data.patches;
    // The colour bar spans the picture, as the matrix view's spans the matrix.
    const drawn = image && patches ? placePicture(image, size, patches.rows, patches.cols).image : undefined;
    return canvasStage(host, {
      above: extras(host),
      tooltip,
      height: size.height,
      legend: host.legend(host.scaleOf(patchValues(host)), patchesView.legendNotes!(host), drawn && { x: drawn.x, width: drawn.width }),
    });
  },

  draw(host) {
    const size = stageSize(host);
    const ctx = freshCanvas(host, 'cells', size);
    const image = host.stages.patchImage.value;
    const patches = host.data.patches;
    if (!ctx || !image || !patches) return;
    const { width, height } = size;
    const layout = placePicture(image, { width, height }, patches.rows, patches.cols);
    layouts.set(host, layout);
    const values = patchValues(host);
    const scale = host.scaleOf(values);
    drawPatches(ctx, { image, layout, values, unit: scale.unit, lut: scale.lut, opacity: 0.65 });
  },

  drawOverlay(host) {
    const { ctx, layout } = overlayWith(host, layouts, stageSize(host)) ?? {};
    const patches = host.data.patches;
    if (!ctx || !layout || !patches) return;
    const { image, rows, cols } = layout;
    const outline = (token: number, color: string, line: number) => {
      const index = token - patches.offset;
      if (index < 0 || index >= rows * cols) return;
      const w = image.width / cols;
      const h = image.height / rows;
      ctx.strokeStyle = color;
      ctx.lineWidth = line;
      ctx.strokeRect(image.x + (index % cols) * w, image.y + Math.floor(index / cols) * h, w, h);
    };
    outline(patchQuery(host), host.color('accent'), 2.5);
    const key = host.ui.hover?.key;
    if (key !== undefined) outline(key, host.color('text'), 1.5);
  },

  gestures: {
    hover(host, point) {
      if (!point) return leave(host);
      const target = patchesView.hitTest!(host, point);
      const key = target?.kind === 'patch' ? target.key : undefined;
      if (key === host.ui.hover?.key) return;
      host.setUi({ hover: key === undefined ? undefined : { query: patchQuery(host), key }, tooltipAt: key === undefined ? undefined : point });
      host.hovered(key === undefined ? null : host.cellDetail(patchQuery(host), key));
    },
    release(host, _from, to) {
      const target = patchesView.hitTest!(host, to);
      const [, , q, k] = host.data.source.shape;
      if (target?.kind !== 'patch' || q !== k) return;
      host.set({ focusQuery: target.key });
      host.selected(host.cellDetail(target.key, target.key));
    },
  },

  hitTest(host, { x, y }) {
    const layout = layouts.get(host);
    const patches = host.data.patches;
    const patch = layout && patches && patchAt(layout, x, y);
    return patch ? { kind: 'patch', key: patches!.offset + patch.row * patches!.cols + patch.col } : undefined;
  },

  locate(host, target) {
    const layout = layouts.get(host);
    const patches = host.data.patches;
    if (!layout || !patches || target.kind !== 'patch') return undefined;
    const index = target.key - patches.offset;
    const { image, rows, cols } = layout;
    return { x: image.x + ((index % cols) + 0.5) * (image.width / cols), y: image.y + (Math.floor(index / cols) + 0.5) * (image.height / rows) };
  },

  command(host, command) {
    const patches = host.data.patches!;
    const [, , q, k] = host.data.source.shape;
    if (command.kind === 'escape') {
      host.set({ focusQuery: undefined });
      return true;
    }
    if (q !== k) return false;
    const current = host.focusQuery === undefined ? undefined : host.focusQuery - patches.offset;
    const inside = current !== undefined && current >= 0 && current < patches.rows * patches.cols ? current : undefined;
    const next = moveInGrid(inside, command, { count: patches.rows * patches.cols, columns: patches.cols });
    if (next === undefined) return false;
    const token = patches.offset + next;
    host.set({ focusQuery: token });
    host.announce(
      `Patch row ${Math.floor(next / patches.cols)}, column ${next % patches.cols} (token ${token} "${host.data.labels.query[token]}") is the query.`,
    );
    host.hovered(host.cellDetail(token, token));
    return true;
  },

  legendNotes(host) {
    return [`${selectionLabel(host)} · attention from token ${patchQuery(host)} to each patch`];
  },
};
