import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/elements/feature-grid/define.js';
import { tf } from '../../src/tf.js';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import { AUTO_BACKEND_ORDER, type BackendName } from '../../src/backend/use-backend.js';
import { storyFigure } from './story-figure.js';
import { mnistDigit, mnistModel } from './mnist.js';
import { randomCnn } from './random-cnn.js';

interface GridArgs {
  digit: number;
  sort: 'index' | 'mean' | 'max';
  normalize: 'global' | 'tile';
  /** 'auto' leaves the attribute off (viridis; PuOr for signed data). */
  colormap: string;
  backend: BackendName;
  theme?: 'light' | 'dark';
}

const description = `
What each channel of a layer responds to. Give \`<nn-feature-grid>\` one layer's activations, or a
model, a layer name and an input, and it shows one heatmap per channel; add \`optimize\` and it
shows, for each channel, an input the browser has optimised to excite that channel (feature
visualisation, Olah et al., 2017).

\`\`\`html
<script type="module">import 'nnscope/feature-grid';</script>
<nn-feature-grid src="conv2.npy" sort="max"></nn-feature-grid>
\`\`\`

\`\`\`js
const grid = document.querySelector('nn-feature-grid');
grid.model = await tf.loadLayersModel('/models/mnist-cnn/model.json');
grid.layer = 'conv2';
grid.input = digit;            // a [28, 28, 1] tensor, a picture or its URL
grid.addEventListener('nn-select', (e) => console.log(e.detail.channel));
\`\`\`

| Attribute (property) | Values |
|---|---|
| \`activations\` (property), \`src\` | \`[H, W, C]\`, \`[1, H, W, C]\`; \`[C, H, W]\` with \`layout="chw"\`; \`[N, C]\` as strips |
| \`model\`, \`layer\`, \`input\` | a tf.LayersModel, a layer name, the example |
| \`images\`, \`labels\` | precomputed pictures (URLs, ImageData, \`[N, h, w, 3]\`), one tile each |
| \`channels\` | \`[0, 3, 7]\` or \`top:16\` (the 16 most active on \`input\`) |
| \`optimize\`, \`steps\`, \`learning-rate\`, \`seed\`, \`total-variation\`, \`sparsity\`, \`background\`, \`objective\` | feature visualisation |
| \`sort\` | \`index\`, \`mean\`, \`max\` (largest first) or a JSON array |
| \`normalize\` (\`normalization\`) | \`global\` (one scale) or \`tile\` (each tile its own) |
| \`view\` | \`grid\` or \`spatial\` (needs \`input\`) |
| \`columns\`, \`--nn-tile-size\` | fixed columns, or as many tiles of the CSS size as fit |
| \`selected\`, \`order\` (read-only) | the selected channel; the channels in displayed order |

All tiles come from one atlas built on the GPU (normalise, colour through the colormap's table,
arrange) and put on a canvas once; the grid draws only its visible rows, so thousands of channels
scroll smoothly. Hover a tile for an enlarged view with its values (\`nn-hover\`
\`{kind: 'feature-tile', channel, value, y, x}\`; a spatial-view position: \`kind: 'feature-cell'\`),
click or press Enter / Space to select it (\`nn-select\` \`{kind: 'feature-channel', channel}\`);
the keys are the project's one table (arrows, Shift + arrows ten, Page keys a screenful, Home/End,
Escape clears), the tile under the keyboard cursor shows the same card as hover, and values are
announced. Hover, keys and select publish \`nn-link\` \`{channel}\` (the spatial position: \`{pixel}\`).

**The data.** The MNIST stories use \`models/mnist-cnn\`, a small CNN trained on real MNIST
digits by \`scripts/train_mnist.mjs\` (conv1: 8 channels → pool1 → conv2: 16 channels → pool2 →
10 logits; 96.4 % test accuracy), and held-out test digits. The scale stories use a
MobileNet-sized CNN with *random* weights (seeded): its channels mean nothing; it shows size.
`;

const meta = {
  title: 'Elements/Feature grid',
  tags: ['autodocs'],
  args: { digit: 3, sort: 'index', normalize: 'global', colormap: 'auto', backend: 'auto' },
  argTypes: {
    digit: { control: { type: 'range', min: 0, max: 9, step: 1 }, description: 'Which held-out MNIST digit' },
    sort: { control: 'inline-radio', options: ['index', 'mean', 'max'] },
    normalize: { control: 'inline-radio', options: ['global', 'tile'] },
    colormap: { control: 'select', options: ['auto', 'viridis', 'magma', 'inferno', 'cividis', 'Greys', 'PuOr', 'RdBu'] },
    backend: { control: 'select', options: ['auto', ...AUTO_BACKEND_ORDER] },
  },
  parameters: { docs: { description: { component: description } } },
} satisfies Meta<GridArgs>;

export default meta;
type Story = StoryObj<GridArgs>;

