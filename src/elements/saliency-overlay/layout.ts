import type { Rect } from '../../render/heatmap.js';

/** The display modes of `<nn-saliency-overlay>`. */
export type SaliencyMode = 'overlay' | 'side-by-side' | 'heatmap' | 'mask';
export const MODES: readonly SaliencyMode[] = ['overlay', 'side-by-side', 'heatmap', 'mask'];

/** Where a panel draws: the picture, and the map (the same rect except side by side). */
export interface PanelLayout {
  image?: Rect;
  map: Rect;
  /** Image pixels per CSS pixel is 1 / scale. */
  scale: number;
}

/** The gap between the picture and the map side by side, and between compare panels (styles.ts's `.panels` gap). */
export const GAP = 8;

/**
 * The tallest a picture is drawn when the element sizes itself (no height
 * set): about a third of a laptop screen, so that a figure and the prose
 * that explains it are seen together.
 */
export const NATURAL_MAX_HEIGHT = 360;

/**
 * The scale at which an image of `width x height` pixels fills `box`
 * (`boxWidth x boxHeight` CSS pixels), keeping its aspect ratio: a whole
 * number when it enlarges by 2 or more, so that every image pixel is the
 * same number of screen pixels (a 28 x 28 digit at 12x, not 12.57x, whose
 * pixels would alternate between 12 and 13 px wide).
 *
 * @example
 * ```ts
 * fitScale(28, 28, 704, 360); // 12
 * fitScale(2048, 1024, 500, 500); // 0.244...
 * ```
 */
export function fitScale(width: number, height: number, boxWidth: number, boxHeight: number): number {
  const scale = Math.min(boxWidth / width, boxHeight / height);
  return scale >= 2 ? Math.floor(scale) : scale;
}

/** The image (`width x height` pixels) as large as fits in `box` ({@link fitScale}), centred on whole CSS pixels. */
export function fitRect(width: number, height: number, box: Rect): Rect {
  const scale = fitScale(width, height, box.width, box.height);
  const w = width * scale;
  const h = height * scale;
  return { x: box.x + Math.floor((box.width - w) / 2), y: box.y + Math.floor((box.height - h) / 2), width: w, height: h };
}

/** How many pictures one panel of `mode` puts side by side: two (picture and map) side by side, else one. */
function across(mode: SaliencyMode): number {
  return mode === 'side-by-side' ? 2 : 1;
}

/**
 * The height a panel's drawing takes when the element sizes itself: the
 * picture (`width x height` pixels) at {@link fitScale} in the panel's
 * width, at most {@link NATURAL_MAX_HEIGHT} tall. A 28 x 28 digit in a
 * 704 px column is drawn 12x (336 px); a 224 x 224 photo at 360 px; a wide
 * image as wide as the column.
 *
 * @example
 * ```ts
 * naturalHeight('overlay', 28, 28, 704); // 336
 * naturalHeight('side-by-side', 28, 28, 400); // 196: two 7x digits
 * ```
 */
export function naturalHeight(mode: SaliencyMode, width: number, height: number, panelWidth: number): number {
  const n = across(mode);
  const each = Math.max(1, (panelWidth - GAP * (n - 1)) / n);
  return Math.max(1, Math.floor(height * fitScale(width, height, each, NATURAL_MAX_HEIGHT)));
}

/** The width of each of `count` compare panels in a row `rowWidth` wide. */
export function panelWidth(rowWidth: number, count: number): number {
  return Math.max(1, (rowWidth - GAP * (count - 1)) / Math.max(1, count));
}

/** The rects of one panel of `cssWidth x cssHeight` for `mode`. */
export function layoutPanel(mode: SaliencyMode, width: number, height: number, cssWidth: number, cssHeight: number): PanelLayout {
  if (mode === 'side-by-side') {
    const half = Math.max(1, (cssWidth - GAP) / 2);
    // One scale for both, and the pair centred together (not each in its half, which would leave a wide gap between them).
    const scale = fitScale(width, height, half, cssHeight);
    const w = width * scale;
    const h = height * scale;
    const x = Math.floor((cssWidth - (2 * w + GAP)) / 2);
    const y = Math.floor((cssHeight - h) / 2);
    const image = { x, y, width: w, height: h };
    const map = { x: x + w + GAP, y, width: w, height: h };
    return { image, map, scale };
  }
  const rect = fitRect(width, height, { x: 0, y: 0, width: cssWidth, height: cssHeight });
  return { image: mode === 'heatmap' ? undefined : rect, map: rect, scale: rect.width / width };
}

/** The image pixel under CSS point (px, py) of a panel, in either of its rects, or undefined outside. */
export function pixelAt(layout: PanelLayout, width: number, height: number, px: number, py: number): { x: number; y: number } | undefined {
  for (const rect of [layout.map, layout.image]) {
    if (!rect) continue;
    const x = Math.floor(((px - rect.x) / rect.width) * width);
    const y = Math.floor(((py - rect.y) / rect.height) * height);
    if (x >= 0 && x < width && y >= 0 && y < height) return { x, y };
  }
  return undefined;
}
