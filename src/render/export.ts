import { drawTextBoxes, EXPORT_TEXT_ATTRIBUTE } from './export-text.js';

/**
 * Composites what a view shows — its canvases and SVGs, and the HTML text of
 * elements marked with {@link EXPORT_TEXT_ATTRIBUTE} — at their on-screen
 * positions, in document order, into one canvas at `pixelRatio`, over
 * `background`. Other HTML (controls, notes) is left out.
 *
 * @example
 * ```ts
 * const png = await canvasToBlob(await compositeView(view, '#ffffff'));
 * ```
 */
export async function compositeView(
  root: Element,
  background: string,
  pixelRatio: number = globalThis.devicePixelRatio || 1,
): Promise<HTMLCanvasElement> {
  const frame = root.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(frame.width * pixelRatio));
  canvas.height = Math.max(1, Math.round(frame.height * pixelRatio));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot create a 2D canvas context.');
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, frame.width, frame.height);
  const marked = `[${EXPORT_TEXT_ATTRIBUTE}]`;
  if (root.matches(marked)) drawTextBoxes(ctx, root, root, frame);
  for (const part of root.querySelectorAll(`canvas, svg, ${marked}`)) {
    if (part instanceof SVGElement && part.ownerSVGElement) continue; // nested <svg>: drawn with its parent
    if (part.matches(marked)) {
      const outer = part.parentElement?.closest(marked);
      if (!outer || !root.contains(outer)) drawTextBoxes(ctx, part, root, frame); // else drawn with the outer one
      continue;
    }
    const box = part.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const x = box.left - frame.left;
    const y = box.top - frame.top;
    if (part instanceof HTMLCanvasElement) {
      ctx.drawImage(part, x, y, box.width, box.height);
    } else if (part instanceof SVGSVGElement) {
      ctx.drawImage(await svgToImage(part, box.width, box.height), x, y, box.width, box.height);
    }
  }
  return canvas;
}

/** Serialises an SVG element to standalone markup, with its size and computed text colour. */
export function svgMarkup(svg: SVGSVGElement, width?: number, height?: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const box = svg.getBoundingClientRect();
  copy.setAttribute('width', String(width ?? box.width));
  copy.setAttribute('height', String(height ?? box.height));
  const style = getComputedStyle(svg);
  // currentColor and inherited fonts would otherwise be lost outside the page.
  copy.style.color = style.color;
  copy.style.fontFamily = style.fontFamily;
  copy.style.fontSize = style.fontSize;
  return new XMLSerializer().serializeToString(copy);
}

async function svgToImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svgMarkup(svg, width, height)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `canvas.toBlob` as a promise. */
export function canvasToBlob(canvas: HTMLCanvasElement, type = 'image/png', quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(`The browser could not encode the view as ${type}.`))), type, quality);
  });
}
