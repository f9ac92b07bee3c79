import type { nothing, TemplateResult } from 'lit';
import type { CursorCommand } from '../interaction/keys.js';
import type { Point } from '../interaction/pointer.js';
import type { Tooltip } from '../interaction/tooltip.js';
import { oneOf } from './validate.js';

/**
 * One view of an element: the attention heatmap's matrix, the tracer's heat
 * track. The element never branches on which view is shown; it asks
 * `views[this.view]`, as Observable Plot asks each mark to render and Lit's
 * virtualizer asks its layout. A new view is one new module registered in
 * the element's table (see {@link registerView}).
 *
 * `Host` is the narrow, read-mostly face of the element that views see (its
 * data stages, attributes and interaction state), so that a view can be
 * tested with a plain object. `Target` is what a point or the keyboard
 * cursor lands on (a cell, a tile, a step).
 *
 * Every method but `template` is optional: a text view has no canvas to
 * draw, a legend-less view no notes.
 */
export interface ElementView<Host, Target = unknown> {
  /** Loads or computes what this view needs beyond the element's shared data (thumbnails, a picture). Runs in the pipeline. */
  prepare?(host: Host, signal: AbortSignal): Promise<void> | void;
  /** The view's DOM: canvases, SVG or text, with the pointer surface attached. */
  template(host: Host): TemplateResult | typeof nothing;
  /** Paints the data at the host's current size (canvas views). */
  draw?(host: Host): void | Promise<void>;
  /** Paints hover, focus, pins and brushes over the data; cheap enough for every pointer move. */
  drawOverlay?(host: Host): void;
  /** What is under `point` (view coordinates, CSS pixels). */
  hitTest?(host: Host, point: Point): Target | undefined;
  /** What pointer gestures on the view's surface do (the element's `PointerController` hands them over). */
  gestures?: ViewGestures<Host>;
  /** Where a target is drawn (its centre, in the pointer surface's CSS pixels): the inverse of `hitTest`, for annotations, tours and tests. */
  locate?(host: Host, target: Target): Point | undefined;
  /** What a keyboard command does in this view; false when it does not apply. */
  command?(host: Host, command: CursorCommand): boolean;
  /** The card for a target under the pointer or the keyboard cursor. */
  tooltip?(host: Host, target: Target): Tooltip | undefined;
  /** The sentence said to screen-reader users for a target. */
  describe?(host: Host, target: Target): string;
  /** Words under the legend: what is shown and anything that changes how to read it. */
  legendNotes?(host: Host): string[];
}

/**
 * A view's answers to the gestures a {@link PointerController} reports, with
 * the host passed in; see `PointerHandlers` for when each is called.
 */
export interface ViewGestures<Host> {
  hover?(host: Host, point: Point | undefined): void;
  press?(host: Host, point: Point): boolean | void;
  drag?(host: Host, from: Point, to: Point): void;
  release?(host: Host, from: Point, to: Point, dragged: boolean): void;
  cancel?(host: Host): void;
  wheel?(host: Host, point: Point, delta: Point): boolean;
}

/** An element's views by the names its `view` attribute takes. */
export type ViewTable<Host, Target = unknown> = Record<string, ElementView<Host, Target>>;

/**
 * The view named `name` in `table`, or an error naming the attribute, the
 * value and the views there are.
 *
 * @example
 * ```ts
 * const view = viewOf(AttentionHeatmap.views, this.view); // throws 'view must be one of "matrix", ...; got "bogus".'
 * ```
 */
export function viewOf<Host, Target>(table: ViewTable<Host, Target>, name: unknown, attribute = 'view'): ElementView<Host, Target> {
  return table[oneOf(attribute, name, Object.keys(table))];
}

/**
 * Adds a view to an element class's table, so `view="name"` shows it.
 *
 * @example
 * ```ts
 * registerView(AttentionHeatmap, 'diagonal', diagonalView);
 * ```
 */
export function registerView<Host, Target>(element: { views: ViewTable<Host, Target> }, name: string, view: ElementView<Host, Target>): void {
  element.views[name] = view;
}
