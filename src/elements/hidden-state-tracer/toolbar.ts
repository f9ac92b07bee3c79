import { html, nothing, type TemplateResult } from 'lit';

/** What the toolbar shows and what its controls do. */
export interface ToolbarInput {
  /** The status line (see `summarize`). */
  status: string;
  threshold: number;
  strict: boolean;
  /** The state select is shown only when there are cell states. */
  stateKind?: 'hidden' | 'cell';
  onThreshold(value: number): void;
  onStrict(strict: boolean): void;
  onState(kind: 'hidden' | 'cell'): void;
}

/**
 * The status line and the threshold, strict and state controls (their keys
 * are theirs, not the key table's). The controls are not tab stops: the
 * element is one, and `t` reaches them (see inner-keys.ts).
 */
export function toolbarTemplate(input: ToolbarInput): TemplateResult {
  const threshold = (event: Event) => {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    if (!Number.isNaN(value)) input.onThreshold(value);
  };
  return html`<div class="toolbar" part="toolbar">
    <span class="status" part="status">${input.status}</span>
    <label>threshold <input part="threshold" type="number" tabindex="-1" step="0.05" .value=${String(input.threshold)} @change=${threshold}
      aria-label="Threshold: a unit is on at or above it"></label>
    <label><input type="checkbox" tabindex="-1" .checked=${input.strict} @change=${(e: Event) => input.onStrict((e.target as HTMLInputElement).checked)}> strict</label>
    ${
      input.stateKind
        ? html`<label>state <select tabindex="-1" aria-label="Which states" @change=${(e: Event) => input.onState((e.target as HTMLSelectElement).value as 'hidden' | 'cell')}>
          <option value="hidden" ?selected=${input.stateKind === 'hidden'}>hidden h</option>
          <option value="cell" ?selected=${input.stateKind === 'cell'}>cell c</option>
        </select></label>`
        : nothing
    }
  </div>`;
}
