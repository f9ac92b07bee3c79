import type { TemplateResult } from 'lit';
import type { HeadSelection } from '../../../compute/attention/reduce-heads.js';
import type { PoolReduction } from '../../../compute/pool.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import type { ScaleType } from '../../../scales/value-scale.js';
import type { Memo, Stage } from '../../base/stage.js';
import type { Size, Typography } from '../../base/nn-element.js';
import type { ElementView } from '../../base/view.js';
import type { PointerController, Point } from '../../interaction/pointer.js';
import type { AttentionSource, Thumbnails } from '../attention-source.js';
import type { DrawnBlocks } from '../draw-matrix.js';
import type { PatchImage } from '../draw-patches.js';
import type { MatrixWindow } from '../matrix-layout.js';
import type { AxisLabels } from '../tokens.js';

/** Payload of `nn-hover` and `nn-select` for a matrix cell (or a patch in the patches view). */
export interface AttentionCellDetail {
  kind: 'attention-cell';
  layer: number;
  head: HeadSelection;
  rollout: boolean;
  query: number;
  key: number;
  /** The value shown (after selection, rollout and mask, before display normalisation); NaN for "no value". */
  value: number;
  queryToken: string;
  keyToken: string;
}

/** Payload of `nn-hover` and `nn-select` for a head in the model view. */
export interface AttentionHeadDetail {
  kind: 'attention-head';
  layer: number;
  head: number;
}

/** Payload of `nn-hover` for a token in the lines view. */
export interface AttentionTokenDetail {
  kind: 'attention-token';
  layer: number;
  head: HeadSelection;
  side: 'query' | 'key';
  index: number;
  token: string;
}

/** What a point or the keyboard cursor lands on in the attention heatmap's views. */
export type AttentionTarget =
  | { kind: 'cell'; query: number; key: number }
  | { kind: 'query-label'; query: number }
  | { kind: 'key-label'; key: number }
  | { kind: 'head'; layer: number; head: number }
  | { kind: 'patch'; key: number };

/** What the model view colours: the thumbnails' values (each head over its own max, or as they are) and their scale. */
export interface ModelColours {
  values: Float32Array;
  scale: ColourScale;
  /** Each head scaled to its own maximum. */
  perHead: boolean;
}

/** The attributes views read, validated once per compute. */
export interface AttentionOptions {
  layer: number;
  head: HeadSelection;
  rollout: boolean;
  mask: readonly number[];
  /** The scale (`linear` where `scale="auto"`). */
  scale: ScaleType;
  /** `scale="auto"` (the default): the model view picks linear or sqrt from the data. */
  scaleAuto: boolean;
  domain: readonly [number, number] | undefined;
  normalization: 'none' | 'row' | 'column';
  downsample: PoolReduction;
  textDirection: 'received' | 'given';
  colormap: string | undefined;
}

/** The data every view shares: the loaded attention and the matrix shown. */
export interface AttentionData {
  source: AttentionSource;
  labels: AxisLabels;
  /** The selected matrix `[q, k]` after causal hiding and the mask (hidden cells NaN). */
  shown: Float32Array;
  causal: boolean;
  rowSums?: [number, number];
  hasMissing: boolean;
  /** ViT patches, when `patch-grid` is set. */
  patches?: { rows: number; cols: number; offset: number };
}

/** Pointer and cursor state that views draw as overlays. */
export interface AttentionUi {
  /** The row and/or column under the pointer (matrix, patches). */
  hover?: { query?: number; key?: number };
  /** Where the tooltip points, in surface pixels. */
  tooltipAt?: Point;
  pinned?: { query: number; key: number };
  /** The thumbnail under the pointer (model view). */
  modelHover?: { layer: number; head: number };
  /** A zoom rectangle being dragged (matrix view). */
  brush?: { from: { query: number; key: number }; to: { query: number; key: number } };
  /** Lines view: the token whose lines alone are shown. */
  activeToken?: { side: 'query' | 'key'; index: number };
  /** Lines view: the heads drawn; undefined until the reader picks (one head: the `head` attribute's). */
  shownHeads?: ReadonlySet<number>;
  /** Lines view: the head the keyboard is on in the head picker. */
  headCursor?: number;
}

