import { fitCanvas } from '../../render/canvas.js';
import { drawTiles, type TilesFrame } from './draw-tiles.js';
import { bandSlots, bandsIn, bandTop, gridBands, type GridBands } from './grid-bands.js';
import { slotOrigin, type GridLayout } from './grid-layout.js';

/** What the bands are drawn with. */
export type BandFrame = Omit<TilesFrame, 'top' | 'height' | 'range'>;

/**
 * The grid view's band canvases (see `grid-bands.ts` for why bands), reused
 * as scrolling moves bands in and out of reach. One per element: the pool
 * lives in the spacer of the current template and starts again in a new one
 * (first draw, a view switch, reconnection).
 */
export class BandCanvases {
  private pool: { canvas: HTMLCanvasElement; band: number }[] = [];
  private spacer?: HTMLElement;
  private scroll?: HTMLElement;
  private view?: { layout: GridLayout; bands: GridBands; viewport: number; frame: BandFrame };
  /** True while exportImage has the bands hidden. */
  private exporting = false;

  /**
   * Scroll events come once a frame, before its animation-frame callbacks:
   * drawing the newly reached bands here puts them in the same frame, with
   * no Lit update, style or layout read.
   */
  readonly onScroll = (event: Event): void => this.drawBands((event.currentTarget as HTMLElement).scrollTop);

  /** Paints every band in reach with `frame` (data, size, hover, focus or selection changed: all bands are stale). */
  paint(scroll: HTMLElement, spacer: HTMLElement, frame: BandFrame): void {
    const { layout } = frame;
    spacer.style.height = `${layout.height}px`;
    if (this.spacer !== spacer) {
      spacer.querySelectorAll('canvas.tiles').forEach((canvas) => canvas.remove());
      this.pool = [];
      this.spacer = spacer;
    }
    this.scroll = scroll;
    this.view = { layout, bands: gridBands(layout), viewport: Math.max(1, Math.min(layout.height, scroll.clientHeight || layout.height)), frame };
    for (const entry of this.pool) entry.band = -1;
    this.drawBands(scroll.scrollTop);
  }

  /** Forgets the canvases (the element left the page). */
  reset(): void {
    this.pool = [];
    this.spacer = undefined;
    this.scroll = undefined;
    this.view = undefined;
  }

  /** Rows of the viewport, for PageUp / PageDown. */
  get pageRows(): number {
    return this.view ? Math.max(1, Math.floor(this.view.viewport / this.view.layout.pitchY)) : 1;
  }

  /** Scrolls the grid so that `slot` is in view. */
  reveal(slot: number): void {
    const layout = this.view?.layout;
    const scroll = this.scroll;
    if (!layout || !scroll) return;
    const { y } = slotOrigin(layout, slot);
    if (y < scroll.scrollTop) scroll.scrollTop = y;
    else if (y + layout.pitchY > scroll.scrollTop + scroll.clientHeight) scroll.scrollTop = y + layout.pitchY - scroll.clientHeight;
  }

  /**
   * Draws the bands that are in view or within `ahead` of it and not drawn
   * yet, each into a free canvas of the pool, and hides the rest. On scroll
   * this draws only what scrolling brought near (a row or none); the
   * compositor moves the bands already drawn. No layout is read here.
   */
  drawBands(scrollTop: number): void {
    const view = this.view;
    const spacer = this.spacer;
    if (!view || !spacer || this.exporting) return;
    const { layout, bands, viewport } = view;
    // Bands drawn ahead so that a fast scroll (the compositor scrolls before
    // the page hears of it) does not show them empty.
    const ahead = Math.max(bands.span, 128);
    const top = Math.min(scrollTop, Math.max(0, layout.height - viewport));
    const { first, end } = bandsIn(bands, top - ahead, viewport + 2 * ahead);
    const drawn = new Set<number>();
    for (const entry of this.pool) {
      if (entry.band >= first && entry.band < end) drawn.add(entry.band);
      else entry.band = -1;
    }
    for (let band = first; band < end; band++) {
      if (drawn.has(band)) continue;
      let entry = this.pool.find((candidate) => candidate.band === -1);
      if (!entry) {
        const canvas = document.createElement('canvas');
        canvas.className = 'tiles';
        canvas.setAttribute('part', 'canvas');
        spacer.append(canvas);
        entry = { canvas, band: -1 };
        this.pool.push(entry);
      }
      entry.band = band;
      const y = bandTop(bands, band);
      const transform = `translateY(${y}px)`;
      if (entry.canvas.style.transform !== transform) entry.canvas.style.transform = transform;
      drawTiles(fitCanvas(entry.canvas, view.frame.width, bands.height), {
        ...view.frame,
        top: y,
        height: bands.height,
        range: bandSlots(layout, bands, band),
      });
    }
    for (const entry of this.pool) {
      const display = entry.band === -1 ? 'none' : '';
      if (entry.canvas.style.display !== display) entry.canvas.style.display = display;
    }
  }

  /**
   * Runs `body` (an export) with the bands swapped for one canvas of the
   * visible rows: the bands reach past the scroll area's edges, and the
   * export composites canvases by their boxes without its clip. Undefined
   * when there are no bands to swap.
   */
  async withSnapshot<T>(body: () => Promise<T>): Promise<T | undefined> {
    const { view, spacer, scroll } = this;
    if (!view || !spacer?.isConnected || !scroll) return undefined;
    const top = Math.min(scroll.scrollTop, Math.max(0, view.layout.height - view.viewport));
    const snapshot = document.createElement('canvas');
    snapshot.style.cssText = `position: absolute; left: 0; top: ${top}px`;
    drawTiles(fitCanvas(snapshot, view.frame.width, view.viewport), { ...view.frame, top, height: view.viewport });
    const shown = this.pool.filter((entry) => entry.canvas.style.display !== 'none');
    for (const entry of shown) entry.canvas.style.display = 'none';
    spacer.append(snapshot);
    this.exporting = true;
    try {
      return await body();
    } finally {
      this.exporting = false;
      snapshot.remove();
      for (const entry of shown) entry.canvas.style.display = '';
      this.drawBands(scroll.scrollTop);
    }
  }
}
