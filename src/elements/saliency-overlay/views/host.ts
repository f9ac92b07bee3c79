import type { DirectiveResult } from 'lit/directive.js';
import type { Size, Typography } from '../../base/nn-element.js';
import type { Point } from '../../interaction/pointer.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import type { PanelLayout } from '../layout.js';
import type { Backdrop } from './display-stages.js';

/** A decoded picture: its RGBA pixels and a bitmap to draw them from. */
export interface Picture {
  pixels: ImageData;
  bitmap: OffscreenCanvas;
  width: number;
  height: number;
}

/** One map the element shows, with its caption. */
export interface Panel {
  label: string;
  /** One value per pixel (row-major [height, width]) or per token. */
  map: Float32Array;
  /** What the reader should know about the run (IG's completeness gap, Grad-CAM's layer). */
  note?: string;
  /** Spearman's ρ with the first panel's map (compare view). */
  rho?: number;
}

/** The model's verdict on the image: the explained class's probability and the top class. */
export interface Prediction {
  target: number;
  probability: number;
  top: number;
  topProbability: number;
}

/** What the pipeline derived from the inputs: the maps, and the picture or tokens they are over. */
export interface SaliencyData {
  /** True for tokens (the text view), false for an image. */
  text: boolean;
  tokens: readonly string[];
  panels: readonly Panel[];
  /** The picture (image mode). */
  picture?: Picture;
  /** The model's probabilities for the image, when a model computed the map. */
  prediction?: Prediction;
}

/** Payload of `nn-hover` / `nn-select` over an image: the pixel and its attribution (after channel reduction, before clipping). */
export interface SaliencyPixelDetail {
  kind: 'saliency-pixel';
  x: number;
  y: number;
  value: number;
  /** The panel (0 unless `compare`) and what it shows. */
  panel: number;
  label: string;
}

/** Payload of `nn-hover` / `nn-select` over text: the token and its attribution. */
export interface SaliencyTokenDetail {
  kind: 'saliency-token';
  token: number;
  text: string;
  value: number;
}

/** A pixel of a panel (image mode). */
export interface PixelTarget {
  kind: 'pixel';
  panel: number;
  x: number;
  y: number;
}

/** A token (text mode). */
export interface TokenTarget {
  kind: 'token';
  token: number;
}

export type SaliencyTarget = PixelTarget | TokenTarget;

/** Where a panel's canvas sits in the pointer surface, and the rects drawn in it. */
export interface PanelPlacement {
  /** The canvas's top-left corner in surface coordinates (CSS pixels). */
  origin: Point;
  layout: PanelLayout;
}

/**
 * What the saliency overlay's views read and do: the derived data, the
 * display attributes, interaction state and a few actions. The element
 * implements it; a view test can pass a plain object.
 */
export interface SaliencyHost {
  /** The maps and what they are over; undefined until computed (and after the element left the page). */
  readonly data: SaliencyData | undefined;
  /** The decoded picture, available before the attribution (the loading view paints it). */
  readonly picture: Picture | undefined;
  readonly mode: unknown;
  readonly signed: boolean;
  readonly opacity: number;
  readonly threshold: number;
  readonly clipPercentile: number;
  readonly topPercent: number;
  /** The picture under an overlay: `auto`, `colour` or `grey` (validated by the view). */
  readonly backdrop: unknown;
  /** The class explained, as set. */
  readonly target?: number;
  /** The class names, as set (validated by the view). */
  readonly labels?: unknown;
  /** True while the element has keyboard focus (`:focus-visible`): the card previews the item the first key lands on. */
  readonly keyboardFocus: boolean;
  /** The element's type (family, text and label sizes in px), for what is drawn outside HTML. */
  typography(): Typography;
  /** The picture's grey backdrop, and whether it has colour. */
  backdropOf(picture: Picture): Backdrop;
  /** The element's content size. */
  readonly viewSize: Size;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** What the pointer is over, and where (surface coordinates). */
  readonly hovered: { target: SaliencyTarget; at: Point } | undefined;
  /** The keyboard (or linked) cursor. */
  readonly cursor: SaliencyTarget | undefined;
  /** The item pinned with Enter / Space or a click. */
  readonly pinned: SaliencyTarget | undefined;
  /** The page background the text view's chips were last composited over; the text view writes it. */
  renderedBackground?: string;
  /** True while the update renders only a cursor, hover or pin change (nothing the chips' colours depend on). */
  readonly overlayOnly: boolean;
  /** Panel placements of the last draw, for hit testing; the image view writes them. */
  placements: PanelPlacement[];
  /** Attaches the pointer surface. */
  pointerSurface(): DirectiveResult;
  /** The value at which panel `panel`'s colours saturate. */
  clip(panel: number): number;
  /** Panel `panel`'s mask of kept pixels (mask mode). */
  mask(panel: number): Uint8Array;
  /** The one colour scale of panel `panel`, shared by its painter and (panel 0) the legend. */
  scale(panel: number): ColourScale;
  themeColor(name: 'text' | 'muted' | 'background' | 'grid' | 'accent' | 'missing'): string;
  /** Moves the cursor (keyboard): announces the value, fires `nn-hover`, publishes the link state. */
  moveCursor(target: SaliencyTarget | undefined): void;
  /** Pins `target` and fires `nn-select`. */
  select(target: SaliencyTarget): void;
  /** The slider's value: the threshold (percent) or, in mask mode, top-percent. */
  setSlider(value: number, mask: boolean): void;
}
