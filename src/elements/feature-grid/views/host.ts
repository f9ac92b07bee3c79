import type { nothing, TemplateResult } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Size } from '../../base/nn-element.js';
import type { Point } from '../../interaction/pointer.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import type { Arrangement, Cell } from '../arrangement.js';
import type { BandCanvases } from '../band-canvases.js';
import type { TileColors } from '../draw-tiles.js';
import type { FeatureSource, FeatureStages, Positions, TileAtlas } from '../feature-data.js';
import type { GridLayout } from '../grid-layout.js';
import type { SpatialLayout } from '../spatial-view.js';
import type { ModelLayer } from '../../../compute/feature-vis/model-layer.js';

/** The element's pointer surfaces: the grid's scrolling spacer, the spatial view's image and its panel of top channels. */
export type Surface = 'grid' | 'image' | 'top';

/** A point on one surface (local CSS pixels), so that a view with two surfaces knows which one. */
export interface SurfacePoint extends Point {
  surface: Surface;
}

/** A tile under the pointer or the keyboard cursor, with the value at (y, x) of its map, or its peak. */
export interface TileTarget {
  kind: 'tile';
  /** Display slot (grid) or place in the top-channels panel (spatial). */
  slot: number;
  surface: 'grid' | 'top';
  channel: number;
  /** The activation at (y, x); for an optimised image, the mean activation it reaches; NaN where unknown. */
  value: number;
  y?: number;
  x?: number;
}

/** A position of the spatial view, with the channel most active there. */
export interface CellTarget extends Cell {
  kind: 'cell';
  channel: number;
  value: number;
}

/** What a point or the keyboard cursor lands on. */
export type FeatureTarget = TileTarget | CellTarget;

/** What the views draw with, read from the element's computed style once per draw. */
export interface Look {
  colors: TileColors;
  /** `--nn-tile-size` in CSS pixels (56 by default). */
  tileSize: number;
  /** Whether the page set `--nn-tile-size` (then a set height does not grow the tiles). */
  tileSizeSet: boolean;
  /** `--nn-max-height`: the tallest the grid grows with no height set, before it scrolls. */
  maxHeight: number;
  /** The canvas font of tile labels (the element's family at its label size) and the room a label takes under a tile. */
  font: string;
  labelHeight: number;
}

/** Geometry a view measured when it last drew, for its hit tests. */
export interface FeatureLayouts {
  grid?: GridLayout;
  spatial?: SpatialLayout;
  top?: { grid: GridLayout; top: { channel: number; value: number }[] };
}

/**
 * What the feature grid's views read and may do: the element's data
 * stages, attributes, interaction state, size and theme, and a few actions.
 * Narrow on purpose, so that a view can be tested with a plain object.
 */
export interface FeatureGridHost {
  readonly renderRoot: ParentNode;
  /** The content box (measured when the ResizeObserver has not reported yet). */
  readonly viewSize: Size;
  readonly stages: FeatureStages;
  /** The data on screen (an optimisation preview while optimising); undefined after an error. */
  readonly shown?: FeatureSource;
  readonly atlas?: TileAtlas;
  readonly arrangement: Arrangement;
  readonly scale?: ColourScale;
  /** Checked `labels`. */
  readonly labelList?: readonly string[];
  readonly model?: LayersModel;
  readonly layer?: string;
  readonly parts?: ModelLayer;
  readonly normalization: 'global' | 'tile';
  readonly columns?: number;
  readonly selected?: number;
  /** Under the pointer. */
  readonly hovered?: FeatureTarget;
  /** Under the keyboard cursor (or set by a linked view). */
  readonly cursor?: FeatureTarget;
  /** The spatial view's pinned position; undefined: the strongest one. */
  readonly cell?: Cell;
  /** The spatial view's picture and positions, once prepared. */
  readonly picture?: ImageData;
  readonly positions?: Positions;
  /** Theme colours, type and sizes, read from the computed style once per draw. */
  readonly look: Look;
  readonly layouts: FeatureLayouts;
  readonly bands: BandCanvases;
  /** Makes the element it is on the pointer surface `surface`. */
  surface(surface: Surface): DirectiveResult;
  /** Moves the keyboard cursor: announces the target, fires `nn-hover`, publishes the link state. */
  focusOn(target: FeatureTarget): void;
  /** Selects a channel (fires `nn-select`). */
  select(channel: number, cursor?: FeatureTarget): void;
  /** Escape: clears the cursor, the pin and the selection. */
  escape(): void;
  /** The colour legend (nothing for pictures), for a view that places it itself. */
  legend(): TemplateResult | typeof nothing;
  /** Sizes the legend to the plot it explains: `width` CSS pixels, from the plot's left edge. */
  legendFor(width: number): void;
}
