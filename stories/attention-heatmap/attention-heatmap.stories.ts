import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { AttentionHeatmap, AttentionHeadDetail, AttentionCellDetail } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import type { NnHoverEvent, NnSelectEvent } from '../../src/events/events.js';
import {
  ALIGNMENT,
  COREFERENCE,
  ENGLISH,
  FRENCH,
  GPT_PATTERNS,
  GPT_TOKENS,
  PADDED_PATTERNS,
  PADDED_TOKENS,
  PAD_POSITIONS,
  PRONOUN,
  ROLLOUT_TOKENS,
  SENTENCE,
  SMALL_TOKENS,
  UNTRUSTED_TOKENS,
  bertLikeAttention,
  causalAttention,
  coreferenceAttention,
  hugeAttention,
  hugeTokens,
  paddedAttention,
  patternTableMarkdown,
  rolloutAttention,
  smallAttention,
  translationAttention,
  untrustedAttention,
} from './examples.js';
import { DEFAULT_ARGS, HEATMAP_ARG_TYPES, heatmap, headOptions, type HeatmapArgs } from './heatmap-template.js';
import { RANDOM_TRANSFORMER } from './random-transformer.js';
import { storyFigure } from './story-figure.js';
import { PATTERN_NOTES } from './synthetic-attention.js';

const description = `
Attention of any transformer, from one head to a whole model: a query × key heatmap with zoom
(\`matrix\`), every layer and head at once (\`model\`), bertviz's head view (\`lines\`), or the
sentence itself shaded token by token (\`text\`). Head means and maxima and attention rollout
are computed with TensorFlow.js on the page's backend (webgpu, webgl or cpu).

\`\`\`html
<script type="module">import 'nnscope/attention-heatmap';</script>

<nn-attention-heatmap
  src="attention.npy"
  tokens='["The", "cat", "sat"]'
></nn-attention-heatmap>
\`\`\`

With no height set the element is as tall as what it draws: the matrix has square cells and is as wide as the column allows; give it a height and the matrix fits inside it, the legend right under it. From script, set the data as properties:

\`\`\`js
const el = document.querySelector('nn-attention-heatmap');
el.tokens = ['The', 'cat', 'sat'];
el.attention = [[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.7, 0.2]]; // a row per query, a column per key
await el.updateComplete; // resolves once it is drawn
\`\`\`

**Data.** \`attention\` takes a \`tf.Tensor\` (kept on its backend and never disposed: it stays
yours), nested arrays, \`{data, shape}\` (a \`Float32Array\` is used without a copy), bytes or a
\`File\`, of shape \`[q, k]\`, \`[heads, q, k]\` or \`[layers, heads, q, k]\`; or Hugging Face's
\`outputs.attentions\`, a list of \`[1, heads, q, k]\` tensors. \`src\` takes the URL of an
\`.npy\`, \`.npz\`, \`.safetensors\` (\`#name\` picks an array) or \`.json\` file. \`tokens\` labels
both axes; \`query-tokens\` and \`key-tokens\` label them apart (cross-attention). Tokens are
shown as text, never parsed as markup.

| Attribute (property) | Values |
|---|---|
| \`view\` | \`matrix\` (default), \`model\`, \`lines\`, \`text\` |
| \`layer\`, \`head\` | indices from 0; \`head\` also \`mean\` or \`max\` over the layer's heads |
| \`rollout\` | attention rollout (Abnar & Zuidema, 2020) through \`layer\` |
| \`mask\` | a JSON array of token indices shown as "no value" (padding, special tokens) |
| \`scale\`, \`domain\` | \`linear\`, \`sqrt\` or \`log\`; \`auto\` or \`[min, max]\` |
| \`normalize\` (\`normalization\`) | \`none\`, \`row\` or \`column\`: each scaled to its own max |
| \`colormap\` | any d3-scale-chromatic name; default \`viridis\` (\`PuOr\` for signed values) |
| \`downsample\` | \`max\` (keeps peaks) or \`mean\`, when there are more cells than pixels |
| \`focus-query\`, \`focus-key\` | the highlighted row and column; the text view's token |
| \`text-direction\` | text view: \`received\` from the token, or \`given\` to it |
| \`theme\`, \`eager\` | \`auto\`, \`light\`, \`dark\`; start before being scrolled near |

**Reading it.** The legend says what is shown and everything that changes how to read it:
the layer and head, rollout, how many cells each pixel merges, row or column scaling, masked
tokens, rows that do not sum to 1. Causal attention (everything above the diagonal exactly 0)
is recognised and its upper half drawn as "no value", not as zero.

**Interaction.** Hover for the value; click to pin a cell; drag to zoom into a window, wheel
to zoom, *Reset zoom* or Escape to go back; arrow keys move between cells, \`+\` and \`-\` zoom, Enter pins. In the
model view, click a head (or use the arrow keys) to select it.

**Events and results.** \`nn-render\` \`{backend, ms}\` when drawn; \`nn-error\` \`{message}\`,
also kept in \`el.error\` and shown inline;
\`nn-hover\` \`{layer, head, query, key, value, queryToken, keyToken}\` (\`null\` on leave); \`nn-select\` for a pinned cell, or \`{layer, head}\`
from the model view. \`el.result\` is the matrix shown, \`{data, shape}\`; \`el.exportImage()\`
resolves to a PNG \`Blob\`.

**About the data in these stories.** None of it comes from a trained model: there are no model
weights here. Most stories use *synthetic* attention (\`stories/attention-heatmap/synthetic-attention.ts\`):
each row of a head is a softmax of noise plus a pattern that trained heads are known to show
(Clark et al., 2019, *What Does BERT Look At?*; Olsson et al., 2022, on induction heads). The
Rollout story is different: it runs a real forward pass of a *randomly initialised*
transformer with TensorFlow.js. Each story says which it uses.
`;

