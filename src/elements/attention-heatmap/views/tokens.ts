import type { CursorCommand } from '../../interaction/keys.js';
import type { AttentionHost } from './host.js';

/**
 * The token cursor the lines and text views share: arrows (and pages,
 * Home/End) move the focused query token (the first press focuses token 0),
 * announced and fired as a token hover. Returns the token moved to.
 */
export function moveToken(host: AttentionHost, command: CursorCommand): number | undefined {
  const q = host.data.source.shape[2];
  const current = host.focusQuery;
  let next: number;
  switch (command.kind) {
    case 'move':
    case 'extend':
      next = current === undefined ? 0 : current + command.dx + command.dy;
      break;
    case 'page':
      next = (current ?? 0) + command.direction * 10;
      break;
    case 'edge':
      next = command.to === 'start' ? 0 : q - 1;
      break;
    default:
      return undefined;
  }
  next = Math.max(0, Math.min(q - 1, next));
  host.set({ focusQuery: next });
  const token = host.data.labels.query[next];
  host.announce(`Token ${next} "${token}".`);
  const { layer, head } = host.options;
  host.hovered({ kind: 'attention-token', layer, head, side: 'query', index: next, token });
  return next;
}
