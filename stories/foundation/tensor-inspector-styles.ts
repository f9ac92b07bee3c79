import { html } from 'lit';

/**
 * The inspector's styles. It renders into the light DOM, so every rule is
 * under `.nn-ld`; colours come from the story theme's `--nn-story-*` tokens
 * (.storybook/preview.ts), so the Theme toolbar switch restyles it.
 */
export const inspectorStyles = html`<style>
  .nn-ld {
    max-width: 760px;
    display: grid;
    gap: 14px;
  }
  .nn-ld code, .nn-ld pre {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 12.5px;
  }
  .nn-ld-controls {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(120px, auto);
    gap: 10px 16px;
    align-items: end;
  }
  .nn-ld-field {
    display: grid;
    gap: 4px;
    font-size: 12px;
    color: var(--nn-story-muted);
  }
  .nn-ld-field select {
    font: inherit;
    font-size: 13px;
    color: var(--nn-story-text);
    background: var(--nn-story-background);
    border: 1px solid var(--nn-story-grid);
    border-radius: 6px;
    padding: 5px 8px;
    min-width: 0;
  }
  .nn-ld-drop, .nn-ld-wide {
    grid-column: 1 / -1;
  }
  .nn-ld-drop {
    display: grid;
    gap: 2px;
    justify-items: center;
    padding: 12px;
    border: 1.5px dashed var(--nn-story-grid);
    border-radius: 8px;
    background: var(--nn-story-panel);
    cursor: pointer;
    text-align: center;
  }
  .nn-ld-drop:hover, .nn-ld-dragging {
    border-color: var(--nn-story-accent);
  }
  .nn-ld-drop:focus-within {
    outline: 2px solid var(--nn-story-accent);
    outline-offset: 2px;
  }
  .nn-ld-visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .nn-ld-call {
    margin: 0;
    padding: 10px 12px;
    border-radius: 6px;
    background: var(--nn-story-panel);
    border: 1px solid var(--nn-story-grid);
    overflow-x: auto;
  }
  .nn-ld-muted {
    color: var(--nn-story-muted);
    font-size: 12px;
    margin: 0;
  }
  .nn-ld-error {
    padding: 10px 12px;
    border-radius: 6px;
    border: 1px solid var(--nn-story-error);
    color: var(--nn-story-error);
    overflow-wrap: anywhere;
  }
  .nn-ld-result {
    display: flex;
    flex-wrap: wrap;
    gap: 20px 32px;
    align-items: flex-start;
  }
  .nn-ld-facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 6px 14px;
    margin: 0;
    min-width: 260px;
    flex: 1 1 300px;
  }
  .nn-ld-facts dt {
    color: var(--nn-story-muted);
    font-size: 12px;
    padding-top: 1px;
  }
  .nn-ld-facts dd {
    margin: 0;
  }
  .nn-ld-flag {
    color: var(--nn-story-error);
    font-weight: 600;
  }
  .nn-ld-figure {
    margin: 0;
    display: grid;
    gap: 6px;
    justify-items: start;
  }
  .nn-ld-heatmap {
    display: block;
    border: 1px solid var(--nn-story-grid);
    image-rendering: pixelated;
  }
  .nn-ld-figure figcaption {
    font-size: 12px;
    color: var(--nn-story-muted);
  }
  /* A measured time: as wide for 80 ms as for 12000 ms, so the line wraps the
     same way in every run (the visual suite masks the digits). */
  .nn-ld-time {
    display: inline-block;
    min-width: 8ch;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
</style>`;
