import type { Span } from '../../compute/hidden-states/types.js';
import type { TimelineLayout } from './timeline-layout.js';

/**
 * The whole sequence as a bar: a tick per match (all of them, not only the
 * visible), the selection, and the visible window as an outlined box that
 * can be dragged. Costs one rect per match, whatever the length.
 */
export function drawOverview(
  ctx: CanvasRenderingContext2D,
  layout: TimelineLayout,
  steps: number,
  selection: Span | undefined,
  matches: readonly Span[],
  colors: { grid: string; accent: string; text: string; muted: string },
): void {
  const { overview, window } = layout;
  const x = (t: number) => overview.x + (t / steps) * overview.width;
  ctx.save();
  ctx.fillStyle = `color-mix(in srgb, ${colors.grid} 55%, transparent)`;
  ctx.fillRect(overview.x, overview.y + 4, overview.width, overview.height - 8);
  ctx.fillStyle = colors.muted;
  for (const match of matches) ctx.fillRect(x(match.start), overview.y + 3, Math.max(1.5, x(match.end) - x(match.start)), overview.height - 6);
  if (selection && selection.end > selection.start) {
    ctx.fillStyle = colors.accent;
    ctx.fillRect(x(selection.start), overview.y + 1, Math.max(2, x(selection.end) - x(selection.start)), overview.height - 2);
  }
  ctx.strokeStyle = colors.text;
  ctx.lineWidth = 1.5;
  const x0 = x(window.start);
  ctx.strokeRect(x0 + 0.75, overview.y + 0.75, Math.max(3, x(window.start + window.span) - x0 - 1.5), overview.height - 1.5);
  ctx.restore();
}
