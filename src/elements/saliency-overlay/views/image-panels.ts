import { html, nothing, type TemplateResult } from 'lit';
import type { ElementView } from '../../base/view.js';
import { numberIn, oneOf } from '../../base/validate.js';
import type { Point } from '../../interaction/pointer.js';
import { fitCanvas } from '../../../render/canvas.js';
import { transientBitmap } from '../../../render/bitmap.js';
import { rgba } from '../../../scales/colormap.js';
import { fitScale, GAP, layoutPanel, MODES, NATURAL_MAX_HEIGHT, panelWidth, pixelAt, type SaliencyMode } from '../layout.js';
import { paintHeat, paintMask } from '../paint.js';
import { cardTemplate, classTemplate, commonNotes, controlsTemplate, legendRowTemplate, panelLegendTemplate } from './chrome.js';
import { formatRho, formatValue, sameTarget, valueAt } from './display.js';
import type { PanelPlacement, Picture, PixelTarget, SaliencyHost } from './host.js';

/** The display mode, validated (a bad `mode` shows `oneOf`'s message inside the element). */
export function modeOf(host: SaliencyHost): SaliencyMode {
  return oneOf('mode', host.mode, MODES);
}

/**
 * The pixel the keyboard cursor moves to: `dx`, `dy` from `from`, clamped to
 * the image on each axis (so Shift + ArrowDown near the bottom stops on the
 * last row in the same column). With no cursor yet, the first move lands on
 * the centre of the image, where a reader's eye starts.
 *
 * @example
 * ```ts
 * movePixel(undefined, 1, 0, 16, 16);         // {x: 8, y: 8}
 * movePixel({ x: 8, y: 8 }, 0, 10, 16, 16);   // {x: 8, y: 15}
 * ```
 */
export function movePixel(
  from: { x: number; y: number } | undefined,
  dx: number,
  dy: number,
  width: number,
  height: number,
): { x: number; y: number } {
  if (!from) return { x: Math.floor(width / 2), y: Math.floor(height / 2) };
  return { x: Math.max(0, Math.min(width - 1, from.x + dx)), y: Math.max(0, Math.min(height - 1, from.y + dy)) };
}

/** The pixel under `point` (surface coordinates) in any placed panel. */
export function pixelUnder(placements: readonly PanelPlacement[], width: number, height: number, point: Point): PixelTarget | undefined {
  for (const [panel, placement] of placements.entries()) {
    if (!placement) continue;
    const pixel = pixelAt(placement.layout, width, height, point.x - placement.origin.x, point.y - placement.origin.y);
    if (pixel) return { kind: 'pixel', panel, ...pixel };
  }
  return undefined;
}

/** The centre of `target`'s pixel in surface coordinates, from the last draw. */
function centreOf(host: SaliencyHost, target: PixelTarget, picture: Picture): Point | undefined {
  const placement = host.placements[target.panel];
  if (!placement) return undefined;
  const rect = placement.layout.map;
  return {
    x: placement.origin.x + rect.x + ((target.x + 0.5) / picture.width) * rect.width,
    y: placement.origin.y + rect.y + ((target.y + 0.5) / picture.height) * rect.height,
  };
}

/** The loading view: the picture alone, painted as soon as it is decoded. */
export function paintPicture(canvas: HTMLCanvasElement, picture: Picture): void {
  const cssWidth = Math.max(40, canvas.parentElement!.clientWidth);
  const cssHeight = Math.max(40, canvas.parentElement!.clientHeight);
  const ctx = fitCanvas(canvas, cssWidth, cssHeight);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  const layout = layoutPanel('overlay', picture.width, picture.height, cssWidth, cssHeight);
  ctx.imageSmoothingEnabled = layout.scale < 1;
  ctx.drawImage(picture.bitmap, layout.map.x, layout.map.y, layout.map.width, layout.map.height);
}

function canvasTemplate(index: number): TemplateResult {
  return html`<canvas part="canvas" data-panel=${index} style="position: absolute; inset: 0"></canvas>`;
}

/** The width the element lays out in: measured, or before the first measure a column's. */
function rowWidth(host: SaliencyHost): number {
  return host.viewSize.width || 320;
}

/**
 * A panel's stage height when the element sizes itself: the picture at a
 * useful size for the panel's width (layout.ts's `naturalHeight`), computed by
 * the stylesheet (styles.ts, `.stage[data-natural]`) from the width of the
 * panel's container in the same layout pass, not from the measured `size`:
 * a height set from `size` changes the element's own box inside the
 * ResizeObserver's callback, which reports again in the same frame ("loop
 * completed with undelivered notifications") and settles only a pass later.
 * In an element with a set height the stage flexes from it to fill the height.
 */
function stageStyle(mode: SaliencyMode, picture: { width: number; height: number }): string {
  return `--_pw: ${picture.width}; --_ph: ${picture.height}; --_across: ${mode === 'side-by-side' ? 2 : 1}`;
}