const meta = {
  title: 'Elements/Attention heatmap',
  tags: ['autodocs'],
  args: DEFAULT_ARGS,
  argTypes: HEATMAP_ARG_TYPES,
  parameters: {
    docs: { description: { component: description } },
  },
} satisfies Meta<HeatmapArgs>;

export default meta;
type Story = StoryObj<HeatmapArgs>;

/** `headOptions` for the head select of a story whose layers have `heads` heads. */
const headControl = (heads: number) => ({ head: { ...HEATMAP_ARG_TYPES.head, options: headOptions(heads) } });
const layerControl = (layers: number) => ({
  layer: { ...HEATMAP_ARG_TYPES.layer, control: { type: 'range' as const, min: 0, max: layers - 1, step: 1 } },
});

/**
 * The smallest use: one head as nested arrays `[q][k]` and a token per row and
 * column. The data is **synthetic**: a previous-token head (each token puts most of
 * its weight on the token before it; "The" has none before it and spreads its weight)
 * over a toy sentence, made by `syntheticAttention` with seed 1.
 */
export const Small: Story = {
  argTypes: headControl(1),
  render: (args) =>
    storyFigure(
      html`<figure>
      ${heatmap(args, { attention: smallAttention(), tokens: SMALL_TOKENS, style: 'max-width: 440px' })}
    </figure>`,
      { backend: args.backend },
    ),
};

/**
 * `src` loads a file; here an `.npy` that numpy wrote for nnscope's tests
 * (`scripts/make_attention_fixtures.py`): a causal `[2 layers, 3 heads, 6, 6]` array,
 * each row a softmax of standard normal noise with the upper triangle set to exactly 0.
 * Random numbers, not a model. With no `tokens`, the axes are labelled by position.
 */
export const FromFile: Story = {
  name: 'From a file (src)',
  argTypes: { ...headControl(3), ...layerControl(2) },
  render: (args) =>
    storyFigure(
      html`<figure>
      ${heatmap(args, { src: 'fixtures/attention/causal.npy', style: 'max-width: 420px' })}
    </figure>`,
      { backend: args.backend },
    ),
};

const SENTENCE_NOTE =
  'The data is **synthetic**, shaped like BERT-base (`[12, 12, 14, 14]`): each head has one of the patterns listed in the *Model view* story (seed 12).';

