import { html, nothing } from 'lit';
import type { ElementView } from '../../base/view.js';
import { numberIn } from '../../base/validate.js';
import { moveInGrid, LARGE_STEP } from '../../interaction/keys.js';
import type { Point } from '../../interaction/pointer.js';
import { inkRange, tokensTemplate } from '../text-view.js';
import { cardTemplate, classTemplate, commonNotes, controlsTemplate, legendRowTemplate } from './chrome.js';
import { formatValue, valueAt } from './display.js';
import type { SaliencyHost, TokenTarget } from './host.js';

/** A box in surface coordinates (CSS pixels). */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The token whose boxes (one per line it wraps over) contain `point`.
 *
 * @example
 * ```ts
 * tokenAt([[{ left: 0, top: 0, right: 30, bottom: 20 }]], { x: 10, y: 5 }); // 0
 * ```
 */
export function tokenAt(boxes: readonly (readonly Box[])[], point: Point): number | undefined {
  const index = boxes.findIndex((lines) =>
    lines.some((box) => point.x >= box.left && point.x < box.right && point.y >= box.top && point.y < box.bottom),
  );
  return index < 0 ? undefined : index;
}

/** The boxes last measured per text surface, with the size and tokens they were measured at. */
const measured = new WeakMap<Element, { width: number; height: number; tokens: unknown; count: number; boxes: Box[][] }>();

/**
 * Each token's line boxes, relative to the text's pointer surface. Kept
 * while the text's size and tokens stay (the focus and pin styles are an
 * outline and a shadow, which move no box), so a pointer moving over 512
 * tokens does not read 512 tokens' rects at every move.
 */
function tokenBoxes(host: SaliencyHost): Box[][] {
  const surface = host.renderRoot.querySelector('[data-surface]');
  if (!surface) return [];
  const origin = surface.getBoundingClientRect();
  const spans = host.renderRoot.querySelectorAll<HTMLElement>('[part="token"]');
  const kept = measured.get(surface);
  if (kept && kept.width === origin.width && kept.height === origin.height && kept.tokens === host.data?.tokens && kept.count === spans.length)
    return kept.boxes;
  const boxes = [...spans].map((span) =>
    [...span.getClientRects()].map((box) => ({
      left: box.left - origin.left,
      top: box.top - origin.top,
      right: box.right - origin.left,
      bottom: box.bottom - origin.top,
    })),
  );
  measured.set(surface, { width: origin.width, height: origin.height, tokens: host.data?.tokens, count: spans.length, boxes });
  return boxes;
}

/** The first line box of token `index`, relative to the text's pointer surface (one token's rects, not every token's: a card moving over 512 tokens). */
function tokenBox(host: SaliencyHost, index: number): Box | undefined {
  const surface = host.renderRoot.querySelector('[data-surface]');
  const span = host.renderRoot.querySelectorAll<HTMLElement>('[part="token"]')[index];
  const box = span?.getClientRects()[0];
  if (!surface || !box) return undefined;
  const origin = surface.getBoundingClientRect();
  return { left: box.left - origin.left, top: box.top - origin.top, right: box.right - origin.left, bottom: box.bottom - origin.top };
}

/**
 * The text view: tokens shaded by their attribution, as running text. The
 * paragraph is one pointer surface; a point finds its token by the tokens'
 * line boxes, so a token wrapped over two lines answers on both.
 */
export const tokensView: ElementView<SaliencyHost, TokenTarget> = {
  template(host) {
    const data = host.data;
    if (!data?.text) return nothing;
    const scale = host.scale(0);
    // Read at render, before a new `theme` attribute is reflected: the element renders again when the draw finds it changed.
    // A cursor, hover or pin alone keeps it (reading it forces a style recalculation in the middle of a linked hover).
    const background = (host.overlayOnly ? host.renderedBackground : undefined) ?? (host.themeColor('background') || '#ffffff');
    host.renderedBackground = background;
    const ink = inkRange(background, host.signed);
    return html`<div class="figure">
      ${classTemplate(host)}
      <div class="text-surface" data-surface ${host.pointerSurface()}>
        ${tokensTemplate({
          tokens: data.tokens,
          values: data.panels[0].map,
          clip: host.clip(0),
          signed: host.signed,
          scale,
          threshold: numberIn('threshold', host.threshold, 0, 1),
          format: formatValue,
          background,
          ink,
        })}
        ${cardTemplate(host, tokensView, 'token', host.viewSize.width, { kind: 'token', token: 0 })}
      </div>
      ${controlsTemplate(host, false)}
      ${legendRowTemplate(host, tokensView.legendNotes!(host), {
        width: Math.round(Math.min(host.viewSize.width || 320, 360)),
        ink: true,
        opacity: 1,
        ...ink,
      })}
    </div>`;
  },

  hitTest(host, point) {
    if (!host.data?.text) return undefined;
    const token = tokenAt(tokenBoxes(host), point);
    return token === undefined ? undefined : { kind: 'token', token };
  },

  command(host, command) {
    const data = host.data;
    if (!data?.text) return false;
    const cursor = host.cursor?.kind === 'token' ? host.cursor.token : undefined;
    if (command.kind === 'select') {
      if (cursor === undefined) return false;
      host.select({ kind: 'token', token: cursor });
      return true;
    }
    if (command.kind === 'escape') {
      host.moveCursor(undefined);
      return true;
    }
    // The text reads as one line of one column: left/up go back, right/down forward; a page is ten tokens, as Shift + arrow.
    const next = moveInGrid(cursor, command, { count: data.tokens.length, columns: 1, pageRows: LARGE_STEP });
    if (next === undefined) return false;
    host.moveCursor({ kind: 'token', token: next });
    return true;
  },

  tooltip(host, target) {
    const data = host.data;
    const value = valueAt(data, target);
    if (!data || value === undefined) return undefined;
    const box = tokenBox(host, target.token);
    const at =
      host.hovered?.target.kind === 'token' && host.hovered.target.token === target.token
        ? host.hovered.at
        : box
          ? { x: box.left, y: box.bottom - 12 }
          : undefined;
    if (!at) return undefined;
    return {
      at,
      lines: [{ label: 'token', text: data.tokens[target.token], note: `(${target.token + 1} of ${data.tokens.length})` }],
      value: formatValue(value),
    };
  },

  describe(host, target) {
    const data = host.data;
    const value = valueAt(data, target);
    if (!data || value === undefined) return `Token ${target.token + 1}`;
    return `Token ${target.token + 1} of ${data.tokens.length}, "${data.tokens[target.token]}": ${formatValue(value)}`;
  },

  legendNotes(host) {
    return commonNotes(host, 'embedding features', true);
  },
};
