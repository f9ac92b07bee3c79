import type { Span } from '../../../compute/hidden-states/types.js';
import { wheelZoomFactor, type PointerHandlers, type Point } from '../../interaction/pointer.js';
import { overviewStepAt, stepAt, zoomWindow } from '../timeline-layout.js';
import type { StepTarget, TracerHost, TracerTarget } from './host.js';

/** What the gestures change that views only read. */
export interface GestureActions {
  /** The target under a point, from the views' `hitTest`s. */
  hitTest(point: Point): TracerTarget | undefined;
  /** The pointer is over a step (undefined: over nothing). */
  hover(target: StepTarget | undefined): void;
  /** The brush being dragged (undefined: none). */
  brush(span: Span | undefined): void;
}

/**
 * The tracer's pointer gestures on its canvas, for a `PointerController`:
 * hovering a step moves the cursor; pressing on the plot or its token axis
 * brushes steps (a click selects one step) and selects on release;
 * pressing or dragging on the overview scrolls the window to the step
 * there; the wheel zooms around the step under the pointer, and Shift+wheel
 * or a sideways wheel scrolls (deltas in pixels whatever the `deltaMode`).
 *
 * @example
 * ```ts
 * new PointerController(this, timelineGestures(this, { hitTest, hover, brush }));
 * ```
 */
export function timelineGestures(host: TracerHost, actions: GestureActions): PointerHandlers {
  let pressed: { band: string; t: number } | undefined;
  const centreOn = (t: number) => {
    const window = host.stepWindow;
    if (window) host.showWindow({ start: t - window.span / 2, span: window.span });
  };
  const drop = () => {
    pressed = undefined;
    actions.brush(undefined);
  };
  return {
    hover(point) {
      if (pressed) return;
      const target = point && actions.hitTest(point);
      actions.hover(target && target.view !== 'overview' ? target : undefined);
    },
    press(point) {
      const target = actions.hitTest(point);
      if (!target || target.band === 'track') return false;
      pressed = { band: target.band, t: target.t };
      if (target.view === 'overview') centreOn(target.t);
      else actions.brush({ start: target.t, end: target.t + 1 });
      return true;
    },
    drag(_from, to) {
      const layout = host.frame?.layout;
      if (!layout || !host.traced || !pressed) return;
      if (pressed.band === 'overview') return centreOn(overviewStepAt(layout, to.x, host.traced.steps));
      const t = stepAt(layout, to.x);
      actions.brush({ start: Math.min(pressed.t, t), end: Math.max(pressed.t, t) + 1 });
    },
    release() {
      const brush = host.brush;
      drop();
      if (brush) host.select(brush);
    },
    cancel: drop,
    wheel(point, delta, event) {
      const layout = host.frame?.layout;
      const window = host.stepWindow;
      if (!layout || !window || !host.traced) return false;
      if (event.shiftKey || Math.abs(delta.x) > Math.abs(delta.y)) {
        const pixels = (event.shiftKey ? delta.y : delta.x) || delta.y;
        const steps = (pixels / layout.plot.width) * window.span;
        host.showWindow({ start: window.start + Math.sign(steps) * Math.max(1, Math.abs(steps)), span: window.span });
      } else {
        host.showWindow(zoomWindow(window, wheelZoomFactor(delta.y), stepAt(layout, point.x), host.traced.steps, host.plotWidth));
      }
      return true;
    },
  };
}
