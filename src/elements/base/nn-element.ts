import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ensureBackend } from '../../backend/use-backend.js';
import { loadTensor, type LoadTensorOptions, type TensorInput } from '../../data/load-tensor.js';
import { NnErrorEvent, NnProgressEvent, NnRenderEvent, type LinkState } from '../../events/events.js';
import { LinkController, type LinkAdapter } from './link.js';
import { linkGroup, type LinkGroup } from './link-group.js';
import { failureMessage } from './failure.js';
import { tf } from '../../tf.js';
import { canvasToBlob, compositeView, svgMarkup } from '../../render/export.js';
import { baseStyles } from './styles.js';
import { keyAnnouncement, readKey, type ZoomExtent } from '../interaction/keys.js';
import { resolvePageTheme, watchPageTheme, type PageTheme, type Scheme } from './page-theme.js';

/** The element's type: a CSS font family and the text and label sizes in px. */
export interface Typography {
  readonly family: string;
  readonly text: number;
  readonly label: number;
}
import { TensorSlots } from './tensor-slots.js';
import { BackendChangedError, computeOn } from './stage.js';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Light, dark, or whatever the page around the element is. */
export type Theme = 'auto' | 'light' | 'dark';
export type { Scheme } from './page-theme.js';

/** The size of the element's content box in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * The behaviour all nnscope elements share, so each element is only its view:
 *
 * - **Lazy start.** Loading and GPU work begin when the element comes within
 *   one viewport of being visible (as Distill's figures do), or at once with
 *   `eager`. A long article with twenty figures then computes only what is read.
 * - **One pipeline per input.** When a property listed in `dataProperties`
 *   changes, `computeData(signal)` runs on the selected backend and then
 *   `drawData()`; a newer input aborts the older run's signal. Changes to other
 *   properties, a resize or a theme switch only call `drawData()`.
 * - **`updateComplete` means drawn.** It resolves after the data-dependent
 *   drawing for the current inputs is on screen, so tests and exporters never
 *   see a half-drawn view.
 * - **Errors stay inside.** Anything the pipeline throws is shown inline
 *   (`part="error"`), kept in `error`, and fired as `nn-error`; the page never
 *   sees an exception, and the next good input clears it.
 * - **Tensors are owned.** Tensors the element made live in `tensors` (a
 *   {@link TensorSlots}) or its stages; they are freed when replaced and
 *   when the element leaves the page (at the end of that task, so a move
 *   within one task keeps the view drawn, with nothing recomputed).
 *   Re-adding an element draws it again from its inputs. Tensors a caller
 *   passed in are never disposed.
 * - **Theme, size, export, accessibility.** CSS custom properties, `theme`,
 *   a ResizeObserver-driven `size`, `exportImage()`, one tab stop with a live
 *   region for values.
 *
 * @cssproperty [--nn-font=system-ui] - Font family.
 * @cssproperty [--nn-font-size=12px] - Base font size.
 * @cssproperty [--nn-text-color=#1f2328] - Text and axis colour (dark: #e6edf3; auto: the page's text colour).
 * @cssproperty [--nn-muted-color=#59636e] - Secondary text (dark: #9198a1).
 * @cssproperty [--nn-background=#ffffff] - Background, also of exported images (dark: #0d1117; auto: transparent on screen, the page's background in exports and canvas fills).
 * @cssproperty [--nn-grid-color=#d1d9e0] - Grid lines and borders (dark: #3d444d).
 * @cssproperty [--nn-accent-color=#0969da] - Focus ring, selection, progress (dark: #4493f8).
 * @cssproperty [--nn-missing-color=#e8e8e8] - Cells with no value (NaN, masked, causal) (dark: #2a2f37).
 * @cssproperty [--nn-zero-color=#f6f8fa] - The zero of a diverging scale where it must be opaque (dark: #262c36).
 * @cssproperty [--nn-chip-color=#eff2f5] - Neutral chips: token backgrounds in text views (dark: #262c36).
 * @cssproperty [--nn-error-color=#cf222e] - Error messages (dark: #ff7b72).
 * @cssproperty [--nn-padding=8px] - Inner padding of an explicit `theme="light"` or `"dark"` box (auto has none: it sits on the page).
 * @csspart view - The element's visualisation.
 * @csspart error - The inline error message.
 * @csspart progress - The progress bar during long computations.
 * @csspart legend - The colour legend, where the view has one.
 * @fires nn-render - {@link NnRenderEvent}: the view for the current inputs is on screen; `detail: {backend, ms}`.
 * @fires nn-error - {@link NnErrorEvent}: an input could not be shown; `detail: {message}`.
 * @fires nn-progress - {@link NnProgressEvent}: long work advanced; `detail: {done, total}`.
 * @fires nn-link - {@link NnLinkEvent}: the user's gesture changed what linked views share; `detail: {state}`.
 */
