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
  /** The error behind the message (an `NnDataError`, or the browser's own), for logs and bug reports. */
  cause?: unknown;
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
 * The hover details of every element, by tag. Each element adds its own
 * entry (declaration merging), so that `nn-hover` in the global event map is
 * a discriminated union on `kind` ('attention-cell', 'tracer-step', ...).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NnHoverDetails {}

/** The select details of every element, by tag (see {@link NnHoverDetails}). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NnSelectDetails {}

/** Any element's hover detail: a union discriminated by `kind`. */
export type NnHoverDetail = NnHoverDetails[keyof NnHoverDetails];

/** Any element's select detail: a union discriminated by `kind`. */
export type NnSelectDetail = NnSelectDetails[keyof NnSelectDetails];

/**
 * Fired when the pointer or keyboard focus moves over a datum. `detail` is
 * the element's own (e.g. `{kind: 'attention-cell', query, key, value}`);
 * `null` when the pointer leaves.
 */
export class NnHoverEvent<T = NnHoverDetail> extends Event {
  static readonly eventName = 'nn-hover';
  constructor(readonly detail: T | null) {
    super(NnHoverEvent.eventName, init);
  }
}

/** Fired when the user selects something (click, Enter, brush). `detail` is the element's own. */
export class NnSelectEvent<T = NnSelectDetail> extends Event {
  static readonly eventName = 'nn-select';
  constructor(readonly detail: T) {
    super(NnSelectEvent.eventName, init);
  }
}

/**
 * The state linked elements share, on axes every element maps its own
 * targets onto. A field left out is unchanged; `null` clears it.
 */
export interface LinkState {
  /** The focused token: a position in the sequence (the attention row, the tracer's step, a saliency token). */
  token?: number | null;
  /** A selected range of tokens or steps, `[start, end)`. */
  tokenRange?: readonly [number, number] | null;
  /** The focused or selected channel (feature grid). */
  channel?: number | null;
  /** Selected hidden units (tracer). */
  units?: readonly number[] | null;
  /** The attention heatmap's layer and head. */
  layer?: number;
  head?: number;
  /** A position in an image or activation map, `{x, y}` in its own pixels. */
  pixel?: { x: number; y: number } | null;
}

/** Detail of {@link NnLinkEvent}. */
export interface NnLinkDetail {
  state: LinkState;
}

/**
 * Fired when a user's gesture changes what an element shares with linked
 * views: the token under the pointer, a brushed range, a channel. Anything on
 * the page can listen, and show the same state in any element with
 * `el.applyLink(state)`, or through a link group (`link="name"`, `link(a, b)`).
 */
export class NnLinkEvent extends Event {
  static readonly eventName = 'nn-link';
  constructor(readonly detail: NnLinkDetail) {
    super(NnLinkEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'nn-render': NnRenderEvent;
    'nn-error': NnErrorEvent;
    'nn-progress': NnProgressEvent;
    'nn-hover': NnHoverEvent;
    'nn-select': NnSelectEvent;
    'nn-link': NnLinkEvent;
  }
}