const colormapOf = (args: GridArgs) => (args.colormap === 'auto' ? undefined : args.colormap);

/** Every element drew tiles and none reported an error. */
const hasTiles = (elements: FeatureGrid[]) => (elements.every((el) => el.order.length > 0) ? undefined : 'an element shows no tiles');

/**
 * The input digit, drawn at 3x with square pixels: what every activation map
 * below is of. The elements' own one-line summary is each grid's caption.
 */
async function inputFigure(digit: Tensor3D, label: number): Promise<TemplateResult> {
  // Grey levels into an ImageData by hand: tf.browser.toPixels warns on WebGPU and WebGL that it is slow.
  const [height, width] = digit.shape;
  const grey = await digit.data();
  const pixels = new ImageData(width, height);
  grey.forEach((value, i) => {
    const level = Math.round(Math.max(0, Math.min(1, value)) * 255);
    pixels.data.set([level, level, level, 255], i * 4);
  });
  const canvas = Object.assign(document.createElement('canvas'), { className: 'digit', width, height });
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return html`<figure class="input">${canvas}<figcaption>Input: a held-out test digit ${label} (28 × 28 pixels, drawn 3× here)</figcaption></figure>`;
}

export const ConvLayers: Story = {
  name: 'Activations of each layer on a real digit',
  parameters: {
    docs: {
      description: {
        story:
          "The trained MNIST CNN on a held-out test digit (change it with the `digit` control): conv1's 8 channels at 26 × 26, " +
          "pool1, conv2's 16 channels at 11 × 11 and pool2. conv1 channels are stroke detectors at one orientation or edge " +
          'polarity each (the digit lights up along its strokes of that direction); conv2 combines them into parts of strokes and ' +
          'corners, at coarser resolution. `sort="max"` puts the channels that fire most first; `normalize="tile"` shows the ' +
          'shape of weak channels.',
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
        // No height: each grid is as tall as its rows; its summary line ("layer conv1: 8 channels of 26 × 26") is its caption.
        const grid = (layer: string) => html`<figure>
          <nn-feature-grid .model=${model} .input=${digit} layer=${layer} sort=${args.sort}
            normalize=${args.normalize} colormap=${ifDefined(colormapOf(args))} theme=${args.theme ?? 'auto'}></nn-feature-grid></figure>`;
        return html`${await inputFigure(digit, args.digit)}<div class="row">${grid('conv1')}${grid('pool1')}</div>
          <div class="row">${grid('conv2')}${grid('pool2')}</div>`;
      },
      { check: hasTiles, backend: args.backend },
    ),
};

export const Optimized: Story = {
  name: 'Optimised feature visualisations',
  args: { backend: 'webgl' },
  parameters: {
    docs: {
      description: {
        story:
          "For each of conv2's first 8 channels, an input optimised in the browser to excite the channel at the centre position " +
          '(`objective="neuron"`), all 8 in one batch: 32 Adam steps (learning rate 0.15) on a decorrelated Fourier parameterisation, with random ' +
          'jitter, scale and rotation each step, a small total-variation and sparsity penalty, starting from near-black ' +
          '(`background="0.05"`, as MNIST digits are white on black). **What they show:** short white stroke fragments on black, ' +
          'each at one orientation or curvature: diagonal strokes, a horizontal bar, a vertical stub, the bend of a curve, a stroke ' +
          'end — the pieces digits are made of, one receptive field (8 × 8 pixels) wide. Tiles update as the optimisation runs; ' +
          'the seed makes it reproducible. Opened on its own, this story selects WebGL by default: on machines with only a software GPU, ' +
          'WebGPU runs this optimisation ten times slower (choose it in the `backend` control). On this docs page it leaves the ' +
          "page's backend alone: switching it here would pull it from under the other stories' elements. The story optimises 8 channels so that it " +
          "finishes within the Storybook smoke test's 30 s on a 2-core machine with a software GPU; set `channels` to `top:16` " +
          'with an `input`, or leave it unset, for more.',
      },
    },
  },
  render: (args, context) =>
    storyFigure(
      async () => {
        const model = await mnistModel();
        return html`<nn-feature-grid style="--nn-tile-size: 84px" .model=${model} layer="conv2" optimize objective="neuron" channels="[0, 1, 2, 3, 4, 5, 6, 7]"
          steps="32" learning-rate="0.15" total-variation="0.5" sparsity="2" background="0.05" seed="1" sort=${args.sort}
          theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
      },
      {
        // One engine per page: on the docs page the other stories' elements hold tensors on the page's backend.
        backend: context.viewMode === 'docs' ? 'auto' : args.backend,
        check: (elements) => (elements[0].order.length === 8 ? undefined : `expected 8 optimised channels, got ${elements[0].order.length}`),
      },
    ),
};

export const Spatial: Story = {
  name: 'Spatial view (Building Blocks)',
  parameters: {
    docs: {
      description: {
        story:
          "The digit with a grid over conv2's 11 × 11 positions. It opens pinned at the layer's strongest activation (the caption " +
          'says which channel and value), so the channels listed are the ones that fire most. Hover a position (or use the arrow ' +
          'keys) to list the channels most active there, with their values; click one to see where in the digit that channel fires, blended over it. ' +
          'After Olah et al., 2018, *The Building Blocks of Interpretability*.',
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
        return html`<nn-feature-grid view="spatial" .model=${model} .input=${digit} layer="conv2"
          colormap=${ifDefined(colormapOf(args))} theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
      },
      { check: hasTiles, backend: args.backend },
    ),
};

export const Scale: Story = {
  name: '512 and 2048 channels',
  args: { sort: 'max' },
  parameters: {
    docs: {
      description: {
        story:
          'A MobileNet-sized CNN with random, seeded weights (`stories/feature-grid/random-cnn.ts`) on a 112 × 112 test ' +
          'pattern: block3 has 512 channels of 14 × 14, block4 2048 channels of 7 × 7. Each grid is one atlas built on the GPU, ' +
          'drawn in bands of rows; with no height set, a grid grows to `--nn-max-height` (600 px) and then scrolls. ' +
          'The weights are random, so the channels mean nothing.',
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const { model, image } = await randomCnn();
        const grid = (layer: string) => html`<nn-feature-grid style="--nn-tile-size: 36px" .model=${model} .input=${image}
          layer=${layer} sort=${args.sort} normalize=${args.normalize} colormap=${ifDefined(colormapOf(args))} theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
        return html`<div class="row"><figure>${grid('block3')}</figure><figure>${grid('block4')}</figure></div>`;
      },
      {
        preparing: 'Building the random CNN…',
        backend: args.backend,
        check: (elements) => (elements.map((el) => el.order.length).join() === '512,2048' ? undefined : 'expected 512 and 2048 tiles'),
      },
    ),
};

export const Dark: Story = {
  name: 'Dark theme',
  parameters: {
    docs: {
      description: {
        story:
          'The digit and conv1 on a dark page with `theme="dark"`, each tile on its own scale (`normalize="tile"`): the tiles keep ' +
          'a hairline edge in the grid colour, so that their dark low end does not run into the page.',
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
        return html`<div class="dark-page">${await inputFigure(digit, args.digit)}
          <nn-feature-grid theme="dark" .model=${model} .input=${digit} layer="conv1" normalize="tile"
            colormap=${ifDefined(colormapOf(args))} sort=${args.sort}></nn-feature-grid></div>`;
      },
      { check: hasTiles, backend: args.backend },
    ),
};

export const FromTensor: Story = {
  name: 'Channels-first data (layout="chw")',
  parameters: {
    docs: {
      description: {
        story:
          'conv2\'s activations transposed to PyTorch\'s [C, H, W] = [16, 11, 11] and passed as a tensor with `layout="chw"`; ' +
          'without it the element reports the mistake (see the error story).',
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
        const { layerActivations } = await import('../../src/compute/feature-vis/extract.js');
        const chw = tf.tidy(() => tf.transpose(layerActivations(model, 'conv2', digit), [2, 0, 1]));
        return html`<nn-feature-grid .activations=${chw} layout="chw" sort=${args.sort}
          theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
      },
      { check: hasTiles, backend: args.backend },
    ),
};

export const ErrorLayerName: Story = {
  name: 'Error: layer name',
  parameters: { docs: { description: { story: 'A layer the model does not have: the message lists the layers it does.' } } },
  render: (args) =>
    storyFigure(async () => {
      const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
      return html`<nn-feature-grid style="height: 160px" .model=${model} .input=${digit} layer="conv3" theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
    }),
};

export const ErrorChannelsFirst: Story = {
  name: 'Error: channels first',
  parameters: { docs: { description: { story: 'Activations [16, 11, 11] (channels first) without `layout="chw"`.' } } },
  render: (args) =>
    storyFigure(
      html`<nn-feature-grid style="height: 160px" .activations=${{ data: new Float32Array(16 * 11 * 11), shape: [16, 11, 11] }}
        theme=${args.theme ?? 'auto'}></nn-feature-grid>`,
    ),
};

export const ErrorSpatialDense: Story = {
  name: 'Error: spatial view of a dense layer',
  parameters: { docs: { description: { story: '`view="spatial"` on the logits layer, which has no height and width.' } } },
  render: (args) =>
    storyFigure(async () => {
      const [model, digit] = await Promise.all([mnistModel(), mnistDigit(args.digit)]);
      return html`<nn-feature-grid style="height: 160px" view="spatial" .model=${model} .input=${digit} layer="logits"
        theme=${args.theme ?? 'auto'}></nn-feature-grid>`;
    }),
};