export abstract class NnElement extends LitElement implements LinkAdapter {
  static override styles = [baseStyles];

  /**
   * Properties whose change means new data: a new `computeData` run. Others
   * (colours, scale, selection) only redraw. Subclasses extend the list.
   */
  protected static dataProperties: readonly string[] = ['src'];

  /**
   * Properties whose change needs neither new data nor a redraw of the data:
   * hover state drawn on an overlay, tooltips. Subclasses extend the list.
   */
  protected static overlayProperties: readonly string[] = [];

  /** URL of the data file (.npy, .npz, .safetensors, .json); `#name` picks an array in npz/safetensors. */
  @property() src?: string;

  /** Start loading and computing at once instead of when scrolled near. */
  @property({ type: Boolean, reflect: true }) eager = false;

  /**
   * `auto` (default: follows the page around the element: its colour
   * scheme, else its background, see {@link NnElement.resolvedTheme}),
   * `light` or `dark` (a box of that palette, with inner padding).
   */
  @property({ reflect: true }) theme: Theme = 'auto';

  /** Any d3-scale-chromatic scheme name ('viridis', 'magma', 'RdBu', ...). Default per element, colour-blind safe. */
  @property() colormap?: string;

  /** The TensorFlow.js backend the current view was computed on, once computed. */
  get backend(): string | undefined {
    return this._backend;
  }

  /**
   * The scheme the element is drawn in: `theme` when it is light or dark;
   * in `auto`, the page's (its `color-scheme`, else the lightness of the
   * background behind the element, else the browser's canvas). Reflected as
   * the read-only `resolved-theme` attribute the styles key on.
   */
  get resolvedTheme(): Scheme {
    return this._page.scheme;
  }

  /** The message shown for the current input, or undefined when it is fine. */
  get error(): string | undefined {
    return this._error;
  }

  /** The element's content size, kept current by a ResizeObserver. */
  @state() protected size: Size = { width: 0, height: 0 };

  /** True once the element has come near the viewport (or is `eager`). */
  @state() protected started = false;

  /** Tensors this element made; freed on replacement and disconnect. */
  protected readonly tensors = new TensorSlots();

  /**
   * The link seam: `linker.publish(state)` from the element's gestures,
   * `applyLink(state)` from outside (another element, a page control), shown
   * through {@link NnElement.showLinked}.
   * @internal
   */
  readonly linker: LinkController = new LinkController(this, this);

  /**
   * Shows a linked state set from outside (another element, a slider, a
   * paragraph's words) without firing it back as `nn-link`: fields left out
   * are unchanged, `null` clears one. What a {@link LinkGroup} calls.
   */
  applyLink(state: LinkState): void {
    this.linker.apply(state);
  }

  /**
   * The name of the document's link group this element is in: elements with
   * the same `link` show what the user does in any of them (the focused
   * token, a range, a channel, layer and head). Unset: not linked.
   */
  @property() link?: string | null;

  /** The named group joined, left when `link` changes or the element leaves the page. */
  private joined?: LinkGroup;

  private joinLinkGroup(): void {
    const name = this.isConnected && this.link ? this.link : undefined;
    if (this.joined && this.joined.name === name) return;
    this.joined?.remove(this);
    this.joined = name ? linkGroup(name, this.ownerDocument) : undefined;
    this.joined?.add(this);
  }

