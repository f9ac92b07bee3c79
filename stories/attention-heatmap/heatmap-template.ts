// The story controls of <nn-attention-heatmap> and the template that turns
// them into the element's attributes: one place, so every story's controls
// mean the same thing.
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ArgTypes } from '@storybook/web-components-vite';
import '../../src/elements/attention-heatmap/define.js';
import type { AttentionView } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import type { AttentionInput } from '../../src/elements/attention-heatmap/attention-source.js';
import type { HeadSelection } from '../../src/compute/attention/reduce-heads.js';
import type { ScaleType } from '../../src/scales/value-scale.js';
import { AUTO_BACKEND_ORDER, type BackendName } from '../../src/backend/use-backend.js';

/** The story args: the element's display attributes. */
export interface HeatmapArgs {
  view: AttentionView;
  layer: number;
  head: HeadSelection;
  rollout: boolean;
  scale: ScaleType | 'auto';
  normalize: 'none' | 'row' | 'column';
  /** A d3-scale-chromatic name; 'auto' leaves the attribute off (the element's default, viridis). */
  colormap: string;
  domain: string;
  downsample: 'max' | 'mean';
  textDirection: 'received' | 'given';
  focusQuery?: number;
  /** Token indices hidden as "no value"; only the Masked padding story shows this control. */
  mask?: number[];
  /** The TensorFlow.js backend the story selects first; 'auto' lets the elements pick (webgpu, webgl, cpu). */
  backend: BackendName;
  /** Set by the theme toolbar (.storybook/preview.ts). */
  theme?: 'light' | 'dark';
}

export const DEFAULT_ARGS: HeatmapArgs = {
  view: 'matrix',
  layer: 0,
  head: 0,
  rollout: false,
  scale: 'auto',
  normalize: 'none',
  colormap: 'auto',
  domain: 'auto',
  downsample: 'max',
  textDirection: 'received',
  backend: 'auto',
};

/** The colour schemes offered in the select; any d3-scale-chromatic name works in code. */
const COLORMAPS = ['auto', 'viridis', 'magma', 'inferno', 'plasma', 'cividis', 'Blues', 'Greys', 'YlGnBu', 'PuRd'];

/** Head choices for a layer of `heads` heads. */
export function headOptions(heads: number): HeadSelection[] {
  return [...Array.from({ length: heads }, (_, h) => h), 'mean', 'max'];
}

export const HEATMAP_ARG_TYPES: Partial<ArgTypes<HeatmapArgs>> = {
  view: { control: 'inline-radio', options: ['matrix', 'model', 'lines', 'text'], description: 'Attribute `view`' },
  layer: { control: { type: 'number', min: 0, step: 1 }, description: 'Attribute `layer`: layer index from 0' },
  head: { control: 'select', options: headOptions(12), description: 'Attribute `head`: an index, `mean` or `max` over the layer’s heads' },
  rollout: { control: 'boolean', description: 'Attribute `rollout`: attention rollout through `layer` (needs q = k)' },
  scale: {
    control: 'inline-radio',
    options: ['auto', 'linear', 'sqrt', 'log'],
    description: 'Attribute `scale`: value → colour; `auto` is linear, and in the model view each head over its own max, sqrt when skewed',
  },
  normalize: {
    control: 'inline-radio',
    options: ['none', 'row', 'column'],
    description: 'Attribute `normalize` (property `normalization`): each row or column scaled to its own max',
  },
  colormap: { control: 'select', options: COLORMAPS, description: "Attribute `colormap`: any d3-scale-chromatic name; 'auto' = the default" },
  domain: { control: 'text', description: "Attribute `domain`: 'auto' or a fixed '[min, max]'" },
  downsample: {
    control: 'inline-radio',
    options: ['max', 'mean'],
    description: 'Attribute `downsample`: how cells merge when there are more than pixels',
  },
  textDirection: { control: 'inline-radio', options: ['received', 'given'], description: 'Attribute `text-direction` (text view)' },
  focusQuery: { control: { type: 'number', min: 0, step: 1 }, description: 'Attribute `focus-query`: the highlighted row; the text view’s token' },
  backend: {
    control: 'inline-radio',
    options: ['auto', ...AUTO_BACKEND_ORDER],
    description: "`useBackend(name)` before the elements start (one engine per page); 'auto' lets them pick",
  },
  mask: { table: { disable: true } },
  theme: { table: { disable: true } },
};

/** The data side of one element: what the story passes besides the args. */
export interface HeatmapInput {
  attention?: AttentionInput;
  src?: string;
  tokens?: readonly string[];
  queryTokens?: readonly string[];
  keyTokens?: readonly string[];
  /** CSS for the element's box: it fills the box it is given. */
  style?: string;
  /** Extra attributes the story pins regardless of the controls. */
  view?: AttentionView;
  className?: string;
}

/**
 * One `<nn-attention-heatmap>` with the args as attributes (as a page would
 * write them) and the data as properties.
 */
export function heatmap(args: HeatmapArgs, input: HeatmapInput): TemplateResult {
  return html`<nn-attention-heatmap
    class=${ifDefined(input.className)}
    .attention=${input.attention}
    src=${ifDefined(input.src)}
    .tokens=${input.tokens}
    .queryTokens=${input.queryTokens}
    .keyTokens=${input.keyTokens}
    view=${input.view ?? args.view}
    layer=${args.layer}
    head=${String(args.head)}
    ?rollout=${args.rollout}
    mask=${ifDefined(args.mask?.length ? JSON.stringify(args.mask) : undefined)}
    scale=${args.scale}
    domain=${args.domain}
    normalize=${args.normalize}
    colormap=${ifDefined(args.colormap === 'auto' ? undefined : args.colormap)}
    downsample=${args.downsample}
    text-direction=${args.textDirection}
    focus-query=${ifDefined(args.focusQuery)}
    theme=${args.theme ?? 'auto'}
    style=${ifDefined(input.style)}
  ></nn-attention-heatmap>`;
}
