import { nothing } from 'lit';
import type { ElementView } from '../../base/view.js';
import { drawOverview } from '../draw-overview.js';
import { bandAt, overviewStepAt } from '../timeline-layout.js';
import type { TracerHost, TracerTarget } from './host.js';

type OverviewTarget = Extract<TracerTarget, { view: 'overview' }>;

/**
 * The whole sequence as a bar at the bottom of the canvas: every match, the
 * selection, and the visible window, which the pointer drags. Its target is
 * the step under the pointer, for scrolling; it has no card.
 */
export const overviewView: ElementView<TracerHost, OverviewTarget> = {
  template: () => nothing,

  draw(host) {
    const { frame, traced, result } = host;
    if (!frame || !traced || !result) return;
    drawOverview(frame.ctx, frame.layout, traced.steps, result.selection, result.matches, frame.style.colors);
  },

  hitTest(host, point) {
    const layout = host.frame?.layout;
    if (!layout || !host.traced || bandAt(layout, point.x, point.y) !== 'overview') return undefined;
    return { view: 'overview', band: 'overview', t: overviewStepAt(layout, point.x, host.traced.steps) };
  },
};
