/**
 * Marks an element whose HTML text `compositeView` draws into exported
 * images: its boxes' background colours and its text, in their computed
 * colours and fonts, where the page shows them and wrapped as the page wraps
 * them. Views whose text must reflow like a paragraph (tokens shaded by
 * attribution, a model's input text) keep it as HTML and carry this mark;
 * everything under the element is drawn, so mark the outermost text block.
 *
 * @example
 * ```ts
 * html`<p class="tokens" data-export-text>${tokens.map((t) => html`<span style=${shade(t)}>${t}</span> `)}</p>`
 * ```
 */
export const EXPORT_TEXT_ATTRIBUTE = 'data-export-text';

/** One piece of a text node on one line: what to draw and where (client coordinates). */
interface TextRun {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A text decoration an element gives its text (and its descendants' text). */
interface Decoration {
  lines: string[];
  style: string;
  color: string;
  thickness: number;
  /** Underline's distance below the alphabetic baseline, CSS pixels. */
  offset: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Draws `container`'s HTML text onto `ctx`, whose origin is `frame`'s top
 * left in CSS pixels: each element's background colour over its client rects
 * (one per line fragment of an inline box), then each text node's text with
 * `fillText` at the position the page gives it. Clipped by the overflow of
 * the container's ancestors up to `root` (a scroll area shows only part of
 * its text) and of elements inside it.
 *
 * Text is read from text nodes and drawn with `fillText` only, so markup in
 * data stays text. Not drawn: borders, outlines, background images, shadows,
 * form controls' values and replaced elements (`compositeView` draws canvases
 * and SVGs itself); `text-overflow: ellipsis` shows as clipped text.
 */
export function drawTextBoxes(ctx: CanvasRenderingContext2D, container: Element, root: Element, frame: DOMRectReadOnly): void {
  ctx.save();
  try {
    for (let ancestor = container === root ? null : container.parentElement; ancestor; ancestor = ancestor.parentElement) {
      if (clipsOverflow(getComputedStyle(ancestor))) clipTo(ctx, ancestor, frame);
      if (ancestor === root) break;
    }
    drawElement(ctx, container, frame, []);
  } finally {
    ctx.restore();
  }
}

function drawElement(ctx: CanvasRenderingContext2D, element: Element, frame: DOMRectReadOnly, decorations: readonly Decoration[]): void {
  // Canvases and SVGs are composited as images; their text is not HTML text.
  if (element instanceof HTMLCanvasElement || element instanceof SVGElement) return;
  const style = getComputedStyle(element);
  if (style.display === 'none') return;
  if (style.visibility === 'visible') drawBackground(ctx, element, style, frame);
  const own = decorationOf(style);
  const inherited = own ? [...decorations, own] : decorations;
  const clips = clipsOverflow(style);
  if (clips) {
    ctx.save();
    clipTo(ctx, element, frame);
  }
  try {
    for (const child of element.childNodes) {
      if (child instanceof Text) drawText(ctx, child, frame, inherited);
      else if (child instanceof Element) drawElement(ctx, child, frame, inherited);
    }
  } finally {
    if (clips) ctx.restore();
  }
}

/** Whether an element clips what overflows it (overflow does not apply to inline boxes). */
function clipsOverflow(style: CSSStyleDeclaration): boolean {
  return !(style.overflowX === 'visible' && style.overflowY === 'visible') && style.display !== 'inline' && style.display !== 'contents';
}

/** Clips to `element`'s padding box. */
function clipTo(ctx: CanvasRenderingContext2D, element: Element, frame: DOMRectReadOnly): void {
  const box = element.getBoundingClientRect();
  ctx.beginPath();
  ctx.rect(box.left - frame.left + element.clientLeft, box.top - frame.top + element.clientTop, element.clientWidth, element.clientHeight);
  ctx.clip();
}

function drawBackground(ctx: CanvasRenderingContext2D, element: Element, style: CSSStyleDeclaration, frame: DOMRectReadOnly): void {
  const color = style.backgroundColor;
  if (color === 'rgba(0, 0, 0, 0)' || color === 'transparent') return;
  const boxes = [...element.getClientRects()].filter((box) => box.width > 0 && box.height > 0);
  const radius = pixels(style.borderTopLeftRadius) ?? 0;
  // An inline box broken over lines rounds only its outer ends, unless each fragment is a whole box (clone).
  const clone = (style.getPropertyValue('box-decoration-break') || style.getPropertyValue('-webkit-box-decoration-break')) === 'clone';
  ctx.fillStyle = color;
  boxes.forEach((box, i) => {
    const r = Math.min(radius, box.width / 2, box.height / 2);
    const first = clone || i === 0 ? r : 0;
    const last = clone || i === boxes.length - 1 ? r : 0;
    ctx.beginPath();
    ctx.roundRect(box.left - frame.left, box.top - frame.top, box.width, box.height, [first, last, last, first]);
    ctx.fill();
  });
}

function drawText(ctx: CanvasRenderingContext2D, node: Text, frame: DOMRectReadOnly, decorations: readonly Decoration[]): void {
  const parent = node.parentElement;
  if (!parent || !/\S/.test(node.data)) return;
  const style = getComputedStyle(parent);
  if (style.visibility !== 'visible') return;
  ctx.font = fontOf(style);
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.direction = 'ltr';
  for (const run of textRuns(node, collapsesSpace(style.whiteSpace))) {
    const metrics = ctx.measureText(run.text);
    const ascent = metrics.fontBoundingBoxAscent;
    const descent = metrics.fontBoundingBoxDescent;
    // A text box is as tall as its font's ascent + descent: the baseline sits `ascent` below its top.
    const top = run.top - frame.top + (run.height - ascent - descent) / 2;
    const left = run.left - frame.left;
    ctx.fillText(run.text, left, top + ascent, run.width + 1);
    for (const decoration of decorations) decorate(ctx, decoration, left, run.width, top, top + ascent, ascent);
  }
}

/**
 * The pieces of a text node as laid out: the whole node when it sits in one
 * box, else one run per stretch of adjacent graphemes (a line fragment, or
 * a piece of a bidi run), read from each grapheme's client rect.
 */
function textRuns(node: Text, collapse: boolean): TextRun[] {
  const range = document.createRange();
  range.selectNodeContents(node);
  const boxes = [...range.getClientRects()].filter((box) => box.width > 0 && box.height > 0);
  if (boxes.length === 0) return [];
  // Leading white space may have collapsed away (the box then starts after it): place graphemes one by one.
  if (boxes.length === 1 && !(collapse && /^[ \t\n\r\f]/.test(node.data))) {
    const [box] = boxes;
    return [{ text: shownText(node.data, collapse), left: box.left, top: box.top, width: box.width, height: box.height }];
  }
  const runs: TextRun[] = [];
  let run: TextRun | undefined;
  for (const { segment, index } of graphemes.segment(node.data)) {
    range.setStart(node, index);
    range.setEnd(node, index + segment.length);
    const box = [...range.getClientRects()].find((b) => b.width > 0 && b.height > 0);
    if (!box) continue; // collapsed white space
    if (run && Math.abs(box.top - run.top) < 1 && Math.abs(box.left - (run.left + run.width)) < 1) {
      run.text += segment;
      run.width = box.right - run.left;
    } else {
      run = { text: segment, left: box.left, top: box.top, width: box.width, height: box.height };
      runs.push(run);
    }
  }
  for (const r of runs) r.text = shownText(r.text, collapse);
  return runs;
}

function collapsesSpace(whiteSpace: string): boolean {
  return whiteSpace === 'normal' || whiteSpace === 'nowrap' || whiteSpace === 'pre-line';
}

function shownText(text: string, collapse: boolean): string {
  return collapse ? text.replace(/[ \t\n\r\f]+/g, ' ') : text;
}

function fontOf(style: CSSStyleDeclaration): string {
  // The `font` shorthand reads '' when a longhand it cannot spell is set (font-variant-numeric, say).
  return style.font || `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}

function decorationOf(style: CSSStyleDeclaration): Decoration | undefined {
  const lines = style.textDecorationLine.split(' ').filter((line) => line === 'underline' || line === 'overline' || line === 'line-through');
  if (!lines.length) return undefined;
  const fontSize = parseFloat(style.fontSize) || 16;
  return {
    lines,
    style: style.textDecorationStyle,
    color: style.textDecorationColor,
    thickness: pixels(style.textDecorationThickness) ?? Math.max(1, Math.round(fontSize / 16)),
    offset: pixels(style.textUnderlineOffset) ?? Math.max(1, fontSize / 10),
  };
}

function decorate(
  ctx: CanvasRenderingContext2D,
  decoration: Decoration,
  left: number,
  width: number,
  top: number,
  baseline: number,
  ascent: number,
): void {
  const t = decoration.thickness;
  ctx.save();
  ctx.strokeStyle = decoration.color;
  ctx.lineWidth = t;
  if (decoration.style === 'dotted') ctx.setLineDash([t, t]);
  else if (decoration.style === 'dashed') ctx.setLineDash([3 * t, 2 * t]);
  for (const line of decoration.lines) {
    const y = line === 'underline' ? baseline + decoration.offset + t / 2 : line === 'overline' ? top + t / 2 : baseline - ascent * 0.3;
    const ys = decoration.style === 'double' ? [y, y + 2 * t] : [y];
    for (const at of ys) {
      ctx.beginPath();
      ctx.moveTo(left, at);
      ctx.lineTo(left + width, at);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** A computed length in CSS pixels, or undefined for keywords and percentages. */
function pixels(value: string): number | undefined {
  return value.endsWith('px') ? parseFloat(value) : undefined;
}
