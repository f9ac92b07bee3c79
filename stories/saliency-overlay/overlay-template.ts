// The story controls of <nn-saliency-overlay> and the template that turns
// them into attributes: one place, so every story's controls mean the same.
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ArgTypes } from '@storybook/web-components-vite';
import '../../src/elements/saliency-overlay/define.js';
import type { SaliencyMode } from '../../src/elements/saliency-overlay/layout.js';
import type { Preprocess, SaliencyMethod } from '../../src/elements/saliency-overlay/explain.js';
import type { ScoredModel } from '../../src/compute/attribution/score-for.js';
import type { TensorInput } from '../../src/data/load-tensor.js';
import type { ImageInput } from '../../src/data/image-tensor.js';

/** The story args: the element's display attributes. */
export interface OverlayArgs {
  mode: SaliencyMode;
  opacity: number;
  signed: boolean;
  clipPercentile: number;
  topPercent: number;
  threshold: number;
  /** A d3-scale-chromatic name; 'auto' leaves the attribute off (viridis, PuOr when signed). */
  colormap: string;
  /** Attribute `backdrop`: the picture under an overlay. */
  backdrop: 'auto' | 'colour' | 'grey';
  /** Set by the theme toolbar (.storybook/preview.ts). */
  theme?: 'light' | 'dark';
}

export const DEFAULT_ARGS: OverlayArgs = {
  mode: 'overlay',
  opacity: 0.75,
  signed: false,
  clipPercentile: 99.5,
  topPercent: 10,
  threshold: 0,
  colormap: 'auto',
  backdrop: 'auto',
};

const COLORMAPS = ['auto', 'viridis', 'inferno', 'magma', 'cividis', 'Greys', 'PuOr', 'RdBu', 'BrBG'];

export const OVERLAY_ARG_TYPES: Partial<ArgTypes<OverlayArgs>> = {
  mode: { control: 'inline-radio', options: ['overlay', 'side-by-side', 'heatmap', 'mask'], description: 'Attribute `mode`' },
  opacity: {
    control: { type: 'range', min: 0, max: 1, step: 0.05 },
    description: 'Attribute `opacity`: overlay strength where the map is strongest',
  },
  signed: {
    control: 'boolean',
    description: 'Attribute `signed`: diverging around 0 (channels summed) instead of magnitude (max |value| over channels)',
  },
  clipPercentile: {
    control: { type: 'range', min: 90, max: 100, step: 0.1 },
    description: 'Attribute `clip-percentile`: colours saturate at this percentile of |value|',
  },
  topPercent: { control: { type: 'range', min: 0, max: 100, step: 1 }, description: 'Attribute `top-percent`: mask mode keeps this share of pixels' },
  threshold: {
    control: { type: 'range', min: 0, max: 1, step: 0.01 },
    description: 'Attribute `threshold`: hide values under this fraction of the clip value',
  },
  colormap: { control: 'select', options: COLORMAPS, description: "Attribute `colormap`; 'auto' = viridis, PuOr when signed" },
  backdrop: {
    control: 'inline-radio',
    options: ['auto', 'colour', 'grey'],
    description:
      'Attribute `backdrop`: the picture under an overlay as it is (`colour`), desaturated and dimmed (`grey`), or grey for colour pictures only (`auto`)',
  },
  theme: { table: { disable: true } },
};

/** The data side of one element: what the story passes besides the args. */
export interface OverlayInput {
  image?: ImageInput;
  src?: string;
  saliency?: TensorInput;
  model?: ScoredModel | string;
  target?: number;
  method?: SaliencyMethod;
  compare?: string[] | string;
  tokens?: string[];
  tokenIds?: number[];
  samples?: number;
  steps?: number;
  window?: number;
  baseline?: string;
  preprocess?: Preprocess;
  /** Class names, for the class statement. */
  labels?: string[];
  /** Overrides of the args for this element. */
  mode?: SaliencyMode;
  signed?: boolean;
  style?: string;
}

/** One `<nn-saliency-overlay>` with the args as attributes (as a page would write them) and the data as properties. */
export function overlay(args: OverlayArgs, input: OverlayInput): TemplateResult {
  return html`<nn-saliency-overlay
    .image=${input.image}
    src=${ifDefined(input.src)}
    .saliency=${input.saliency}
    .model=${input.model}
    target=${ifDefined(input.target)}
    method=${input.method ?? 'gradient'}
    .compare=${input.compare}
    .tokens=${input.tokens}
    .tokenIds=${input.tokenIds}
    samples=${ifDefined(input.samples)}
    steps=${ifDefined(input.steps)}
    window=${ifDefined(input.window)}
    baseline=${input.baseline ?? 'black'}
    .preprocess=${input.preprocess}
    .labels=${input.labels}
    backdrop=${args.backdrop ?? 'auto'}
    mode=${input.mode ?? args.mode}
    opacity=${args.opacity}
    ?signed=${input.signed ?? args.signed}
    clip-percentile=${args.clipPercentile}
    top-percent=${args.topPercent}
    threshold=${args.threshold}
    colormap=${ifDefined(args.colormap === 'auto' ? undefined : args.colormap)}
    theme=${args.theme ?? 'auto'}
    style=${ifDefined(input.style)}
  ></nn-saliency-overlay>`;
}
