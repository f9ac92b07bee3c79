import { layerArray } from '../attention-source.js';
import { linesTemplate } from '../lines-view.js';
import type { AttentionHost, AttentionViewModule } from './host.js';
import { moveToken } from './tokens.js';

function showToken(host: AttentionHost, token: { side: 'query' | 'key'; index: number } | undefined): void {
  host.setUi({ activeToken: token });
  if (token?.side === 'query') host.set({ focusQuery: token.index });
  if (!token) return;
  const { labels } = host.data;
  const { layer, head } = host.options;
  host.hovered({
    kind: 'attention-token',
    layer,
    head,
    side: token.side,
    index: token.index,
    token: token.side === 'query' ? labels.query[token.index] : labels.key[token.index],
  });
}

/**
 * bertviz's head view as SVG: query tokens left, key tokens right, a line
 * per pair with the weight as opacity, one colour per head; heads toggle in
 * its legend and a hovered or focused token keeps only its lines.
 */
export const linesView: AttentionViewModule = {
  async prepare(host, signal) {
    const { source } = host.data;
    const { layer, rollout } = host.options;
    if (!rollout) await host.stages.layerHeads.run([source, layer], () => layerArray(source, layer), signal);
  },

  template(host) {
    const [, heads, q, k] = host.data.source.shape;
    const { rollout, mask } = host.options;
    return linesTemplate(
      {
        layerHeads: rollout ? undefined : host.stages.layerHeads.value,
        rollout: rollout ? host.data.shown : undefined,
        heads,
        q,
        k,
        labels: host.data.labels,
        hiddenHeads: host.ui.hiddenHeads,
        activeToken: host.ui.activeToken,
        width: Math.max(240, host.size.width),
        height: Math.max(120, host.size.height),
        mask,
      },
      {
        onToggleHead: (head) => {
          const next = new Set(host.ui.hiddenHeads);
          if (next.has(head)) next.delete(head);
          else next.add(head);
          host.setUi({ hiddenHeads: next });
        },
        onToken: (token) => showToken(host, token),
      },
    );
  },

  command(host, command) {
    if (command.kind === 'escape') {
      host.setUi({ activeToken: undefined });
      return true;
    }
    const next = moveToken(host, command);
    if (next === undefined) return false;
    host.setUi({ activeToken: { side: 'query', index: next } });
    return true;
  },
};
