import { rgba } from '../../scales/colormap.js';
import type { DrawStyle } from './views/host.js';

/**
 * The theme colours and font the canvas views paint with, read from the
 * element's computed style (the font: the element's typography(), the
 * page's own family at the label size) (the base's resolved `--_name` tokens). Read on
 * full draws only: after Lit's commit it forces a style recalculation, so
 * scroll frames reuse the last one.
 */
export function readDrawStyle(element: Element, type: { family: string; label: number }): DrawStyle {
  const computed = getComputedStyle(element);
  const token = (name: string) => computed.getPropertyValue(`--_${name}`).trim();
  const muted = token('muted');
  return {
    font: type.family,
    label: type.label,
    colors: {
      text: token('text'),
      muted,
      mutedRgba: rgba(muted, [128, 128, 128, 255]),
      accent: token('accent'),
      grid: token('grid'),
      match: token('match') || 'rgba(9, 105, 218, 0.12)',
    },
    missing: rgba(token('missing')),
  };
}