export const HeadMean: Story = {
  name: 'Heads: mean',
  args: { head: 'mean', layer: 2 },
  argTypes: layerControl(12),
  parameters: {
    docs: {
      description: {
        story: `\`head="mean"\`: the average of a layer's 12 heads, computed with TensorFlow.js. Layer 2 mixes previous-token, next-token, self, local, same-word, broad, [CLS] and punctuation heads, so its mean blurs them together; rows still sum to 1. ${SENTENCE_NOTE}`,
      },
    },
  },
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, style: 'max-width: 520px' })}</figure>`, {
      backend: args.backend,
    }),
};

export const HeadMax: Story = {
  name: 'Heads: max',
  args: { head: 'max', layer: 2 },
  argTypes: layerControl(12),
  parameters: {
    docs: {
      description: {
        story: `\`head="max"\`: the element-wise maximum over a layer's heads, which keeps every head's peak: the previous- and next-token diagonals, the same-word cells ("the"–"the", "dog"–"dog") and the [CLS] and punctuation columns of layer 2 all stay sharp. A maximum of rows is no distribution, so the legend says the rows do not sum to 1. ${SENTENCE_NOTE}`,
      },
    },
  },
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, style: 'max-width: 520px' })}</figure>`, {
      backend: args.backend,
    }),
};

const { layers: RT_LAYERS, heads: RT_HEADS, dModel: RT_D, seed: RT_SEED, gain: RT_GAIN } = RANDOM_TRANSFORMER;

export const Rollout: Story = {
  args: { rollout: true, layer: 1, head: 'mean' },
  argTypes: { ...layerControl(RT_LAYERS), ...headControl(RT_HEADS) },
  parameters: {
    docs: {
      description: {
        story: `Attention rollout (Abnar & Zuidema, 2020) through \`layer\`: how much of each token's representation after that layer flows from each input token, with the residual stream counted as half of every layer. Move the **layer** slider to follow the mixing: the diagonal (the share of each token that stays its own, through the residual stream) fades layer by layer, and in this untrained model every token draws about equally from all (near 1/${ROLLOUT_TOKENS.length}) by layer ${RT_LAYERS - 1}. The right panel shows that layer's own attention (mean over heads) for comparison.

The data is **real attention of an untrained model**: a ${RT_LAYERS}-layer, ${RT_HEADS}-head transformer encoder (d_model ${RT_D}, post-LN blocks as in BERT, ReLU MLP) with random weights (seed ${RT_SEED}, query and key weights scaled by ${RT_GAIN}/√d), run on these ${ROLLOUT_TOKENS.length} tokens with TensorFlow.js in the browser: hashed-vocabulary token embeddings plus sinusoidal positions, and real softmax(QKᵀ/√d_head) in every head. The element receives the per-layer list of \`[1, ${RT_HEADS}, ${ROLLOUT_TOKENS.length}, ${ROLLOUT_TOKENS.length}]\` tensors, as Hugging Face's \`outputs.attentions\`. Its patterns come from the architecture (equal tokens embed equally, positions add structure), not from training.`,
      },
    },
  },
  render: (args) =>
    storyFigure(
      async () => {
        const attention = await rolloutAttention();
        return html`<div class="row">
          <figure>
            ${heatmap(args, { attention, tokens: ROLLOUT_TOKENS })}
            <figcaption>Rollout through layer ${args.layer}.</figcaption>
          </figure>
          <figure>
            ${heatmap({ ...args, rollout: false }, { attention, tokens: ROLLOUT_TOKENS })}
            <figcaption>Layer ${args.layer} alone, ${args.head === 'mean' ? 'mean of its heads' : `head ${args.head}`}.</figcaption>
          </figure>
        </div>`;
      },
      { preparing: 'Running the random transformer…', backend: args.backend },
    ),
};

