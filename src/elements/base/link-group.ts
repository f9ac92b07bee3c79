import type { LinkState } from '../../events/events.js';

/** Something that shows a linked state itself: every nnscope element (`applyLink`). */
interface ShowsLinks {
  applyLink(state: LinkState): void;
}

const showsLinks = (member: Element): member is Element & ShowsLinks => typeof (member as Partial<ShowsLinks>).applyLink === 'function';

/** Detail of a {@link LinkGroup}'s `change` event. */
export interface LinkChangeDetail {
  /** What changed: the fields a member or `set` gave; `null` cleared a field. */
  readonly state: LinkState;
  /** The member whose gesture it was, or undefined when the page called `set`. */
  readonly source?: Element;
}

/** Fired by a {@link LinkGroup} after its members were shown a change. */
export class LinkChangeEvent extends Event {
  static readonly eventName = 'change';
  constructor(readonly detail: LinkChangeDetail) {
    super(LinkChangeEvent.eventName);
  }
}

/** Fired (not bubbling) on a member that is not an nnscope element when the group's state changes: `detail: {state}`, what changed. */
export const LINKED_EVENT = 'nn-linked';

/** A copy of `state` with the shared fields only, arrays and points copied, so a member cannot change what others were shown. */
function copyState(state: LinkState): LinkState {
  const out: { -readonly [K in keyof LinkState]: LinkState[K] } = {};
  if (state.token !== undefined) out.token = state.token;
  if (state.tokenRange !== undefined) out.tokenRange = state.tokenRange === null ? null : [state.tokenRange[0], state.tokenRange[1]];
  if (state.channel !== undefined) out.channel = state.channel;
  if (state.units !== undefined) out.units = state.units === null ? null : [...state.units];
  if (state.layer !== undefined) out.layer = state.layer;
  if (state.head !== undefined) out.head = state.head;
  if (state.pixel !== undefined) out.pixel = state.pixel === null ? null : { x: state.pixel.x, y: state.pixel.y };
  return out;
}

/**
 * Views that answer each other: members share one {@link LinkState} (the
 * focused token, a token range, a channel, units, layer and head, a pixel).
 * A member's gesture (its `nn-link` event) is shown by every other member;
 * `set` shows a state from the page (a slider, a paragraph's words).
 *
 * - **Members** are any elements. nnscope elements show a state through
 *   `applyLink`; any other element is sent an `nn-linked` event
 *   (`detail: {state}`) and may publish by dispatching a bubbling `nn-link`
 *   event (`detail: {state}`), so a plain control or another library's
 *   chart joins with nothing but events.
 * - **No loops.** A member is never shown what it published, and whatever
 *   a member or a `change` listener publishes while the group is showing a
 *   state is dropped: A sets B sets A cannot happen.
 * - **Late members** are shown the group's current state when they join.
 *
 * Elements with the same `link="name"` attribute join the document's group
 * of that name ({@link linkGroup}); {@link link} makes a group in code.
 *
 * @example
 * ```js
 * import { link, linkGroup } from 'nnscope';
 * const group = link(heatmap, tracer);        // hover in one, see it in the other
 * slider.addEventListener('input', () => group.set({ token: slider.valueAsNumber }));
 * linkGroup('story').addEventListener('change', (e) => console.log(e.detail.state));
 * ```
 */
export class LinkGroup extends EventTarget {
  /** The name elements give in `link="..."`, or undefined for a group made in code. */
  readonly name?: string;
  private readonly members = new Set<Element>();
  private current: LinkState = {};
  private showing = false;
  /** `nn-link` events this group has taken (a member inside another member would be seen twice). */
  private readonly taken = new WeakSet<Event>();

  constructor(name?: string) {
    super();
    this.name = name;
  }

  /** The shared state: every field some member or `set` gave, as last given. */
  get state(): LinkState {
    return copyState(this.current);
  }

  /** The members, in the order they joined. */
  get elements(): Element[] {
    return [...this.members];
  }

  /** Adds members: each is shown the current state, and its `nn-link` events are shared. */
  add(...elements: Element[]): this {
    for (const element of elements) {
      if (this.members.has(element)) continue;
      this.members.add(element);
      element.addEventListener('nn-link', this.onLink);
      if (Object.keys(this.current).length > 0) this.show(element, copyState(this.current));
    }
    return this;
  }

  /** Removes members; they keep what they show and stop sharing. */
  remove(...elements: Element[]): this {
    for (const element of elements) {
      if (!this.members.delete(element)) continue;
      element.removeEventListener('nn-link', this.onLink);
    }
    return this;
  }

  /** True when `element` is a member. */
  has(element: Element): boolean {
    return this.members.has(element);
  }

  /** Shows `state` in every member, as a page control would (fires `change` with no source). */
  set(state: LinkState): void {
    this.share(state, undefined);
  }

  /** Clears every field of the shared state in every member. */
  clear(): void {
    this.share({ token: null, tokenRange: null, channel: null, units: null, pixel: null }, undefined);
  }

  private readonly onLink = (event: Event): void => {
    if (this.taken.has(event)) return;
    this.taken.add(event);
    const detail = (event as CustomEvent<{ state?: LinkState } | undefined>).detail;
    if (!detail || typeof detail !== 'object' || !detail.state || typeof detail.state !== 'object') return;
    this.share(detail.state, event.currentTarget as Element);
  };

  private share(given: LinkState, source: Element | undefined): void {
    // Published while a state is being shown: an echo of it (or a listener
    // answering a change with another); dropping it is what makes loops impossible.
    if (this.showing) return;
    const state = copyState(given);
    if (Object.keys(state).length === 0) return;
    this.current = { ...this.current, ...state };
    this.showing = true;
    try {
      for (const member of this.members) if (member !== source) this.show(member, copyState(state));
      this.dispatchEvent(new LinkChangeEvent({ state: copyState(state), source }));
    } finally {
      this.showing = false;
    }
  }

  private show(member: Element, state: LinkState): void {
    try {
      if (showsLinks(member)) member.applyLink(state);
      else member.dispatchEvent(new CustomEvent(LINKED_EVENT, { detail: { state } }));
    } catch (error) {
      // One member failing must not keep the others from being shown the state.
      if (typeof reportError === 'function') reportError(error);
    }
  }
}

/** Named groups live on the document under a global symbol, so two copies of the library on one page share them. */
const GROUPS = Symbol.for('nnscope.link-groups');

/**
 * The document's link group named `name`: the one that elements with
 * `link="name"` join. Made on first use and kept for the document's life,
 * so a page may listen to it before any element joins.
 */
export function linkGroup(name: string, doc: Document = document): LinkGroup {
  const holder = doc as Document & { [GROUPS]?: Map<string, LinkGroup> };
  const groups = (holder[GROUPS] ??= new Map());
  let group = groups.get(name);
  if (!group) {
    group = new LinkGroup(name);
    groups.set(name, group);
  }
  return group;
}

/** Links `elements` in a new {@link LinkGroup}: what the user does in one, the others show. */
export function link(...elements: Element[]): LinkGroup {
  return new LinkGroup().add(...elements);
}
