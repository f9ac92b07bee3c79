/**
 * The events every nnscope element fires. Each is a typed `Event` subclass
 * with a static `eventName`, bubbles and is composed (it crosses shadow roots,
 * so a dashboard can listen on `document`), and carries indices and values,
 * never DOM nodes.
 *
 * @example
 * ```ts
 * el.addEventListener('nn-hover', (e) => console.log(e.detail));
 * ```
 */

const init: EventInit = { bubbles: true, composed: true };

/** Detail of {@link NnRenderEvent}. */
export interface NnRenderDetail {
  /** The TensorFlow.js backend the element computed on ('webgpu', 'webgl', 'cpu', ...). */
  backend: string;
  /** Milliseconds from the input change to the data being on screen. */
  ms: number;
}

/** Fired when data-dependent drawing for the current inputs is on screen. */
export class NnRenderEvent extends Event {
  static readonly eventName = 'nn-render';
  constructor(readonly detail: NnRenderDetail) {
    super(NnRenderEvent.eventName, init);
  }
}

/** Detail of {@link NnErrorEvent}. */
export interface NnErrorDetail {
  /** What went wrong, in words a user can act on; also shown inline and in `el.error`. */
  message: string;
}

/** Fired when an input cannot be shown. The element shows the message and recovers on good input. */
export class NnErrorEvent extends Event {
  static readonly eventName = 'nn-error';
  constructor(readonly detail: NnErrorDetail) {
    super(NnErrorEvent.eventName, init);
  }
}

/** Detail of {@link NnProgressEvent}. */
export interface NnProgressDetail {
  done: number;
  total: number;
}

/** Fired while long work (attribution, optimisation) advances. */
export class NnProgressEvent extends Event {
  static readonly eventName = 'nn-progress';
  constructor(readonly detail: NnProgressDetail) {
    super(NnProgressEvent.eventName, init);
  }
}

/**
 * Fired when the pointer or keyboard focus moves over a datum. `detail` is
 * element-specific (e.g. `{query, key, value}` for attention); `null` when
 * the pointer leaves.
 */
export class NnHoverEvent<T = Record<string, unknown>> extends Event {
  static readonly eventName = 'nn-hover';
  constructor(readonly detail: T | null) {
    super(NnHoverEvent.eventName, init);
  }
}

/** Fired when the user selects something (click, Enter, brush). `detail` is element-specific. */
export class NnSelectEvent<T = Record<string, unknown>> extends Event {
  static readonly eventName = 'nn-select';
  constructor(readonly detail: T) {
    super(NnSelectEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'nn-render': NnRenderEvent;
    'nn-error': NnErrorEvent;
    'nn-progress': NnProgressEvent;
    'nn-hover': NnHoverEvent;
    'nn-select': NnSelectEvent;
  }
}