/** Model view plus a matrix that follows the head picked in it. */
function modelWithDrillDown(args: HeatmapArgs, style: string) {
  const pick = (event: NnSelectEvent<AttentionHeadDetail | AttentionCellDetail>) => {
    if ('query' in event.detail) return;
    const drill = (event.currentTarget as Element).closest('.row')?.querySelector<AttentionHeatmap>('.drill');
    if (!drill) return;
    drill.layer = event.detail.layer;
    drill.head = event.detail.head;
  };
  return html`<div class="row" @nn-select=${pick}>
    <figure style="flex: 2 1 420px">
      ${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, view: 'model', style })}
      <figcaption>Every layer (rows) × head (columns). Click one to open it on the right.</figcaption>
    </figure>
    <figure style="flex: 1 1 300px">
      ${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, view: 'matrix', className: 'drill' })}
    </figure>
  </div>`;
}

export const ModelView: Story = {
  name: 'Model view',
  args: { view: 'model', layer: 2, head: 0 },
  argTypes: { view: { table: { disable: true } } },
  parameters: {
    docs: {
      description: {
        story: `\`view="model"\`: all 12 layers × 12 heads at once, the way to find the heads worth a closer look. The outlined head is \`layer\`/\`head\`; clicking a thumbnail selects it and fires \`nn-select\` \`{layer, head}\`, which this story forwards to the matrix on the right with two lines of JS.

The data is **synthetic**, shaped like BERT-base (\`[12, 12, 14, 14]\`, seed 12). The head patterns are laid out loosely as Clark et al. (2019) describe trained BERT: broad and local heads low down, previous/next-token and same-word heads in the lower middle, most of layers 6–10 resting on [SEP], broad heads at the top. Every head also adds a small weight to [SEP]. Each head's pattern:

${patternTableMarkdown()}`,
      },
    },
  },
  render: (args) => storyFigure(modelWithDrillDown(args, ''), { backend: args.backend }),
};

/**
 * `view="lines"`: bertviz's head view. Query tokens on the left, key tokens on the right,
 * one line per pair with the weight as its opacity, one colour per head. Toggle heads in
 * the legend; hover a token to keep only its lines. Layer 2 of the **synthetic** BERT-shaped
 * data of the *Model view* story: previous-token heads (0, 2) slope up one row, next-token
 * heads (1, 7) down one, the same-word head (4) links "the"–"the" and "dog"–"dog".
 */
export const LinesView: Story = {
  name: 'Lines view',
  args: { view: 'lines', layer: 2 },
  argTypes: layerControl(12),
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, style: 'max-width: 640px' })}</figure>`, {
      backend: args.backend,
    }),
};

/**
 * `view="text"`: the sentence itself, each token shaded by the attention the focused token
 * (`focus-query`, here "it") gives it; its value is in its label and tooltip too. Click a
 * token to focus it, or switch to what it *receives*. Made to sit inside prose: the element
 * is as tall as its text.
 *
 * The data is **synthetic**: one hand-written head per sentence in which "it" attends to the
 * noun it refers to and every other token to the token before it (seed 4). It reproduces what
 * the Google AI blog's 2017 Transformer post shows for a *trained* model; no model ran here.
 */
export const TextView: Story = {
  name: 'Text view',
  args: { view: 'text', focusQuery: PRONOUN, colormap: 'Blues' },
  render: (args) => {
    const sentence = (which: keyof typeof COREFERENCE) => {
      const { tokens, referent } = COREFERENCE[which];
      return heatmap(args, { attention: coreferenceAttention(tokens, referent), tokens });
    };
    return storyFigure(
      html`<article>
      <h3>Who is "it"?</h3>
      <p>
        A pronoun is resolved by looking back. In the sentence below, "it" can only be the animal: streets do not get tired.
        An attention head that has learned this puts its weight on <em>animal</em> when it reads <em>it</em>:
      </p>
      ${sentence('tired')}
      <p>Change one word and the answer changes. Now "it" is the street, and so is the attention:</p>
      ${sentence('wide')}
      <p class="aside">Synthetic attention written by hand to show the idea; it is not the output of a model.</p>
    </article>`,
      { backend: args.backend },
    );
  },
};

export const CrossAttention: Story = {
  name: 'Cross-attention',
  args: { head: 0 },
  argTypes: headControl(4),
  parameters: {
    docs: {
      description: {
        story: `Encoder–decoder attention: the English words being written (queries, \`query-tokens\`) over the French source (keys, \`key-tokens\`); the two lists have different lengths. The lines view (right) draws all four heads.

The data is **synthetic**, \`[4, ${ENGLISH.length}, ${FRENCH.length}]\`, built from a word alignment written by hand (seed 3): head 0 attends to the aligned French word (see *noir* → *black* before *chat* → *cat*, and *dort* giving both *is* and *sleeping*), head 1 to the word after it, head 2 broadly, head 3 to \`</s>\`. Alignment: ${ENGLISH.map((word, i) => `${word}→${ALIGNMENT[i].map((j) => FRENCH[j]).join('+')}`).join(', ')}.`,
      },
    },
  },
  render: (args) => {
    const input = { attention: translationAttention(), queryTokens: ENGLISH, keyTokens: FRENCH };
    return storyFigure(
      html`<div class="row">
      <figure>${heatmap(args, { ...input })}</figure>
      <figure>${heatmap(args, { ...input, view: 'lines' })}</figure>
    </div>`,
      { backend: args.backend },
    );
  },
};

