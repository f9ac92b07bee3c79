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

const GAP = 8;

/** The image (`width x height` pixels) as large as fits in `box`, centred, keeping its aspect ratio. */
export function fitRect(width: number, height: number, box: Rect): Rect {
  const scale = Math.min(box.width / width, box.height / height);
  const w = width * scale;
  const h = height * scale;
  return { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h };
}

/** The rects of one panel of `cssWidth x cssHeight` for `mode`. */
export function layoutPanel(mode: SaliencyMode, width: number, height: number, cssWidth: number, cssHeight: number): PanelLayout {
  if (mode === 'side-by-side') {
    const half = Math.max(1, (cssWidth - GAP) / 2);
    const image = fitRect(width, height, { x: 0, y: 0, width: half, height: cssHeight });
    const map = fitRect(width, height, { x: half + GAP, y: 0, width: half, height: cssHeight });
    return { image, map, scale: image.width / width };
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
