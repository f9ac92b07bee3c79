import { html } from 'lit';
import { textTemplate } from '../text-view.js';
import type { AttentionViewModule } from './host.js';
import { formatValue, matrixView } from './matrix.js';
import { moveToken } from './tokens.js';

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
      onFocus: (index) => host.set({ focusQuery: index }),
      onDirection: (direction) => host.set({ textDirection: direction }),
    })}${host.legend(scale, matrixView.legendNotes!(host))}`;
  },

  command(host, command) {
    if (command.kind === 'escape') {
      host.set({ focusQuery: undefined });
      return true;
    }
    return moveToken(host, command) !== undefined;
  },
};