export const Causal: Story = {
  name: 'Causal (GPT-style)',
  args: { layer: 1, head: 0 },
  argTypes: { ...layerControl(2), ...headControl(4) },
  parameters: {
    docs: {
      description: {
        story: `Decoder attention: each token sees only itself and the tokens before it, so everything above the diagonal is exactly 0. The element recognises that and draws the upper half as "no value" (the legend says so), since the model never computed it.

The data is **synthetic** (\`[2, 4, 14, 14]\`, seed 5): the sentence said twice, as in studies of induction heads. Heads: ${GPT_PATTERNS.map((heads, layer) => heads.map((pattern, head) => `L${layer}H${head} ${PATTERN_NOTES[pattern]}`).join('; ')).join('; ')}. Layer 1 head 0 is shown: in the second sentence each token looks at the token that followed it the first time ("cat" → "sat").`,
      },
    },
  },
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: causalAttention(), tokens: GPT_TOKENS, style: 'max-width: 520px' })}</figure>`, {
      backend: args.backend,
    }),
};

export const MaskedPadding: Story = {
  name: 'Masked padding',
  args: { mask: PAD_POSITIONS, head: 0 },
  argTypes: { ...headControl(4), mask: { control: 'object', description: 'Attribute `mask`: token indices shown as "no value"' } },
  parameters: {
    docs: {
      description: {
        story: `\`mask='[6, 7, 8, 9]'\` hides the [PAD] tokens of a padded batch row: their rows and columns are drawn as "no value". Without the mask (clear it in the controls) the [PAD] columns are 0, because the attention mask kept every token from looking at them, but the [PAD] *rows* have values: the model computes them anyway, and they mean nothing.

The data is **synthetic** (\`[1, 4, 10, 10]\`, seed 9) with the [PAD] keys set to exactly 0 as BERT's attention mask does. Heads: ${PADDED_PATTERNS[0].map((pattern, head) => `${head} ${PATTERN_NOTES[pattern]}`).join('; ')}.`,
      },
    },
  },
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: paddedAttention(), tokens: PADDED_TOKENS, style: 'max-width: 480px' })}</figure>`, {
      backend: args.backend,
    }),
};

const HUGE_NOTE = `The data is **synthetic**, at BERT-base size: \`[12, 12, 512, 512]\`, 37.7 million float32 values (144 MiB), generated in the browser when the story comes into view (one pass over a \`Float32Array\`, about a quarter of a second) and passed as \`{data, shape}\`, which the element uses without a copy. The head patterns are those of the *Model view* story's table (seed 512); the 512 tokens are [CLS], a paragraph of prose repeated, and [SEP].`;

/** The Huge stories' element, once the data exists. */
function hugeFigure(args: HeatmapArgs, style: string) {
  return storyFigure(
    async () => {
      const attention = await hugeAttention();
      return html`<figure>${heatmap(args, { attention, tokens: hugeTokens(), style })}</figure>`;
    },
    { preparing: 'Generating 12 × 12 × 512 × 512 float32 attention (144 MiB)…', backend: args.backend },
  );
}