/**
 * The face of `<nn-attention-heatmap>` its views see: data and options
 * (read), UI state (read, and patched through `setUi`), the pointer surface
 * to attach, and the few things a view can ask the element to do.
 */
export interface AttentionHost {
  readonly data: AttentionData;
  readonly options: AttentionOptions;
  readonly ui: AttentionUi;
  /** The matrix view's window of rows and columns. */
  readonly window: MatrixWindow;
  /** How many cells each drawn matrix cell covers. */
  readonly blocks: DrawnBlocks;
  /** The layer and head as set now (a burst of keys runs ahead of the compute that validates them into `options`). */
  readonly selection: { layer: number; head: HeadSelection };
  readonly focusQuery: number | undefined;
  readonly focusKey: number | undefined;
  /** The picture under the patches (the `image` property), not yet loaded. */
  readonly image: unknown;
  readonly size: Size;
  /**
   * The content height the page set for the element, or undefined when it
   * set none: then each view is as tall as what it draws (a square-celled
   * matrix as wide as the column, the text as tall as its lines).
   */
  readonly fixedHeight: number | undefined;
  /** The element's type (family, text and label px), from the page unless `--nn-font*` say otherwise. */
  readonly type: Typography;
  /** The CSS font family canvases draw with (`type.family`). */
  readonly font: string;
  readonly pointer: PointerController;
  /** Derived data stages views prepare and read. */
  readonly stages: {
    thumbnails: Stage<[AttentionSource, PoolReduction], Thumbnails>;
    layerHeads: Stage<[AttentionSource, number], Float32Array>;
    patchImage: Stage<[unknown], PatchImage>;
  };
  /** Memos views share: the model view's values and colour scale. */
  readonly memos: { modelScale: Memo<readonly unknown[], ModelColours> };
  /** A resolved theme colour. */
  color(name: 'text' | 'muted' | 'background' | 'grid' | 'accent' | 'missing'): string;
  /** The shown matrix after display normalisation, with its colour scale. */
  display(): { values: Float32Array; scale: ColourScale };
  /** A colour scale over other values (thumbnails, patches) with the element's colour options. */
  scaleOf(values: ArrayLike<number>): ColourScale;
  /** The canvas with this class in the view (`cells` or `overlay`). */
  canvas(name: 'cells' | 'overlay'): HTMLCanvasElement | null;
  /**
   * The canvas area of a view whose drawing has no aspect of its own (the
   * patches view): the set height less the legend and `extraRows`, or, with
   * no height set, `natural(width)`.
   */
  canvasSize(extraRows?: number, natural?: (width: number) => number): { width: number; height: number };
  /** Height of the legend row as last laid out (an estimate before the first layout). */
  legendHeight(): number;
  /** Merges a UI patch and redraws what shows it. */
  setUi(patch: Partial<AttentionUi>): void;
  /** Sets element properties the user's gesture changed (focus, layer, head, text direction). */
  set(patch: Partial<Pick<AttentionOptions, 'layer' | 'head' | 'rollout' | 'textDirection'>> & { focusQuery?: number; focusKey?: number }): void;
  setWindow(window: MatrixWindow): void;
  setBlocks(blocks: DrawnBlocks): void;
  /** The detail of a cell, as `nn-hover` and `nn-select` carry it. */
  cellDetail(query: number, key: number): AttentionCellDetail;
  /** Fires `nn-hover` (and tells linked views). */
  hovered(detail: AttentionCellDetail | AttentionHeadDetail | AttentionTokenDetail | null): void;
  /** Fires `nn-select`. */
  selected(detail: AttentionCellDetail | AttentionHeadDetail): void;
  /** Pins a cell: `nn-select`, announced. */
  pin(query: number, key: number): void;
  /** Picks a head in the model view: sets layer and head, `nn-select`, announced. */
  selectHead(layer: number, head: number): void;
  resetZoom(): void;
  announce(text: string): void;
  /**
   * The legend for `scale` with this view's notes and the ones every view
   * shares. `align`: the plot's left edge and width in view pixels; the
   * colour bar then starts and ends with it.
   */
  legend(scale: ColourScale, notes: string[], align?: { x: number; width: number }): TemplateResult;
}

/** A view module of the attention heatmap. */
export type AttentionViewModule = ElementView<AttentionHost, AttentionTarget>;
