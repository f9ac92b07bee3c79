import { html, svg, nothing, type TemplateResult } from 'lit';
import { format } from 'd3-format';
import type { AxisLabels } from './tokens.js';
import { shortLabel } from './draw-matrix.js';

/** What the lines view draws. */
export interface LinesState {
  /** The selected layer's heads, `[heads, q, k]`; undefined in rollout mode. */
  layerHeads?: Float32Array;
  /** The rollout matrix `[q, k]` when rollout is on (drawn as one "head"). */
  rollout?: Float32Array;
  heads: number;
  q: number;
  k: number;
  labels: AxisLabels;
  /** The heads drawn (the picker's pressed swatches). */
  shownHeads: ReadonlySet<number>;
  /** The head the keyboard's head cursor is on (outlined in the picker). */
  headCursor?: number;
  /** The layer, named above the picker. */
  layer: number;
  activeToken?: { side: 'query' | 'key'; index: number };
  width: number;
  height: number;
  /** Running-text size of the tokens, px. */
  textPx?: number;
  /** Titles of the two columns: `query` / `key`, or with target / source for cross-attention. */
  titles?: { query: string; key: string };
  mask?: readonly number[];
}

export interface LinesActions {
  onToggleHead(head: number): void;
  onToken(token: { side: 'query' | 'key'; index: number } | undefined): void;
}

/**
 * SVG lines cost the browser per element: past about 20,000 the view stops
 * being interactive (bertviz draws every pair and stalls by 512 tokens). The
 * faintest lines go first, and the view says how many it left out.
 */
export const MAX_LINES = 20_000;
const formatWeight = format('.3~g');

/**
 * Sixteen distinct head colours: Tableau 10 (Maureen Stone's palette, made
 * to be told apart as lines and marks), then six of other hues and
 * lightness, each readable on a light and a dark page. BERT-base's 12 heads
 * and 16-head models get no repeats; past 16 the colours cycle (the picker
 * names every head).
 */
export const HEAD_COLORS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#17becf',
  '#7f3c8d',
  '#bcbd22',
  '#11a579',
  '#e73f74',
  '#a6d854',
];

/** The colour of head `head`. */
export function headColor(head: number): string {
  return HEAD_COLORS[head % HEAD_COLORS.length];
}

interface Line {
  head: number;
  query: number;
  key: number;
  weight: number;
}

/**
 * The lines to draw: visible heads, only the active token's lines when one
 * is active, and past {@link MAX_LINES} the strongest ones. At 12 heads x
 * 512 x 512 there are 3.1M pairs: the cut-off weight is found on a typed
 * array of the weights, and objects are made only for the lines drawn.
 */
export function chooseLines(state: LinesState): { lines: Line[]; threshold: number; total: number } {
  const { q, k, heads, shownHeads, activeToken } = state;
  const matrices = state.rollout ? [state.rollout] : Array.from({ length: heads }, (_, h) => state.layerHeads!.subarray(h * q * k, (h + 1) * q * k));
  const masked = new Set(state.mask ?? []);
  const queries = (activeToken?.side === 'query' ? [activeToken.index] : Array.from({ length: q }, (_, i) => i)).filter((i) => !masked.has(i));
  const keys = (activeToken?.side === 'key' ? [activeToken.index] : Array.from({ length: k }, (_, i) => i)).filter((i) => !masked.has(i));
  const visible = matrices.map((values, head) => ({ values, head })).filter(({ head }) => state.rollout || shownHeads.has(head));
  const each = (visit: (weight: number, head: number, query: number, key: number) => void) => {
    for (const { values, head } of visible) {
      for (const query of queries) for (const key of keys) visit(values[query * k + key], head, query, key);
    }
  };
  const floor = 0.001;
  let total = 0;
  each((weight) => {
    if (weight > floor) total++;
  });
  let threshold = floor;
  if (total > MAX_LINES) {
    const weights = new Float32Array(total);
    let i = 0;
    each((weight) => {
      if (weight > floor) weights[i++] = weight;
    });
    weights.sort();
    threshold = weights[total - MAX_LINES];
  }
  const lines: Line[] = [];
  each((weight, head, query, key) => {
    if (weight > floor && weight >= threshold && lines.length < MAX_LINES) lines.push({ head, query, key, weight });
  });
  return { lines, threshold, total };
}

