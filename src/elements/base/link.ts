import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { NnLinkEvent, type LinkState } from '../../events/events.js';

/**
 * How an element takes part in linking: what its gestures mean on the shared
 * axes (it calls {@link LinkController.publish}) and how it shows a state
 * set from outside (`showLinked`). One adapter per element; grouping
 * elements (`link="name"`) is built on this seam.
 */
export interface LinkAdapter {
  /** Shows what another element or a page control set: focus a token, select a range, pick a channel. */
  showLinked(state: LinkState): void;
}

/**
 * The link seam of every element. `publish` fires `nn-link` (bubbling,
 * composed) with the part of the shared state the user's gesture changed;
 * `apply` shows a state from outside through the element's adapter. While a
 * state is being applied the element publishes nothing, so A setting B can
 * never make B set A again.
 *
 * Elements publish from gestures (pointer, keys), never from property
 * changes: a page setting `focusQuery` is not the user moving.
 *
 * @example
 * ```ts
 * this.linker.publish({ token: 3 });          // the user hovered token 3
 * other.applyLink({ token: 3 });              // another element shows it
 * ```
 */
export class LinkController implements ReactiveController {
  private readonly host: ReactiveControllerHost & EventTarget;
  private readonly adapter: LinkAdapter;
  private applying = false;

  constructor(host: ReactiveControllerHost & EventTarget, adapter: LinkAdapter) {
    this.host = host;
    this.adapter = adapter;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Tells the page (and any link group) what the user's gesture set; nothing while applying a linked state. */
  publish(state: LinkState): void {
    if (this.applying) return;
    this.host.dispatchEvent(new NnLinkEvent({ state }));
  }

  /** Shows `state` from outside without publishing it back. */
  apply(state: LinkState): void {
    this.applying = true;
    try {
      this.adapter.showLinked(state);
    } finally {
      this.applying = false;
    }
  }
}
