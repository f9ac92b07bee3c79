import { html, nothing, type TemplateResult } from 'lit';
import type { Span } from '../../compute/hidden-states/types.js';

/** Longest run of match tokens spelled out in a row; the rest is elided. */
const MAX_SHOWN = 40;

/** What the match view shows. */
export interface MatchViewInput {
  labels: readonly string[];
  matches: readonly Span[];
  total: number;
  maxMatches: number;
  context: number;
  joined: boolean;
  /** Why there are no matches, when there are none. */
  empty?: string;
  onMatch: (index: number) => void;
}

function run(labels: readonly string[], start: number, end: number, joined: boolean): string {
  return labels.slice(start, end).join(joined ? '' : ' ');
}

/**
 * LSTMVis's match view: each match as one row, `context` tokens either side,
 * every row aligned on the match's first token (the left context is clipped
 * at its start, so rows line up however long it is). A row is a button:
 * activating it scrolls the time plot to the match. The cap is stated.
 * `data-export-text` puts the list, as shown, in `exportImage()`'s PNG.
 */
export function matchesTemplate(input: MatchViewInput): TemplateResult {
  const { labels, matches, total, maxMatches, context, joined } = input;
  const heading =
    total === 0
      ? (input.empty ?? 'No matches.')
      : total > matches.length
        ? `${total} matches; the ${matches.length} longest shown (max-matches ${maxMatches}).`
        : `${total} match${total === 1 ? '' : 'es'}, longest first.`;
  return html`<section class="matches" part="matches" data-export-text aria-label="Matches">
    <p class="heading" part="matches-heading">${heading}</p>
    ${
      matches.length
        ? html`<ol class="rows" tabindex="-1">
          ${matches.map((match, i) => {
            const length = match.end - match.start;
            const shownEnd = Math.min(match.end, match.start + MAX_SHOWN);
            return html`<li>
              <button part="match" class=${joined ? 'row' : 'row words'} tabindex="-1" data-index=${i} @click=${() => input.onMatch(i)}
                aria-label=${`Match ${i + 1}: steps ${match.start} to ${match.end - 1}, ${length} step${length === 1 ? '' : 's'}: ${run(labels, match.start, match.end, joined).slice(0, 200)}`}>
                <span class="rank">${i + 1}</span>
                <span class="left">${run(labels, Math.max(0, match.start - context), match.start, joined)}</span>
                <span class="right"><mark class="hit">${run(labels, match.start, shownEnd, joined)}${shownEnd < match.end ? '…' : nothing}</mark>${joined ? '' : ' '}${run(labels, match.end, Math.min(labels.length, match.end + context), joined)}</span>
                <span class="where">${length} × @${match.start}</span>
              </button>
            </li>`;
          })}
        </ol>`
        : nothing
    }
  </section>`;
}
