// Page styles of the attention stories: layout around the elements, in the
// `--nn-story-*` colours the theme toolbar sets (.storybook/preview.ts). The
// elements style themselves; nothing here reaches into their shadow roots.
export const storyStyles = `
  .attention-story { max-width: 980px; }
  .attention-story nn-attention-heatmap { width: 100%; }
  .attention-story figure { margin: 0 0 16px; }
  .attention-story figcaption { color: var(--nn-story-muted); margin-top: 4px; max-width: 64ch; }
  .attention-story .row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
  .attention-story .row > figure { flex: 1 1 300px; min-width: 0; }
  .attention-story .story-preparing { color: var(--nn-story-muted); }
  .attention-story .story-error { color: var(--nn-story-error); margin: 8px 0 0; overflow-wrap: anywhere; }
  .attention-story .story-error code { color: var(--nn-story-muted); margin-right: 4px; }
  .attention-story .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 0 0 10px; }
  .attention-story .controls input[type='range'] { width: 240px; accent-color: var(--nn-story-accent); }
  .attention-story output { font-variant-numeric: tabular-nums; }
  .attention-story article { max-width: 66ch; font-family: Georgia, 'Times New Roman', serif; font-size: 17px; line-height: 1.6; }
  .attention-story article h3 { font-family: system-ui, sans-serif; font-size: 20px; margin: 0 0 8px; }
  .attention-story article nn-attention-heatmap { margin: 4px 0 4px; }
  .attention-story article .aside { color: var(--nn-story-muted); font-size: 14px; font-family: system-ui, sans-serif; }
`;
