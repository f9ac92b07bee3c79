import { html } from 'lit';
import { format } from 'd3-format';
import { wheelZoomFactor } from '../../interaction/pointer.js';
import { drawMatrix, labelGutters } from '../draw-matrix.js';
import { cellAt, isFull, labelAt, layoutMatrix, windowBetween, windowContaining, zoomWindow, type MatrixLayout } from '../matrix-layout.js';
import { canvasStage, freshCanvas, overlayWith, paintStyle } from './canvas-stage.js';
import type { AttentionHost, AttentionTarget, AttentionViewModule } from './host.js';

export const formatValue = format('.4~g');

/** The layout each host's matrix was last drawn with: hit-testing and the overlay use the same one. */
const layouts = new WeakMap<AttentionHost, MatrixLayout>();

/** The layout the next draw will use, per host, kept while what it is made from is the same. */
const planned = new WeakMap<AttentionHost, { key: readonly unknown[]; layout: MatrixLayout }>();

/**
 * Tallest the matrix is drawn when the height comes from the content: most
 * of a screen, so a 512-token matrix in a wide page is still seen whole.
 */
function naturalMaxHeight(): number {
  return Math.max(320, Math.round((globalThis.innerHeight || 800) * 0.8));
}

/**
 * Where the matrix goes at the element's size: the template (stage height,
 * legend alignment) and the draw use the same layout. Two passes: the first
 * finds the cell size, the second the key-label band that size needs (short
 * tokens across, long ones rotated).
 */
export function planMatrix(host: AttentionHost): MatrixLayout {
  const width = Math.max(80, host.size.width);
  const fixed = host.fixedHeight;
  const height = fixed === undefined ? undefined : Math.max(60, fixed - host.legendHeight());
  const { family, label } = host.type;
  const { labels } = host.data;
  const window = host.window;
  const key = [width, height, window.r0, window.r1, window.c0, window.c1, labels.query, labels.key, family, label];
  const known = planned.get(host);
  if (known && known.key.every((value, i) => value === key[i])) return known.layout;
  const maxHeight = naturalMaxHeight();
  const first = layoutMatrix({
    width,
    height,
    maxHeight,
    window,
    labelPx: label,
    gutters: labelGutters(labels, family, label, { cellWidth: Infinity, colStep: 1, rowStep: 1 }),
  });
  const gutters = labelGutters(labels, family, label, { cellWidth: first.cellWidth, colStep: first.colLabelStep, rowStep: first.rowLabelStep });
  const layout = layoutMatrix({ width, height, maxHeight, window, labelPx: label, gutters });
  planned.set(host, { key, layout });
  return layout;
}

/** The axis titles: which side is which, and for cross-attention which is the source and which the target. */
export function axisTitles(host: AttentionHost): { query: string; key: string } {
  return host.data.labels.cross ? { query: 'query (target)', key: 'key (source)' } : { query: 'query', key: 'key' };
}

/** The last matrix layout drawn for `host` (undefined before the first draw). */
export function matrixLayoutOf(host: AttentionHost): MatrixLayout | undefined {
  return layouts.get(host);
}

/** The cell a press started on, per host, until it is released. */
const pressed = new WeakMap<AttentionHost, { query: number; key: number }>();

/** The pointer left the view: clear hover marks and say so with `nn-hover` null. */
export function leave(host: AttentionHost): void {
  if (host.ui.hover || host.ui.modelHover) host.hovered(null);
  host.setUi({ hover: undefined, modelHover: undefined, tooltipAt: undefined });
}

/** "query sat (3) to key cat (2): 0.1234", the words for a cell. */
export function describeCell(host: AttentionHost, query: number, key: number, prefix = ''): string {
  const detail = host.cellDetail(query, key);
  const value = Number.isNaN(detail.value) ? 'no value' : formatValue(detail.value);
  return `${prefix ? `${prefix}: ` : ''}query ${query} "${detail.queryToken}" to key ${key} "${detail.keyToken}": ${value}`;
}