/** The width of what a panel draws at its natural size (both pictures side by side), for its colour bar. */
function drawnWidth(mode: SaliencyMode, picture: { width: number; height: number }, width: number): number {
  const n = mode === 'side-by-side' ? 2 : 1;
  const each = Math.max(1, (width - GAP * (n - 1)) / n);
  const one = picture.width * fitScale(picture.width, picture.height, each, NATURAL_MAX_HEIGHT);
  return n * one + GAP * (n - 1);
}

/** A colour bar as wide as the picture it explains, within the panel (at least 160 px, for its ticks). */
function barWidth(mode: SaliencyMode, picture: { width: number; height: number }, width: number): number {
  return Math.round(Math.min(width, Math.max(160, drawnWidth(mode, picture, width))));
}

/** Whether the picture is shown desaturated under the map: `grey`, or `auto` for a colour picture under an overlay. */
export function greyUnder(host: SaliencyHost, mode: SaliencyMode, picture: Picture): boolean {
  const backdrop = oneOf('backdrop', host.backdrop, BACKDROPS);
  if (backdrop === 'colour' || mode !== 'overlay') return backdrop === 'grey' && mode !== 'heatmap';
  return backdrop === 'grey' || host.backdropOf(picture).colourful;
}

/** The backdrop values. */
export const BACKDROPS = ['auto', 'colour', 'grey'] as const;

/**
 * The image views: the map over the picture (`overlay`), beside it
 * (`side-by-side`), alone (`heatmap`) or as a mask keeping the top pixels
 * (`mask`), in one panel or one per compare entry. One pointer surface holds
 * every panel; hit testing goes through each panel's layout.
 */
