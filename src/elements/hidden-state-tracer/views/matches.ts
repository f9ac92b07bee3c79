import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ElementView } from '../../base/view.js';
import { matchesTemplate } from '../match-view.js';
import type { TracerHost } from './host.js';
import { emptyReason } from './summary.js';

/**
 * LSTMVis's match view: one row per match with context either side, aligned
 * on the match; a row is a button that scrolls the plot to it.
 */
export const matchesView: ElementView<TracerHost, never> = {
  template(host) {
    const { traced, result } = host;
    if (!traced || !result) return nothing;
    return html`${guard([traced.labels, result, host.maxMatches, host.context, traced.joined], () =>
      matchesTemplate({
        labels: traced.labels,
        matches: result.matches,
        total: result.total,
        maxMatches: host.maxMatches,
        context: host.context,
        joined: traced.joined,
        empty: emptyReason(host, result),
        onMatch: (i) => host.goToMatch(i),
      }),
    )}`;
  },
};