/** The cell tooltip of the matrix and patches views. */
export function cellTooltip(host: AttentionHost, query: number, key: number, at: { x: number; y: number }) {
  const detail = host.cellDetail(query, key);
  return {
    at,
    lines: [
      { label: 'query', text: detail.queryToken, note: `(${query})` },
      { label: 'key', text: detail.keyToken, note: `(${key})` },
    ],
    value: Number.isNaN(detail.value) ? 'no value' : formatValue(detail.value),
  };
}

/** Where the keyboard's focus cell is drawn, for its tooltip. */
function focusPoint(layout: MatrixLayout, query: number, key: number): { x: number; y: number } | undefined {
  const { plot, window, cellWidth, cellHeight } = layout;
  if (query < window.r0 || query >= window.r1 || key < window.c0 || key >= window.c1) return undefined;
  return { x: plot.x + (key - window.c0 + 0.5) * cellWidth, y: plot.y + (query - window.r0 + 0.5) * cellHeight };
}

/**
 * The query x key heatmap: every cell while cells are at least a device
 * pixel, max- or mean-pooled blocks past that, a zoom window (wheel, brush,
 * `+`/`-`), and a 2-D keyboard cursor.
 */
export const matrixView: AttentionViewModule = {
  template(host) {
    const { q, k } = { q: host.data.source.shape[2], k: host.data.source.shape[3] };
    const { window, ui } = host;
    const zoomed = !isFull(window, q, k);
    const layout = layouts.get(host);
    const hovered = ui.hover?.query !== undefined && ui.hover.key !== undefined && ui.tooltipAt ? ui.hover : undefined;
    const focused =
      !hovered && host.focusQuery !== undefined && host.focusKey !== undefined && layout
        ? focusPoint(layout, host.focusQuery, host.focusKey)
        : undefined;
    const tooltip = hovered
      ? cellTooltip(host, hovered.query!, hovered.key!, ui.tooltipAt!)
      : focused
        ? cellTooltip(host, host.focusQuery!, host.focusKey!, focused)
        : undefined;
    const plan = planMatrix(host);
    return canvasStage(host, {
      height: plan.canvas.height,
      toolbar: zoomed
        ? html`<div class="toolbar" part="toolbar">
            <span>rows ${window.r0}–${window.r1 - 1}, columns ${window.c0}–${window.c1 - 1}</span>
            <button type="button" tabindex="-1" @mousedown=${(event: Event) => event.preventDefault()} @click=${() => host.resetZoom()}>
              Reset zoom <span class="muted">(0)</span>
            </button>
          </div>`
        : undefined,
      tooltip,
      legend: host.legend(host.display().scale, matrixView.legendNotes!(host), { x: plan.plot.x, width: plan.plot.width }),
    });
  },

  draw(host) {
    const layout = planMatrix(host);
    const ctx = freshCanvas(host, 'cells', layout.canvas);
    if (!ctx) return;
    const [, , q, k] = host.data.source.shape;
    layouts.set(host, layout);
    const { values, scale } = host.display();
    host.setBlocks(
      drawMatrix(ctx, {
        values,
        q,
        k,
        layout,
        labels: host.data.labels,
        ...paintStyle(host, scale),
        titles: axisTitles(host),
        reduction: host.options.downsample,
        pixelRatio: globalThis.devicePixelRatio || 1,
      }),
    );
  },

  drawOverlay(host) {
    const { ctx, layout } = overlayWith(host, layouts, layouts.get(host)?.canvas) ?? {};
    if (!ctx || !layout) return;
    const accent = host.color('accent');
    const { plot, window, cellWidth, cellHeight } = layout;
    // A hovered or focused token: its label gutter tinted, its row or column outlined over the cells.
    const tint = `color-mix(in srgb, ${accent} 22%, transparent)`;
    const rowBand = (query: number) => {
      if (query < window.r0 || query >= window.r1) return;
      const y = plot.y + (query - window.r0) * cellHeight;
      ctx.fillStyle = tint;
      ctx.fillRect(0, y, plot.x, Math.max(1, cellHeight));
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1;
      ctx.strokeRect(plot.x + 0.5, y + 0.5, plot.width - 1, Math.max(1, cellHeight) - 1);
    };
    const colBand = (key: number) => {
      if (key < window.c0 || key >= window.c1) return;
      const x = plot.x + (key - window.c0) * cellWidth;
      ctx.fillStyle = tint;
      ctx.fillRect(x, 0, Math.max(1, cellWidth), plot.y);
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, plot.y + 0.5, Math.max(1, cellWidth) - 1, plot.height - 1);
    };
    const { hover, pinned, brush } = host.ui;
    if (hover?.query !== undefined) rowBand(hover.query);
    if (hover?.key !== undefined) colBand(hover.key);
    if (host.focusQuery !== undefined) rowBand(host.focusQuery);
    if (host.focusKey !== undefined) colBand(host.focusKey);
    const outlineCell = (query: number, key: number, color: string, line: number) => {
      if (query < window.r0 || query >= window.r1 || key < window.c0 || key >= window.c1) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = line;
      ctx.strokeRect(
        plot.x + (key - window.c0) * cellWidth - line / 2,
        plot.y + (query - window.r0) * cellHeight - line / 2,
        Math.max(1, cellWidth) + line,
        Math.max(1, cellHeight) + line,
      );
    };
    if (host.focusQuery !== undefined && host.focusKey !== undefined) outlineCell(host.focusQuery, host.focusKey, accent, 2);
    if (pinned) outlineCell(pinned.query, pinned.key, host.color('text'), 2);
    if (brush) {
      const w = windowBetween(brush.from, brush.to);
      ctx.strokeStyle = accent;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeRect(
        plot.x + (Math.max(w.c0, window.c0) - window.c0) * cellWidth,
        plot.y + (Math.max(w.r0, window.r0) - window.r0) * cellHeight,
        (Math.min(w.c1, window.c1) - Math.max(w.c0, window.c0)) * cellWidth,
        (Math.min(w.r1, window.r1) - Math.max(w.r0, window.r0)) * cellHeight,
      );
    }
  },

  gestures: {
    hover(host, point) {
      if (!point) return leave(host);
      const target = matrixView.hitTest!(host, point);
      const query = target?.kind === 'cell' || target?.kind === 'query-label' ? target.query : undefined;
      const key = target?.kind === 'cell' || target?.kind === 'key-label' ? target.key : undefined;
      if (query === host.ui.hover?.query && key === host.ui.hover?.key) return;
      const cell = target?.kind === 'cell';
      host.setUi({ hover: target ? { query, key } : undefined, tooltipAt: cell ? point : undefined });
      host.hovered(cell ? host.cellDetail(query!, key!) : null);
    },
    press(host, point) {
      const layout = layouts.get(host);
      const cell = layout && cellAt(layout, point.x, point.y);
      if (!cell) return false;
      pressed.set(host, cell);
    },
    drag(host, _from, to) {
      const layout = layouts.get(host);
      const start = pressed.get(host);
      const cell = layout && cellAt(layout, to.x, to.y);
      if (start && cell) host.setUi({ brush: { from: start, to: cell } });
    },
    release(host) {
      const start = pressed.get(host);
      pressed.delete(host);
      const brush = host.ui.brush;
      if (brush) {
        const zoomed = windowBetween(brush.from, brush.to);
        host.setUi({ brush: undefined });
        if (zoomed.r1 - zoomed.r0 > 1 || zoomed.c1 - zoomed.c0 > 1) {
          host.setWindow(zoomed);
          // The cell under the pointer is another one now; the next move says which.
          host.setUi({ hover: undefined, tooltipAt: undefined });
        }
        return;
      }
      if (start) host.pin(start.query, start.key);
    },
    cancel(host) {
      pressed.delete(host);
      host.setUi({ brush: undefined });
    },
    wheel: (host, point, delta) => wheelZoom(host, point, delta.y),
  },

  hitTest(host, { x, y }): AttentionTarget | undefined {
    const layout = layouts.get(host);
    if (!layout) return undefined;
    const cell = cellAt(layout, x, y);
    if (cell) return { kind: 'cell', ...cell };
    const label = labelAt(layout, x, y);
    if (label && 'query' in label) return { kind: 'query-label', query: label.query };
    if (label && 'key' in label) return { kind: 'key-label', key: label.key };
    return undefined;
  },

  locate(host, target) {
    const layout = layouts.get(host);
    if (!layout || target.kind !== 'cell') return undefined;
    return focusPoint(layout, target.query, target.key);
  },

  command(host, command) {
    const [, , q, k] = host.data.source.shape;
    const window = host.window;
    switch (command.kind) {
      case 'move':
      case 'extend':
      case 'page':
      case 'edge': {
        const started = host.focusQuery !== undefined && host.focusKey !== undefined;
        let query = host.focusQuery ?? 0;
        let key = host.focusKey ?? 0;
        if (started) {
          if (command.kind === 'page') query += command.direction * (window.r1 - window.r0);
          else if (command.kind === 'edge') [query, key] = command.to === 'start' ? [query, 0] : [query, k - 1];
          else [query, key] = [query + command.dy, key + command.dx];
        }
        query = Math.max(0, Math.min(q - 1, query));
        key = Math.max(0, Math.min(k - 1, key));
        host.set({ focusQuery: query, focusKey: key });
        const moved = windowContaining(window, query, key);
        if (moved.r0 !== window.r0 || moved.c0 !== window.c0) host.setWindow(moved);
        host.announce(describeCell(host, query, key));
        host.hovered(host.cellDetail(query, key));
        return true;
      }
      case 'select':
        if (host.focusQuery === undefined || host.focusKey === undefined) return false;
        host.pin(host.focusQuery, host.focusKey);
        return true;
      case 'escape':
        host.set({ focusQuery: undefined, focusKey: undefined });
        host.setUi({ pinned: undefined });
        host.resetZoom();
        host.announce('Cursor and pin cleared, whole matrix shown.');
        return true;
      case 'zoom': {
        const at = {
          query: host.focusQuery ?? Math.floor((window.r0 + window.r1) / 2),
          key: host.focusKey ?? Math.floor((window.c0 + window.c1) / 2),
        };
        const next = zoomWindow(window, command.direction > 0 ? 0.8 : 1.25, at, q, k);
        host.setWindow(next);
        host.announce(`Zoomed ${command.direction > 0 ? 'in' : 'out'}: rows ${next.r0} to ${next.r1 - 1}, columns ${next.c0} to ${next.c1 - 1}.`);
        return true;
      }
      case 'reset':
        host.resetZoom();
        host.announce('Whole matrix shown.');
        return true;
    }
  },

  legendNotes(host) {
    const notes = [selectionLabel(host)];
    const blocks = host.blocks;
    if (blocks.blockRows > 1 || blocks.blockCols > 1) notes.push(`${host.options.downsample} of ${blocks.blockRows}×${blocks.blockCols} cells`);
    if (host.options.normalization !== 'none') notes.push(`each ${host.options.normalization} scaled to its max`);
    return notes;
  },
};

/** What is shown, in the words of the input: no layer or head for a single matrix. */
export function selectionLabel(host: AttentionHost): string {
  const { layer, head, rollout } = host.options;
  if (rollout) return `rollout through layer ${layer}`;
  const rank = host.data.source.rank;
  const which = typeof head === 'number' ? `head ${head}` : `${head} over heads`;
  if (rank === 2) return 'attention';
  return rank === 3 ? which : `layer ${layer}, ${which}`;
}

/** Wheel zoom around the cell under the pointer; false outside the cells. */
export function wheelZoom(host: AttentionHost, point: { x: number; y: number }, deltaY: number): boolean {
  const layout = layouts.get(host);
  const cell = layout && cellAt(layout, point.x, point.y);
  if (!cell) return false;
  const [, , q, k] = host.data.source.shape;
  const window = host.window;
  const next = zoomWindow(window, wheelZoomFactor(deltaY), cell, q, k);
  if (next.r0 !== window.r0 || next.r1 !== window.r1 || next.c0 !== window.c0 || next.c1 !== window.c1) host.setWindow(next);
  return true;
}