  /**
   * Shows a linked state set from outside: each element maps the shared
   * axes (token, range, channel, units, layer/head, pixel) onto its own
   * targets. The default shows nothing.
   */
  showLinked(_state: LinkState): void {}

  @state() private _error?: string;
  @state() private _progress?: { done: number; total: number };
  @state() private _announcement = '';
  @state() private busy = false;
  private _backend?: string;
  private errorFrom?: 'compute' | 'draw';
  /** The aria-label this element last wrote; any other label is the page's own and is kept. */
  private ownLabel?: string;
  private dataDirty = true;
  private hasData = false;
  private drawQueued = false;
  /** Counts draws started; a queued redraw is skipped if a draw started after it was asked for. */
  private drawSerial = 0;
  /** True while a pipeline run has yet to draw: its own draw covers any redraw asked for meanwhile. */
  private pipelineWillDraw = false;
  private run?: AbortController;
  private pending?: Promise<void>;
  private intersection?: IntersectionObserver;
  private resize?: ResizeObserver;
  private readonly darkQuery = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  private readonly onSchemeChange = () => this.rereadPage();
  /** The page's theme as last read (or the explicit theme's). */
  private _page: PageTheme = { scheme: 'light' };
  /** This element's own sheet: the page's colours for `auto`, as `--_page-*` tokens. */
  private readonly pageSheet = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype ? new CSSStyleSheet() : undefined;
  private stopWatchingPage?: () => void;
  private readonly onInteraction = (event: Event) => {
    if (event.type === 'keydown') this.announcedAtKey = this.announcements;
    this.recomputeIfBackendChanged();
  };
  /** Counts announcements, so the key layer can tell whether a view said anything for a key. */
  private announcements = 0;
  private announcedAtKey = 0;
  /** Set once a zoom key was handled: the view zooms, so Escape also resets the zoom. */
  private zoomedByKeys = false;
  /**
   * After the view handled a key (the CursorController, registered earlier,
   * prevented its default): zoom, zoom reset and Escape are said in the
   * same words on every element, unless the view said something itself.
   */
  private readonly onKeyHandled = (event: KeyboardEvent) => {
    if (!event.defaultPrevented) return;
    const command = readKey(event);
    if (command?.kind !== 'zoom' && command?.kind !== 'reset' && command?.kind !== 'escape') return;
    if (command.kind !== 'escape') this.zoomedByKeys = true;
    if (this.announcements !== this.announcedAtKey) return;
    const extents = this.zoomExtent();
    const text = keyAnnouncement(command, extents, this.zoomedByKeys || extents !== undefined);
    if (text) this.announce(text);
  };

  /**
   * Loads inputs and computes what the view shows, on the selected backend.
   * Throw to show an error. Check `signal.aborted` after each await: a newer
   * input supersedes this run. Store tensors in `this.tensors`.
   */
  protected abstract computeData(signal: AbortSignal): Promise<void>;

  /** Draws the computed data at the current `size` and theme. May be async. */
  protected abstract drawData(): void | Promise<void>;

  /** The view's template; the base wraps it with the error, progress and live region. */
  protected abstract renderView(): TemplateResult | typeof nothing;

