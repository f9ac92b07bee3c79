import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ref, type RefOrCallback } from 'lit/directives/ref.js';
import type { DirectiveResult } from 'lit/directive.js';

/** A point in CSS pixels, relative to the top-left corner of the surface the pointer is over. */
export interface Point {
  x: number;
  y: number;
}

/** What a {@link PointerController} reports; every handler is optional. */
export interface PointerHandlers {
  /** The pointer moved over the surface (`undefined`: it left). Also called during a press. */
  hover?(point: Point | undefined, event: PointerEvent | undefined): void;
  /** A button went down. Return false to ignore this press (no capture, no drag, no click). */
  press?(point: Point, event: PointerEvent): boolean | void;
  /** A pressed pointer moved past the click distance: from the press point to `to`. */
  drag?(from: Point, to: Point, event: PointerEvent): void;
  /** The button came up. `dragged` is false for a click (it never moved past the click distance). */
  release?(from: Point, to: Point, dragged: boolean, event: PointerEvent): void;
  /** A press ended without a release: `pointercancel` (a touch scroll took over) or the element left the page. */
  cancel?(): void;
  /** Wheel, with the delta in pixels whatever the device's `deltaMode`. Return true when handled (the page does not scroll). */
  wheel?(point: Point, delta: Point, event: WheelEvent): boolean;
}

/**
 * Pixels per wheel "line" and "page" (`deltaMode` 1 and 2), as d3-zoom
 * normalises them: Firefox reports lines, most mice in Chromium pixels.
 */
export const WHEEL_LINE_PIXELS = 25;
export const WHEEL_PAGE_PIXELS = 500;

/** The wheel's delta in pixels, whatever its `deltaMode`. */
export function wheelPixels(event: WheelEvent): Point {
  const k = event.deltaMode === 1 ? WHEEL_LINE_PIXELS : event.deltaMode === 2 ? WHEEL_PAGE_PIXELS : 1;
  return { x: event.deltaX * k, y: event.deltaY * k };
}

/**
 * The zoom factor for a wheel delta in pixels: d3-zoom's `2^(-delta * 0.002)`
 * as a span multiplier, so a 100 px notch zooms in or out by about 15 %.
 */
export function wheelZoomFactor(deltaPixels: number): number {
  return 2 ** (deltaPixels * 0.002);
}

/** The event's position relative to `surface`'s border box. */
export function localPoint(event: MouseEvent, surface: Element): Point {
  const box = surface.getBoundingClientRect();
  return { x: event.clientX - box.left, y: event.clientY - box.top };
}

/**
 * Pointer input on one surface (a canvas, a plot), written once for every
 * element: local coordinates, hover and leave, pointer capture during a
 * press, `pointercancel`, a click-versus-drag distance, and wheel deltas
 * normalised across `deltaMode`s. The element's views decide what a point
 * means (their `hitTest`); this only reports gestures.
 *
 * Attach it in a template with `${this.pointer.attach()}` on the surface.
 *
 * @example
 * ```ts
 * private readonly pointer = new PointerController(this, {
 *   hover: (point) => (this.hovered = point && this.view.hitTest(this.layout, point.x, point.y)),
 *   release: (from, to, dragged) => (dragged ? this.zoomTo(from, to) : this.pin(to)),
 * });
 * render() { return html`<canvas ${this.pointer.attach()}></canvas>`; }
 * ```
 */
export class PointerController implements ReactiveController {
  /** Moves shorter than this (in CSS pixels, summed over both axes) are a click, not a drag. */
  static readonly clickDistance = 4;

  private surface?: Element;
  private pressed?: { id: number; from: Point; dragged: boolean };
  private readonly handlers: PointerHandlers;

  constructor(host: ReactiveControllerHost, handlers: PointerHandlers) {
    this.handlers = handlers;
    host.addController(this);
  }

  /** True while a button is down on the surface. */
  get isPressed(): boolean {
    return this.pressed !== undefined;
  }

  /** True while the press has moved past the click distance. */
  get isDragging(): boolean {
    return this.pressed?.dragged === true;
  }

  /** A Lit element-part directive that makes the element it is on the surface. */
  attach(): DirectiveResult {
    return ref(this.setSurface as RefOrCallback);
  }

  hostDisconnected(): void {
    this.cancelPress();
  }

  private readonly setSurface = (element: Element | undefined): void => {
    if (element === this.surface) return;
    if (this.surface) {
      for (const [type, listener] of this.listeners) this.surface.removeEventListener(type, listener as EventListener);
    }
    this.cancelPress();
    this.surface = element;
    if (element) {
      for (const [type, listener] of this.listeners) {
        // The wheel listener calls preventDefault when it zooms, so it cannot be passive.
        element.addEventListener(type, listener as EventListener, type === 'wheel' ? { passive: false } : undefined);
      }
    }
  };

  private point(event: MouseEvent): Point {
    return localPoint(event, event.currentTarget as Element);
  }

  private cancelPress(): void {
    if (!this.pressed) return;
    this.pressed = undefined;
    this.handlers.cancel?.();
  }

  private readonly listeners: [string, (event: never) => void][] = [
    [
      'pointerdown',
      (event: PointerEvent) => {
        if (event.button !== 0 || this.pressed) return;
        const point = this.point(event);
        if (this.handlers.press?.(point, event) === false) return;
        this.pressed = { id: event.pointerId, from: point, dragged: false };
        (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
      },
    ],
    [
      'pointermove',
      (event: PointerEvent) => {
        const point = this.point(event);
        const pressed = this.pressed;
        if (pressed && pressed.id === event.pointerId) {
          if (!pressed.dragged && Math.abs(point.x - pressed.from.x) + Math.abs(point.y - pressed.from.y) > PointerController.clickDistance) {
            pressed.dragged = true;
          }
          if (pressed.dragged) this.handlers.drag?.(pressed.from, point, event);
        }
        this.handlers.hover?.(point, event);
      },
    ],
    [
      'pointerup',
      (event: PointerEvent) => {
        const pressed = this.pressed;
        if (!pressed || pressed.id !== event.pointerId) return;
        this.pressed = undefined;
        this.handlers.release?.(pressed.from, this.point(event), pressed.dragged, event);
      },
    ],
    [
      'pointercancel',
      (event: PointerEvent) => {
        if (this.pressed?.id === event.pointerId) this.cancelPress();
      },
    ],
    [
      'pointerleave',
      (event: PointerEvent) => {
        // A captured pointer leaving the surface is still dragging; it has not left.
        if (this.pressed?.id === event.pointerId) return;
        this.handlers.hover?.(undefined, event);
      },
    ],
    [
      'wheel',
      (event: WheelEvent) => {
        if (!this.handlers.wheel) return;
        if (this.handlers.wheel(this.point(event), wheelPixels(event), event)) event.preventDefault();
      },
    ],
  ];
}
