import { html } from 'lit';
import { chipColours, textTemplate } from '../text-view.js';
import type { AttentionHost, AttentionViewModule } from './host.js';
import { formatValue, matrixView } from './matrix.js';
import { moveToken } from './tokens.js';

/** The legend; on a dark page with a scheme run the other way, its bar is mirrored and says so. */
function textLegend(host: AttentionHost) {
  const { scale } = host.display();
  const notes = matrixView.legendNotes!(host);
  const reversed = chipColours(scale.colormap, host.color('background')).reversed;
  if (reversed) notes.push('scheme reversed for the dark page: lighter is more');
  return html`<div class=${reversed ? 'reversed' : ''}>${host.legend(scale, notes)}</div>`;
}

/**
 * The sentence with each token shaded by the attention it receives from the
 * focused token (or gives to it): the form that sits inside a paragraph.
 */
export const textView: AttentionViewModule = {
  template(host) {
    const [, , q, k] = host.data.source.shape;
    const { scale } = host.display();
    return html`${textTemplate({
      values: host.data.shown,
      q,
      k,
      labels: host.data.labels,
      focus: host.focusQuery,
      direction: host.options.textDirection,
      unit: scale.unit,
      colormap: scale.colormap,
      format: formatValue,
      width: Math.max(200, host.size.width),
      font: host.font,
      textPx: host.type.text,
      background: host.color('background'),
      accent: host.color('accent'),
      outline: host.color('muted'),
      onFocus: (index) => host.set({ focusQuery: index }),
      onDirection: (direction) => host.set({ textDirection: direction }),
    })}${textLegend(host)}`;
  },

  command(host, command) {
    if (command.kind === 'escape') {
      host.set({ focusQuery: undefined });
      host.announce('Focus cleared: shading by the first token.');
      return true;
    }
    // Enter / Space: the toolbar's switch, without a second tab stop.
    if (command.kind === 'select') {
      const direction = host.options.textDirection === 'received' ? 'given' : 'received';
      host.set({ textDirection: direction });
      host.announce(
        direction === 'received'
          ? 'Showing the attention the token pays to each token.'
          : 'Showing the attention each token pays to the focused token.',
      );
      return true;
    }
    return moveToken(host, command) !== undefined;
  },
};
