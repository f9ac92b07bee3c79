import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ElementView } from '../../base/view.js';
import { textTemplate } from '../text-view.js';
import type { TracerHost } from './host.js';

/** Text view: at most this many tokens of the window are in the DOM. */
export const TEXT_TOKENS = 240;

/** One stable click handler per host, so the text view's listener is not rebound every frame. */
const handlers = new WeakMap<TracerHost, (t: number, event: MouseEvent) => void>();

function tokenHandler(host: TracerHost): (t: number, event: MouseEvent) => void {
  let handler = handlers.get(host);
  if (!handler) handlers.set(host, (handler = (t, event) => host.pickToken(t, event.shiftKey)));
  return handler;
}

/**
 * The tokens of the text window as running text (selection bold and
 * underlined, matches shaded); click a token to select it, Shift+click to
 * extend. Behind `guard`, so a scroll frame skips its hundreds of bindings.
 */
export const textView: ElementView<TracerHost, never> = {
  template(host) {
    const { traced, result } = host;
    const text = host.textWindow ?? host.stepWindow;
    if (!traced || !result || !text) return nothing;
    const shown = { start: text.start, span: Math.min(text.span, TEXT_TOKENS) };
    return html`${guard([traced.labels, shown.start, shown.span, result, traced.joined], () =>
      textTemplate({
        labels: traced.labels,
        window: shown,
        selection: result.selection,
        matchAt: result.matchAt,
        joined: traced.joined,
        onToken: tokenHandler(host),
      }),
    )}`;
  },
};