/**
 * bertviz's head view: query tokens on the left, key tokens on the right, a
 * line for each pair whose opacity is the weight, one colour per head. One
 * head is drawn at first (twelve at once are a hairball); the picker, a row
 * of coloured swatches as in bertviz, toggles heads by click, or by the
 * arrow keys and Enter inside the element's one tab stop. Hovering or
 * focusing a token keeps only its lines. Drawn as SVG, so it exports as SVG.
 */
export function linesTemplate(state: LinesState, actions: LinesActions): TemplateResult {
  const { q, k, labels, width } = state;
  const textPx = state.textPx ?? 12;
  const ROW_HEIGHT = Math.round(textPx * 1.5);
  const rows = Math.max(q, k);
  // A row of column titles above the tokens, as the matrix has axis titles.
  const top = ROW_HEIGHT + 4;
  const height = rows * ROW_HEIGHT + 8 + top;
  const column = Math.min(160, Math.max(60, width * 0.25));
  const x1 = column;
  const x2 = width - column;
  const y = (i: number) => top + 4 + (i + 0.5) * ROW_HEIGHT;
  const titles = state.titles ?? { query: 'query', key: 'key' };
  const { lines, threshold, total } = chooseLines(state);
  const active = state.activeToken;
  const tokenText = (side: 'query' | 'key', index: number) => {
    const label = side === 'query' ? labels.query[index] : labels.key[index];
    const isActive = active?.side === side && active.index === index;
    return svg`<text
      part="token"
      x=${side === 'query' ? x1 - 8 : x2 + 8}
      y=${y(index)}
      text-anchor=${side === 'query' ? 'end' : 'start'}
      dominant-baseline="middle"
      font-weight=${isActive ? 700 : 400}
      @pointerenter=${() => actions.onToken({ side, index })}
      @click=${() => actions.onToken(isActive ? undefined : { side, index })}
    ><title>${label}</title>${shortLabel(label)}</text>`;
  };
  return html`
    ${
      state.rollout
        ? html`<p class="note">Attention rollout through layer ${state.layer}: one line per token pair.</p>`
        : html`<div class="heads" role="group" aria-label=${`Heads of layer ${state.layer}`}>
          <span class="layer-name">layer ${state.layer}</span>
          ${Array.from({ length: state.heads }, (_, head) => {
            const shown = state.shownHeads.has(head);
            return html`<button
              type="button"
              tabindex="-1"
              @mousedown=${(event: Event) => event.preventDefault()}
              class=${head === state.headCursor ? 'head-swatch cursor' : 'head-swatch'}
              aria-pressed=${shown ? 'true' : 'false'}
              aria-label=${`head ${head}`}
              title=${`head ${head}`}
              style=${`--head:${headColor(head)}`}
              @click=${() => actions.onToggleHead(head)}
            >${head}</button>`;
          })}
        </div>`
    }
    ${
      total > lines.length
        ? html`<p class="note">Showing the ${lines.length.toLocaleString('en-US')} strongest of ${total.toLocaleString('en-US')} lines (weights under ${formatWeight(threshold)} left out).</p>`
        : nothing
    }
    <div class="scroll" @pointerleave=${() => actions.onToken(undefined)}>
      <svg class="lines" width=${width} height=${height} role="img"
        aria-label=${`Attention lines from ${q} query tokens to ${k} key tokens, ${lines.length} lines drawn`}>
        <g stroke-linecap="round">
          ${lines.map(
            (line) => svg`<line x1=${x1} y1=${y(line.query)} x2=${x2} y2=${y(line.key)}
              stroke=${state.rollout ? 'currentColor' : headColor(line.head)} stroke-width="2" stroke-opacity=${Math.min(1, line.weight).toFixed(3)}></line>`,
          )}
        </g>
        <g class="titles" font-size=${Math.round(textPx * 0.85)}>
          <text x=${x1 - 8} y=${ROW_HEIGHT / 2 + 2} text-anchor="end" dominant-baseline="middle">${titles.query}</text>
          <text x=${x2 + 8} y=${ROW_HEIGHT / 2 + 2} text-anchor="start" dominant-baseline="middle">${titles.key}</text>
        </g>
        <g font-size=${textPx}>
          ${Array.from({ length: q }, (_, i) => tokenText('query', i))}
          ${Array.from({ length: k }, (_, i) => tokenText('key', i))}
        </g>
      </svg>
    </div>
  `;
}