export const HugeModel: Story = {
  name: 'Huge: model view',
  args: { view: 'model', layer: 2, head: 0 },
  argTypes: headControl(12),
  parameters: {
    docs: {
      description: {
        story: `All 144 heads of a BERT-base-sized attention at once. Each 512 × 512 head is reduced to its thumbnail in one pass over the array (the \`downsample\` control picks the max or the mean of each block); nothing per cell reaches the DOM. ${HUGE_NOTE}`,
      },
    },
  },
  render: (args) => hugeFigure(args, 'max-width: 760px'),
};

export const HugeMatrix: Story = {
  name: 'Huge: matrix view',
  args: { view: 'matrix', layer: 2, head: 0 },
  argTypes: { ...headControl(12), ...layerControl(12) },
  parameters: {
    docs: {
      description: {
        story: `One 512 × 512 head (layer 2, head 0: previous token). At this size each pixel merges several cells (the legend says how many, and \`downsample\` how); drag a rectangle or use the wheel to zoom in until every cell and token label shows, and *Reset zoom* to go back. Try \`head\` = \`mean\` or \`max\` (one typed-array pass over the layer's 12 × 512 × 512 values, which are in memory), or rollout through layer 11: twelve 512 × 512 matrix products as TensorFlow.js ops, which in headless Chromium on a software GPU (SwiftShader) we measured at 3.7 s on webgl, 8.5 s on webgpu and 8.0 s on cpu; pick the backend with the \`backend\` control. ${HUGE_NOTE}`,
      },
    },
  },
  render: (args) => hugeFigure(args, 'max-width: 760px'),
};

export const Linked: Story = {
  args: { layer: 4, head: 2, focusQuery: 5 },
  argTypes: { ...layerControl(12) },
  parameters: {
    docs: {
      description: {
        story: `Views linked with a few lines of JS: hovering a cell of the matrix fires \`nn-hover\`, and the story sets the text view's \`focusQuery\` to the hovered query token; the slider sets \`focusQuery\` on both.

\`\`\`js
matrix.addEventListener('nn-hover', (event) => {
  if (event.detail) text.focusQuery = slider.valueAsNumber = event.detail.query;
});
slider.addEventListener('input', () => {
  matrix.focusQuery = text.focusQuery = slider.valueAsNumber;
});
\`\`\`

${SENTENCE_NOTE} Layer 4, head 2 is a same-word head: hover "dog" or "saw".`,
      },
    },
  },
  render: (args) => {
    const parts = (from: Element) => {
      const story = from.closest('.attention-story')!;
      return {
        matrix: story.querySelector<AttentionHeatmap>('.linked-matrix')!,
        text: story.querySelector<AttentionHeatmap>('.linked-text')!,
        slider: story.querySelector<HTMLInputElement>('.linked-slider')!,
        output: story.querySelector<HTMLOutputElement>('.linked-output')!,
      };
    };
    const show = (from: Element, query: number) => {
      const { matrix, text, slider, output } = parts(from);
      matrix.focusQuery = text.focusQuery = slider.valueAsNumber = query;
      output.value = `${query} "${SENTENCE[query]}"`;
    };
    const onHover = (event: NnHoverEvent<AttentionCellDetail>) => {
      if (event.detail) show(event.currentTarget as Element, event.detail.query);
    };
    const onSlide = (event: Event) => show(event.currentTarget as Element, (event.currentTarget as HTMLInputElement).valueAsNumber);
    const focus = args.focusQuery ?? 0;
    return storyFigure(
      html`
      <div class="controls">
        <label>Query token <input class="linked-slider" type="range" min="0" max=${SENTENCE.length - 1} .value=${String(focus)} @input=${onSlide} /></label>
        <output class="linked-output">${focus} "${SENTENCE[focus]}"</output>
      </div>
      <div class="row">
        <figure @nn-hover=${onHover}>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, view: 'matrix', className: 'linked-matrix' })}</figure>
        <figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, view: 'text', className: 'linked-text' })}</figure>
      </div>
    `,
      { backend: args.backend },
    );
  },
};

