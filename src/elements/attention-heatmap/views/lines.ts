import { layerArray } from '../attention-source.js';
import { linesTemplate } from '../lines-view.js';
import type { AttentionHost, AttentionViewModule } from './host.js';
import { moveToken } from './tokens.js';
import { axisTitles } from './matrix.js';

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

/** The head drawn before the reader picks any: the `head` attribute's, or head 0 for mean / max. */
function defaultHead(host: AttentionHost): number {
  const head = host.options.head;
  const heads = host.data.source.shape[1];
  return typeof head === 'number' && head >= 0 && head < heads ? head : 0;
}

/** The heads drawn: the reader's picks, or one head at first. */
export function shownHeads(host: AttentionHost): ReadonlySet<number> {
  return host.ui.shownHeads ?? new Set([defaultHead(host)]);
}

/** Shows or hides one head, and says which heads are drawn now. */
function toggleHead(host: AttentionHost, head: number): void {
  const next = new Set(shownHeads(host));
  if (next.has(head)) next.delete(head);
  else next.add(head);
  host.setUi({ shownHeads: next, headCursor: head });
  const list = [...next].sort((a, b) => a - b);
  host.announce(
    `Head ${head} ${next.has(head) ? 'shown' : 'hidden'}; ${list.length ? `drawn: head${list.length === 1 ? '' : 's'} ${list.join(', ')}` : 'no heads drawn'}.`,
  );
}

/**
 * bertviz's head view as SVG: query tokens left, key tokens right, a line
 * per pair with the weight as opacity, one colour per head; one head at
 * first, more toggled in its picker; a hovered or focused token keeps only
 * its lines.
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
        shownHeads: shownHeads(host),
        headCursor: host.ui.headCursor,
        layer: host.options.layer,
        activeToken: host.ui.activeToken,
        width: Math.max(240, host.size.width),
        height: Math.max(120, host.size.height),
        textPx: host.type.text,
        titles: axisTitles(host),
        mask,
      },
      {
        onToggleHead: (head) => toggleHead(host, head),
        onToken: (token) => showToken(host, token),
      },
    );
  },

  command(host, command) {
    if (command.kind === 'escape') {
      host.setUi({ activeToken: undefined, headCursor: undefined });
      return true;
    }
    const heads = host.data.source.shape[1];
    // Left / right walk the head picker, Enter / Space toggle the head there; up / down move the token.
    if (!host.options.rollout && (command.kind === 'move' || command.kind === 'extend') && command.dx !== 0) {
      const from = host.ui.headCursor ?? defaultHead(host);
      const head = Math.max(0, Math.min(heads - 1, from + Math.sign(command.dx)));
      host.setUi({ headCursor: head });
      host.announce(`Head ${head} of layer ${host.options.layer}, ${shownHeads(host).has(head) ? 'shown' : 'hidden'}. Enter shows or hides it.`);
      return true;
    }
    if (command.kind === 'select' && !host.options.rollout) {
      toggleHead(host, host.ui.headCursor ?? defaultHead(host));
      return true;
    }
    const next = moveToken(host, command);
    if (next === undefined) return false;
    host.setUi({ activeToken: { side: 'query', index: next } });
    return true;
  },
};