export const imagePanelsView: ElementView<SaliencyHost, PixelTarget> = {
  template(host) {
    const data = host.data;
    if (!data?.picture || data.text) {
      const picture = host.picture;
      return html`<div class="figure"><div class="stage" ?data-natural=${picture !== undefined} style=${picture ? stageStyle('overlay', picture) : 'height: 160px'}><canvas class="loading" part="canvas"></canvas></div></div>`;
    }
    const picture = data.picture;
    const mode = modeOf(host);
    const panels = data.panels;
    const start: PixelTarget = { kind: 'pixel', panel: 0, ...movePixel(undefined, 0, 0, picture.width, picture.height) };
    const card = cardTemplate(host, imagePanelsView, 'pixel', host.viewSize.width, start);
    const ink = mode === 'overlay';
    const opacity = ink ? numberIn('opacity', host.opacity, 0, 1) : 1;
    const width = rowWidth(host);
    const each = panelWidth(width, panels.length);
    const surface =
      panels.length > 1
        ? html`<div class="panels" data-surface ${host.pointerSurface()}>
            ${panels.map(
              (panel, index) => html`<figure class="panel" part="panel">
                <div class="stage" data-natural style=${stageStyle(mode, picture)}>${canvasTemplate(index)}</div>
                <figcaption part="caption">
                  <div class="title">${panel.label}</div>
                  <div class="rho">
                    ${index === 0 ? 'reference' : `Spearman ρ = ${Number.isNaN(panel.rho!) ? 'undefined' : formatRho(panel.rho!)}`}
                  </div>
                  ${
                    mode === 'mask'
                      ? nothing
                      : html`<div class="bar" style=${`width: ${barWidth(mode, picture, each)}px`}>
                          ${panelLegendTemplate(host, index, { width: barWidth(mode, picture, each), ink, opacity, checker: true, label: `clip ${formatValue(host.clip(index))}` })}
                        </div>`
                  }
                </figcaption>
              </figure>`,
            )}
            ${card}
          </div>`
        : html`<div class="stage" data-natural style=${stageStyle(mode, picture)} data-surface ${host.pointerSurface()}>${canvasTemplate(0)}${card}</div>`;
    const legend =
      mode === 'mask'
        ? maskLegendTemplate(host)
        : legendRowTemplate(
            host,
            imagePanelsView.legendNotes!(host),
            panels.length > 1 ? undefined : { width: barWidth(mode, picture, width), ink, opacity, checker: true },
          );
    return html`<div class="figure picture">${classTemplate(host)} ${surface} ${controlsTemplate(host, mode === 'mask')} ${legend}</div>`;
  },

  draw(host) {
    const data = host.data;
    const picture = data?.picture;
    if (!data || !picture) return;
    const mode = modeOf(host);
    const threshold = numberIn('threshold', host.threshold, 0, 1);
    const opacity = numberIn('opacity', host.opacity, 0, 1);
    const surface = host.renderRoot.querySelector('[data-surface]');
    if (!surface) return;
    const origin = surface.getBoundingClientRect();
    const missing = rgba(host.themeColor('missing'));
    const { width, height } = picture;
    const placements: PanelPlacement[] = [];
    const grey = greyUnder(host, mode, picture);
    for (const canvas of host.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-panel]')) {
      const index = Number(canvas.dataset.panel);
      const panel = data.panels[index];
      if (!panel) continue;
      const box = canvas.parentElement!.getBoundingClientRect();
      const cssWidth = Math.max(40, box.width);
      const cssHeight = Math.max(40, box.height);
      const ctx = fitCanvas(canvas, cssWidth, cssHeight);
      ctx.clearRect(0, 0, cssWidth, cssHeight);
      const layout = layoutPanel(mode, width, height, cssWidth, cssHeight);
      placements[index] = { origin: { x: box.left - origin.left, y: box.top - origin.top }, layout };
      // Enlarged images keep sharp pixels (a 28 x 28 digit is 28 x 28 values, not a blur); reduced ones are smoothed.
      ctx.imageSmoothingEnabled = layout.scale < 1;
      if (layout.image) {
        const shown =
          mode === 'mask'
            ? transientBitmap(paintMask(picture.pixels.data, host.mask(index)), width, height)
            : grey
              ? host.backdropOf(picture).grey
              : picture.bitmap;
        ctx.drawImage(shown, layout.image.x, layout.image.y, layout.image.width, layout.image.height);
      }
      if (mode !== 'mask') {
        const scale = host.scale(index);
        const heat = paintHeat(panel.map, {
          clip: host.clip(index),
          signed: host.signed,
          lut: scale.lut,
          threshold,
          alpha: mode === 'overlay' ? opacity : 'opaque',
          missing,
        });
        ctx.drawImage(transientBitmap(heat, width, height), layout.map.x, layout.map.y, layout.map.width, layout.map.height);
      }
    }
    host.placements = placements;
  },

  hitTest(host, point) {
    const picture = host.data?.picture;
    if (!picture) return undefined;
    return pixelUnder(host.placements, picture.width, picture.height, point);
  },

  command(host, command) {
    const picture = host.data?.picture;
    if (!picture) return false;
    const { width, height } = picture;
    const cursor = host.cursor?.kind === 'pixel' ? host.cursor : undefined;
    const to = (at: { x: number; y: number }) => host.moveCursor({ kind: 'pixel', panel: cursor?.panel ?? 0, ...at });
    switch (command.kind) {
      case 'move':
        to(movePixel(cursor, command.dx, command.dy, width, height));
        return true;
      case 'page':
        // The whole image is on screen: a screenful up or down is the top or bottom row.
        to({ x: cursor?.x ?? Math.floor(width / 2), y: command.direction < 0 ? 0 : height - 1 });
        return true;
      case 'edge':
        to(command.to === 'start' ? { x: 0, y: 0 } : { x: width - 1, y: height - 1 });
        return true;
      case 'select':
        if (!cursor) return false;
        host.select(cursor);
        return true;
      case 'escape':
        host.moveCursor(undefined);
        return true;
      default:
        return false; // the image is not zoomed
    }
  },

  tooltip(host, target) {
    const data = host.data;
    const value = valueAt(data, target);
    if (!data?.picture || value === undefined) return undefined;
    const at = host.hovered && sameTarget(host.hovered.target, target) ? host.hovered.at : centreOf(host, target, data.picture);
    if (!at) return undefined;
    const lines = [{ label: 'pixel', text: `x ${target.x}, y ${target.y}` }];
    if (data.panels.length > 1) lines.unshift({ label: 'panel', text: data.panels[target.panel].label });
    return { at, lines, value: formatValue(value) };
  },

  describe(host, target) {
    const value = valueAt(host.data, target);
    const where = `Pixel x ${target.x}, y ${target.y}`;
    const panels = host.data?.panels ?? [];
    const label = panels.length > 1 ? `${panels[target.panel]?.label}, ` : '';
    return value === undefined ? where : `${label}${where}: ${formatValue(value)}`;
  },

  legendNotes(host) {
    const data = host.data;
    const mode = modeOf(host);
    const notes = commonNotes(host, 'channels', mode === 'overlay');
    if (data?.picture && greyUnder(host, mode, data.picture)) notes.push('the picture shown in grey, dimmed, under the map');
    return notes;
  },
};

/** Mask mode's legend: no colours to explain, so it says what is kept. */
function maskLegendTemplate(host: SaliencyHost): TemplateResult | typeof nothing {
  const panels = host.data?.panels ?? [];
  if (!panels.length) return nothing;
  const compare = panels.length > 1;
  const kept = host.mask(0).reduce((sum, bit) => sum + bit, 0);
  return html`<div class="legend-row">
    <div class="note" part="note" data-export-text>
      Kept: the ${host.topPercent}% of pixels (${kept} of ${panels[0].map.length}) with the largest |value|${compare ? ' in each panel' : ''}; the rest darkened. ${imagePanelsView.legendNotes!(host).join('; ')}.
    </div>
  </div>`;
}