export const Dark: Story = {
  args: { view: 'model', layer: 7, head: 4 },
  argTypes: { view: { table: { disable: true } } },
  globals: { theme: 'dark' },
  parameters: {
    docs: {
      description: {
        story: `\`theme="dark"\` (the toolbar's theme switch sets it on every story): the element's own colours follow, and the "no value" and label colours with them. Pages can also set \`--nn-background\`, \`--nn-text-color\` and the other \`--nn-*\` properties. The *Model view* story's **synthetic** data; layer 7, head 4 (a same-word head) is open on the right.`,
      },
    },
  },
  render: (args) => storyFigure(modelWithDrillDown(args, ''), { backend: args.backend }),
};

/**
 * Tokens are untrusted text: `<img src=x onerror=alert(1)>`, `<b>bold?</b>` and `&amp;` are
 * drawn as the characters they are, in the matrix labels, the tooltip and the text view, next
 * to an emoji, Arabic and a very long token (shortened with an ellipsis in the matrix labels).
 * The story checks that no `<img>` or `<b>` element appeared in either element; had one, the
 * `x` image request alone would fail the smoke test. The data is **synthetic**
 * (`[1, 2, 9, 9]`, a previous-token and a broad head, seed 8).
 */
export const UntrustedTokens: Story = {
  name: 'Untrusted tokens',
  argTypes: headControl(2),
  render: (args) => {
    const input = { attention: untrustedAttention(), tokens: UNTRUSTED_TOKENS };
    return storyFigure(
      html`<div class="row">
        <figure>${heatmap(args, { ...input, view: 'matrix' })}</figure>
        <figure>${heatmap({ ...args, focusQuery: 2 }, { ...input, view: 'text' })}</figure>
      </div>`,
      {
        backend: args.backend,
        check: (elements) =>
          elements.some((el) => el.shadowRoot?.querySelector('img, b, script'))
            ? 'A token was parsed as markup: an <img>, <b> or <script> element is in the view.'
            : undefined,
      },
    );
  },
};

/**
 * `tokens` with 13 entries for attention over 14 tokens (the [SEP] left out): the element
 * says which list is wrong and both counts, inline and in `el.error` (shown below it). The
 * data is the **synthetic** BERT-shaped attention of the *Model view* story.
 */
export const ErrorTokenCount: Story = {
  name: 'Error: token count mismatch',
  render: (args) =>
    storyFigure(
      html`<figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE.slice(0, -1), style: 'max-width: 480px' })}</figure>`,
      { backend: args.backend },
    ),
};

/**
 * `torch.stack(outputs.attentions)` keeps Hugging Face's batch axis:
 * `[layers, batch, heads, q, k]`, rank 5. The element names the ranks it takes and the shape it got. (Pass the list
 * itself, or squeeze the batch axis.) The values are the **synthetic** BERT-shaped attention
 * of the *Model view* story as `{data, shape: [12, 1, 12, 14, 14]}`.
 */
export const ErrorRank: Story = {
  name: 'Error: bad rank',
  render: (args) =>
    storyFigure(
      html`<figure>${heatmap(args, {
        attention: { data: bertLikeAttention().data, shape: [12, 1, 12, SENTENCE.length, SENTENCE.length] },
        tokens: SENTENCE,
        style: 'max-width: 480px',
      })}</figure>`,
      { backend: args.backend },
    ),
};

/**
 * `layer="12"` for a 12-layer model (layers count from 0): the message gives the valid
 * range. The **synthetic** BERT-shaped attention of the *Model view* story.
 */
export const ErrorLayer: Story = {
  name: 'Error: layer out of range',
  args: { layer: 12 },
  render: (args) =>
    storyFigure(html`<figure>${heatmap(args, { attention: bertLikeAttention(), tokens: SENTENCE, style: 'max-width: 480px' })}</figure>`, {
      backend: args.backend,
    }),
};
