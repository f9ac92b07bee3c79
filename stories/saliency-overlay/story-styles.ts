// Page styles of the saliency stories, in the `--nn-story-*` colours of the
// theme toolbar (.storybook/preview.ts). Nothing reaches into shadow roots.
export const storyStyles = `
  .saliency-story { max-width: 1080px; }
  .saliency-story figure { margin: 0 0 16px; }
  .saliency-story figcaption { color: var(--nn-story-muted); margin-top: 4px; max-width: 64ch; }
  .saliency-story .row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .saliency-story .row > figure { flex: 1 1 220px; min-width: 0; }
  .saliency-story nn-saliency-overlay { width: 100%; }
  .saliency-story .story-preparing { color: var(--nn-story-muted); }
  .saliency-story .story-error { color: var(--nn-story-error); margin: 8px 0 0; overflow-wrap: anywhere; }
  .saliency-story .story-error code { color: var(--nn-story-muted); margin-right: 4px; }
  .saliency-story article { max-width: 70ch; }
  .saliency-story article nn-saliency-overlay { height: auto; min-height: 0; }
  .saliency-story article nn-saliency-overlay + nn-saliency-overlay { margin-top: 20px; }
  .saliency-story article.column { max-width: 704px; font: 19px/1.6 Georgia, 'Times New Roman', serif; }
  .saliency-story article.column nn-saliency-overlay { margin: 24px 0; }
`;
