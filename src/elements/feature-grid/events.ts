/**
 * What `<nn-feature-grid>` tells the page: `nn-hover` and `nn-select`
 * details, discriminated by `kind` (registered at the bottom of
 * `feature-grid.ts`), made from the views' targets.
 */
import type { FeatureTarget } from './views/host.js';

/** `nn-hover` over a tile (grid, or the spatial view's top channels): the channel and the value at (y, x) of its map, or its peak. */
export interface FeatureTileHoverDetail {
  kind: 'feature-tile';
  channel: number;
  /** The activation at (y, x) of the channel's map; for an optimised image, the mean activation it reaches; NaN where unknown. */
  value: number;
  y?: number;
  x?: number;
}

/** `nn-hover` over a position of the spatial view: the position and the channel most active there. */
export interface FeatureCellHoverDetail {
  kind: 'feature-cell';
  channel: number;
  value: number;
  y: number;
  x: number;
}

/** Payload of `nn-hover`: discriminated by `kind`. */
export type FeatureHoverDetail = FeatureTileHoverDetail | FeatureCellHoverDetail;

/** Payload of `nn-select`. */
export interface FeatureSelectDetail {
  kind: 'feature-channel';
  channel: number;
}

/** The hover detail of a target. */
export function hoverDetail(target: FeatureTarget): FeatureHoverDetail {
  if (target.kind === 'cell') return { kind: 'feature-cell', channel: target.channel, value: target.value, y: target.y, x: target.x };
  const { kind: _kind, slot: _slot, surface: _surface, ...rest } = target;
  return { kind: 'feature-tile', ...rest };
}

/** Whether two targets are the same tile or position with the same value place. */
export function sameTarget(a: FeatureTarget | undefined, b: FeatureTarget | undefined): boolean {
  return a === b || (!!a && !!b && a.kind === b.kind && a.channel === b.channel && a.y === b.y && a.x === b.x);
}