  /** What the element is, for assistive technology ("Attention heatmap, 12 layers ..."). */
  protected abstract describe(): string;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved within one task (removed and appended again before the release
    // ran, as a framework reordering a list does): keep everything drawn.
    this.releasing = undefined;
    // Released while away: draw again from the inputs, which were kept.
    if (this.dataDirty && !this.run) this.requestUpdate();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'figure');
    this.darkQuery?.addEventListener('change', this.onSchemeChange);
    this.stopWatchingPage = watchPageTheme(this.ownerDocument, { pageThemeChanged: () => this.rereadPage() });
    this.resolveTheme();
    this.joinLinkGroup();
    // Interaction reads the computed tensors: a backend switched since then
    // is caught before the first key or pointer reaches the view.
    for (const type of ['keydown', 'pointerover', 'focusin']) this.addEventListener(type, this.onInteraction, { capture: true });
    // After super.connectedCallback(): the CursorController's listener runs first.
    this.addEventListener('keydown', this.onKeyHandled);
    this.resize = new ResizeObserver(([entry]) => {
      const box = entry.contentRect;
      if (box.width !== this.size.width || box.height !== this.size.height) {
        this.size = { width: box.width, height: box.height };
      }
    });
    this.resize.observe(this);
    if (this.eager || typeof IntersectionObserver === 'undefined') {
      this.started = true;
    } else {
      // rootMargin of 100% grows the viewport by one screen height each way:
      // start one viewport before the reader gets there.
      this.intersection = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) this.startNow();
        },
        { rootMargin: '100% 0px 100% 0px' },
      );
      this.intersection.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.darkQuery?.removeEventListener('change', this.onSchemeChange);
    this.stopWatchingPage?.();
    this.stopWatchingPage = undefined;
    for (const type of ['keydown', 'pointerover', 'focusin']) this.removeEventListener(type, this.onInteraction, { capture: true });
    this.removeEventListener('keydown', this.onKeyHandled);
    this.intersection?.disconnect();
    this.intersection = undefined;
    this.resize?.disconnect();
    this.resize = undefined;
    this.joinLinkGroup();
    // Released at the end of the task, not now: a move within one task
    // (remove, then append) must keep the drawn view and its data.
    const token = {};
    this.releasing = token;
    queueMicrotask(() => {
      if (this.releasing === token && !this.isConnected) this.release();
    });
  }

  /** Set while a release is scheduled; a reconnect before it runs cancels it. */
  private releasing?: object;

  /** Aborts work and frees everything the element made; the inputs stay, for when it comes back. */
  private release(): void {
    this.releasing = undefined;
    this.run?.abort(new DOMException('The element was removed from the page.', 'AbortError'));
    this.run = undefined;
    this.busy = false;
    this.pipelineWillDraw = false;
    this.tensors.clear();
    this.releaseData();
    this.hasData = false;
    // Reconnecting recomputes from the inputs, which are kept.
    this.dataDirty = true;
    this.started = this.eager;
  }

  /**
   * Frees what the element derived from its inputs (its `Stage`s,
   * decoded pictures), because it left the page; the inputs stay, and it
   * recomputes when it comes back. Elements override this instead of
   * `disconnectedCallback`, so the base decides when data is released.
   */
  protected releaseData(): void {}

  /** Starts loading now, whatever the scroll position. */
  startNow(): void {
    this.intersection?.disconnect();
    this.intersection = undefined;
    this.started = true;
  }

  /** Internal states whose change needs no redraw of the data. */
  private static readonly uiStates = new Set(['_error', '_announcement', '_progress', 'busy', 'started']);

  protected override willUpdate(changed: PropertyValues): void {
    const dataProperties = (this.constructor as typeof NnElement).dataProperties;
    if ([...changed.keys()].some((key) => dataProperties.includes(String(key)))) this.dataDirty = true;
    if (changed.has('eager') && this.eager) this.startNow();
    if (changed.has('theme')) this.resolveTheme();
    if (changed.has('link')) this.joinLinkGroup();
    // Marked busy here, in the update that starts the pipeline, not from
    // `updated()`: state set there schedules a second update (Lit's dev-mode
    // "scheduled an update after an update completed").
    if (this.started && this.isConnected && this.dataDirty) this.busy = true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.started || !this.isConnected) return;
    if (this.dataDirty) {
      this.dataDirty = false;
      this.track(this.runPipeline());
    } else if (this.hasData && [...changed.keys()].some((key) => this.needsRedraw(String(key)))) {
      this.requestDraw();
    }
  }

  /**
   * True when the element computed on a backend that is no longer the page's
   * (the page called `useBackend('webgl')` after it drew on webgpu): its
   * tensors live on the old backend, and using them from the new one makes
   * tfjs move every one across, which on a GPU backend means reading back
   * and re-uploading, or failing. It recomputes from its inputs instead.
   */
  private get onStaleBackend(): boolean {
    const current = tf.getBackend();
    return this.hasData && this._backend !== undefined && current !== undefined && current !== this._backend;
  }

  /**
   * Recomputes from the inputs when the page's backend changed since the
   * element computed; returns true when it did (the pipeline then draws).
   * Elements call it before handling a gesture or a key; the base calls it
   * before every redraw.
   */
  protected recomputeIfBackendChanged(): boolean {
    if (!this.onStaleBackend || this.busy) return false;
    this.dataDirty = true;
    this.requestUpdate();
    return true;
  }

  private needsRedraw(key: string): boolean {
    return !NnElement.uiStates.has(key) && !(this.constructor as typeof NnElement).overlayProperties.includes(key);
  }

  /** Whether computed data is ready to draw. */
  protected get ready(): boolean {
    return this.hasData;
  }

  /** Redraws without recomputing, once per frame at most however often it is called. */
  protected requestDraw(): void {
    // Queuing a frame here while the pipeline is about to draw anyway would
    // hold `updateComplete` back by one frame for nothing (measured: first
    // paint of a 128 x 128 matrix waited a frame on the `window` it set).
    if (!this.hasData || this.drawQueued || this.pipelineWillDraw) return;
    this.drawQueued = true;
    const askedAt = this.drawSerial;
    this.track(
      (async () => {
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        this.drawQueued = false;
        if (!this.hasData || !this.isConnected || this.drawSerial !== askedAt) return;
        if (this.recomputeIfBackendChanged()) return;
        this.resolveTheme();
        try {
          this.drawSerial++;
          await this.drawData();
          if (this.errorFrom === 'draw') this.clearError();
        } catch (error) {
          if (error instanceof BackendChangedError && this.recomputeIfBackendChanged()) return;
          this.showError(error, 'draw');
        }
      })(),
    );
  }

  private async runPipeline(): Promise<void> {
    this.run?.abort(new DOMException('Superseded by a newer input.', 'AbortError'));
    const run = new AbortController();
    this.run = run;
    const started = performance.now();
    this.busy = true; // already true when the update started it (see willUpdate)
    this.pipelineWillDraw = true;
    try {
      const backend = await ensureBackend();
      if (run.signal.aborted) return;
      // What the engine computes on, which is what the stale-backend check
      // compares with (an explicit choice that failed leaves tfjs elsewhere).
      const engine = tf.engine().backendName ?? backend;
      computeOn(run.signal, engine);
      await this.computeData(run.signal);
      if (run.signal.aborted) return;
      // The page switched backends while this ran: what it made is on the old one.
      if ((tf.engine().backendName ?? backend) !== engine) throw new BackendChangedError(engine, tf.engine().backendName ?? undefined);
      this._backend = engine;
      this.clearError();
      this._progress = undefined;
      this.hasData = true;
      this.updateLabel();
      // The view's template (canvas, labels, legend) must show the new data
      // before drawing, and the size must be known even if the
      // ResizeObserver has not reported yet.
      if (this.size.width === 0 && this.size.height === 0) {
        const style = getComputedStyle(this);
        const px = (name: string) => Number.parseFloat(style.getPropertyValue(name)) || 0;
        this.size = {
          width: Math.max(0, this.clientWidth - px('padding-left') - px('padding-right')),
          height: Math.max(0, this.clientHeight - px('padding-top') - px('padding-bottom')),
        };
      }
      this.requestUpdate();
      await super.getUpdateComplete();
      if (run.signal.aborted) return;
      this.drawSerial++;
      this.pipelineWillDraw = false;
      this.resolveTheme();
      try {
        await this.drawData();
      } catch (error) {
        if (run.signal.aborted) return;
        // A draw-time stage (an atlas, say) found the backend switched: compute again there.
        if (error instanceof BackendChangedError) {
          this.dataDirty = true;
          this.requestUpdate();
          return;
        }
        // The data is good and a display value is not (an unknown colormap,
        // say): keep the data, so that fixing the value redraws without a
        // recompute.
        this.showError(error, 'draw');
        return;
      }
      if (run.signal.aborted) return;
      this.dispatchEvent(new NnRenderEvent({ backend, ms: performance.now() - started }));
    } catch (error) {
      if (run.signal.aborted) return;
      if (error instanceof BackendChangedError) {
        // Not the input's fault: run again, on the backend the page uses now.
        this.dataDirty = true;
        this.requestUpdate();
        return;
      }
      this.hasData = false;
      this.showError(error, 'compute');
    } finally {
      if (this.run === run) {
        this.busy = false;
        this.pipelineWillDraw = false;
      }
    }
  }

  private clearError(): void {
    if (this._error === undefined) return;
    this._error = undefined;
    this.errorFrom = undefined;
    this.updateLabel();
  }

  /** Shows `error` inline, keeps it in `error`, and fires `nn-error`. */
  protected showError(error: unknown, from: 'compute' | 'draw' = 'compute'): void {
    // The browser's and the GPU's own words are said as what failed and what to try; the original stays as `cause`.
    const message = failureMessage(error, { backend: this._backend ?? (tf.getBackend() || undefined), during: from });
    if (message === this._error) return; // the same failure seen by render and draw: tell once
    this._error = message;
    this.errorFrom = from;
    this._progress = undefined;
    this.updateLabel();
    this.dispatchEvent(new NnErrorEvent({ message, cause: error }));
  }

  /** Updates the progress bar and fires `nn-progress`. */
  protected reportProgress(done: number, total: number): void {
    this._progress = done >= total ? undefined : { done, total };
    this.dispatchEvent(new NnProgressEvent({ done, total }));
  }

  /** Says `text` to screen-reader users (the value under keyboard focus, say). */
  protected announce(text: string): void {
    this.announcements++;
    this._announcement = text;
  }

  /**
   * What a zooming view shows now, per axis ("rows 10–41 of 512"), for the
   * words said after `+`, `-`, `0` and Escape; undefined (the default) for
   * views that do not zoom or cannot say.
   */
  protected zoomExtent(): readonly ZoomExtent[] | undefined {
    return undefined;
  }

  /**
   * Loads any supported input (tensor, arrays, bytes, URL, File) as a new
   * float32 tensor owned by the element, labelled `source` in errors.
   */
  protected loadInput(input: TensorInput, options: LoadTensorOptions & { signal: AbortSignal }): Promise<Tensor> {
    return loadTensor(input, options);
  }

  /**
   * The type the element sets in, read from its computed style: the page's
   * own family and size unless `--nn-font` / `--nn-font-size` say otherwise,
   * so canvas labels match the prose around the figure. `label` is the size
   * for axis labels, ticks and legends (0.8 of the text, at least 11 px);
   * `text` is for running text such as tokens.
   */
  typography(): Typography {
    const style = getComputedStyle(this);
    const text = Number.parseFloat(style.fontSize) || 12;
    return { family: style.fontFamily || 'sans-serif', text, label: Math.max(11, Math.round(text * 0.8)) };
  }

  /**
   * Reads a resolved theme colour (`text`, `muted`, `background`, `grid`,
   * `accent`, `missing`, `zero`, `chip`, `error`), always a solid colour a
   * canvas can fill with: in `auto`, `background` is the page's.
   */
  protected themeColor(name: 'text' | 'muted' | 'background' | 'grid' | 'accent' | 'missing' | 'zero' | 'chip' | 'error'): string {
    return getComputedStyle(this).getPropertyValue(`--_${name}`).trim();
  }

  /**
   * Reads the page again (its scheme and colours) and redraws if they
   * changed: the page switched its own dark mode (a class or data-theme on
   * html/body) or the reader's system did.
   */
  private rereadPage(): void {
    if (this.resolveTheme()) this.requestDraw();
  }

  /**
   * Sets `resolved-theme` and the page-colour tokens from the explicit
   * theme or, in `auto`, from the page; returns whether anything changed.
   */
  private resolveTheme(): boolean {
    const explicit = this.theme === 'light' || this.theme === 'dark';
    const page: PageTheme = explicit ? { scheme: this.theme as Scheme } : this.isConnected ? resolvePageTheme(this, this.darkQuery) : this._page;
    const before = this._page;
    const same = page.scheme === before.scheme && page.background === before.background && page.text === before.text;
    this._page = page;
    if (this.getAttribute('resolved-theme') !== page.scheme) this.setAttribute('resolved-theme', page.scheme);
    if (same) return false;
    const tokens = [page.background && `--_page-background: ${page.background};`, page.text && `--_page-text: ${page.text};`].filter(Boolean);
    this.pageSheet?.replaceSync(tokens.length ? `:host { ${tokens.join(' ')} }` : '');
    return true;
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    if (this.pageSheet && root instanceof ShadowRoot) root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.pageSheet];
    return root;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    // Pipelines can chain (a run's own state changes schedule a redraw), so
    // wait until nothing is left in flight.
    while (this.pending) {
      const pending = this.pending;
      await pending;
      result = (await super.getUpdateComplete()) && result;
      if (this.pending === pending) this.pending = undefined;
    }
    return result;
  }

  private track(work: Promise<void>): void {
    const previous = this.pending;
    const all: Promise<void> = Promise.all([previous, work]).then(() => {
      if (this.pending === all) this.pending = undefined;
    });
    this.pending = all;
  }

  /**
   * The current view as an image: PNG by default (canvases, SVG and the HTML
   * text marked `data-export-text` composited over the theme background at
   * the screen's pixel ratio, see `compositeView`), or `image/svg+xml` where
   * the view is vector.
   *
   * @example
   * ```ts
   * const png = await el.exportImage();
   * ```
   */
  async exportImage(type = 'image/png'): Promise<Blob> {
    await this.updateComplete;
    const view = this.renderRoot.querySelector<HTMLElement>('[part="view"]');
    if (!view) throw new Error('Nothing to export: the element has no view yet.');
    if (type === 'image/svg+xml') {
      const vector = this.vectorView();
      if (!vector) throw new Error('This view is drawn on canvas; export it as image/png.');
      return new Blob([svgMarkup(vector)], { type });
    }
    return canvasToBlob(await compositeView(view, this.themeColor('background') || '#ffffff'), type);
  }

  /** The view's root SVG when the whole view is vector; subclasses with SVG views override. */
  protected vectorView(): SVGSVGElement | undefined {
    return undefined;
  }

  protected override render(): TemplateResult {
    const progress = this._progress;
    let view: TemplateResult | typeof nothing = nothing;
    try {
      view = this.renderView();
    } catch (error) {
      // A bad display attribute (an unknown colormap, say) must not escape
      // Lit's update and reach the page; show it like any other error.
      queueMicrotask(() => this.showError(error, 'draw'));
    }
    return html`
      <div part="view" aria-busy=${this.busy ? 'true' : 'false'} ?hidden=${this._error !== undefined}>${view}</div>
      ${this._error !== undefined ? html`<div part="error" role="alert">${this._error}</div>` : nothing}
      ${
        progress
          ? html`<progress part="progress" max=${progress.total} value=${progress.done}
            aria-label=${`Computing: ${progress.done} of ${progress.total}`}></progress>`
          : nothing
      }
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    `;
  }

  protected override firstUpdated(): void {
    this.updateLabel();
  }

  /**
   * The accessible name: what the data is (`describe()`), or, while an
   * error is shown, that the element could not show its data and why, so
   * a screen reader never keeps saying "loading" over an error. A label the
   * page set itself is kept.
   */
  private updateLabel(): void {
    const current = this.getAttribute('aria-label');
    if (current !== null && current !== this.ownLabel) return;
    this.ownLabel = this._error !== undefined ? `${this.kindName()}: error. ${this._error}` : this.describe();
    if (current !== this.ownLabel) this.setAttribute('aria-label', this.ownLabel);
  }

  /** The element's kind in words, from its tag: "Feature grid" for nn-feature-grid. */
  private kindName(): string {
    const words = this.localName.replace(/^nn-/, '').replace(/-/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
}
