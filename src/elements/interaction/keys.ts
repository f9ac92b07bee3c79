import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * What a key means, the same on every element. One table, documented in the
 * README ("Keyboard") and checked by one test on all four elements:
 *
 * | Key | Command |
 * |---|---|
 * | Arrow keys | `move` one item (cell, tile, pixel, token, step) |
 * | Shift + arrow | `move` ten items; on a range (the tracer's steps) `extend` the range by one |
 * | PageUp / PageDown | `page`: one screenful back or forward |
 * | Home / End | `edge`: the first or last item |
 * | Enter / Space | `select` (pin) the item under the cursor |
 * | Escape | `escape`: clear the cursor and pin, and reset zoom |
 * | `+` / `=`, `-` / `_` | `zoom` in or out around the cursor |
 * | `0` | `reset` zoom |
 */
export type CursorCommand =
  | { kind: 'move'; dx: number; dy: number }
  | { kind: 'extend'; dx: number; dy: number }
  | { kind: 'page'; direction: 1 | -1 }
  | { kind: 'edge'; to: 'start' | 'end' }
  | { kind: 'select' }
  | { kind: 'escape' }
  | { kind: 'zoom'; direction: 1 | -1 }
  | { kind: 'reset' };

/** How far Shift + arrow moves. */
export const LARGE_STEP = 10;

const arrows: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The command a key press means, or undefined when the key is not ours.
 * `range`: Shift + arrow extends a range instead of moving ten items.
 *
 * @example
 * ```ts
 * readKey(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true })); // {kind: 'move', dx: 10, dy: 0}
 * ```
 */
export function readKey(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  options: { range?: boolean } = {},
): CursorCommand | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined; // the browser's and the page's shortcuts
  const arrow = arrows[event.key];
  if (arrow) {
    const [dx, dy] = arrow;
    if (event.shiftKey && options.range) return { kind: 'extend', dx, dy };
    const k = event.shiftKey ? LARGE_STEP : 1;
    return { kind: 'move', dx: dx * k, dy: dy * k };
  }
  switch (event.key) {
    case 'PageUp':
      return { kind: 'page', direction: -1 };
    case 'PageDown':
      return { kind: 'page', direction: 1 };
    case 'Home':
      return { kind: 'edge', to: 'start' };
    case 'End':
      return { kind: 'edge', to: 'end' };
    case 'Enter':
    case ' ':
      return { kind: 'select' };
    case 'Escape':
      return { kind: 'escape' };
    case '+':
    case '=':
      return { kind: 'zoom', direction: 1 };
    case '-':
    case '_':
      return { kind: 'zoom', direction: -1 };
    case '0':
      return { kind: 'reset' };
  }
  return undefined;
}

/** What a zooming view shows along one axis: items `start` to `end - 1` of `total`. */
export interface ZoomExtent {
  /** The axis in the reader's words, plural: 'rows', 'columns', 'steps'. */
  axis: string;
  start: number;
  /** One past the last item shown. */
  end: number;
  total: number;
}

/** "rows 10–41 of 512" (an en dash, inclusive, as a reader counts). */
function extentWords({ axis, start, end, total }: ZoomExtent): string {
  const last = Math.max(start, end - 1);
  return last === start ? `${axis.replace(/s$/, '')} ${start} of ${total}` : `${axis} ${start}–${last} of ${total}`;
}

/**
 * The sentence said after a zoom, a zoom reset or Escape, when the view
 * said nothing itself: the same words on every element. `extents` is what
 * the view shows now (after the command), when it can say; `zooms` whether
 * the view zooms at all (Escape then also resets the zoom).
 *
 * @example
 * ```ts
 * keyAnnouncement({ kind: 'zoom', direction: 1 }, [{ axis: 'rows', start: 10, end: 42, total: 512 }], true); // 'Zoomed to rows 10–41 of 512.'
 * keyAnnouncement({ kind: 'escape' }, undefined, true); // 'Cursor cleared, zoom reset.'
 * ```
 */
export function keyAnnouncement(command: CursorCommand, extents: readonly ZoomExtent[] | undefined, zooms: boolean): string | undefined {
  const shown = extents && extents.length > 0 ? extents.map(extentWords).join(', ') : undefined;
  switch (command.kind) {
    case 'zoom':
      return shown ? `Zoomed to ${shown}.` : `Zoomed ${command.direction > 0 ? 'in' : 'out'}.`;
    case 'reset':
      return shown ? `Zoom reset: ${shown}.` : 'Zoom reset.';
    case 'escape':
      if (!zooms) return 'Cursor cleared.';
      return shown ? `Cursor cleared, zoom reset: ${shown}.` : 'Cursor cleared, zoom reset.';
    default:
      return undefined;
  }
}

/** Form controls inside an element keep their own keys (a slider's arrows, a button's Enter). */
function isInnerControl(target: EventTarget | undefined): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLButtonElement
  );
}

/** The element side of keyboard navigation. */
export interface CursorHandler {
  /** Does what `command` means for the current view; returns false when it does not apply (the key then does its usual thing). */
  command(command: CursorCommand, event: KeyboardEvent): boolean;
  /** Shift + arrow extends a range (the tracer) instead of moving ten items. */
  readonly range?: boolean;
}

/**
 * Keyboard navigation written once for every element (as material-web's
 * `ListController` is for list and menu): it reads keys on the host with
 * {@link readKey}, leaves keys typed into inner controls alone, and hands each
 * command to the element's handler, which moves its cursor, announces the
 * value and fires `nn-hover`.
 *
 * @example
 * ```ts
 * private readonly cursor = new CursorController(this, { command: (c) => this.views[this.view].command?.(c) ?? false });
 * ```
 */
export class CursorController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly handler: CursorHandler;
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || isInnerControl(event.composedPath()[0])) return;
    const command = readKey(event, { range: this.handler.range });
    if (command && this.handler.command(command, event)) event.preventDefault();
  };

  constructor(host: ReactiveControllerHost & HTMLElement, handler: CursorHandler) {
    this.host = host;
    this.handler = handler;
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeyDown);
  }
}

/**
 * Moves a cursor in a list of `count` items laid out in rows of `columns`
 * (1 for a strip): arrows, Shift + arrows, pages of `pageRows` rows,
 * Home/End. Returns the new index (clamped), or undefined for commands that
 * are not moves. `current` undefined starts at the first item.
 *
 * @example
 * ```ts
 * moveInGrid(5, { kind: 'move', dx: 0, dy: 1 }, { count: 100, columns: 10 }); // 15
 * ```
 */
export function moveInGrid(
  current: number | undefined,
  command: CursorCommand,
  grid: { count: number; columns: number; pageRows?: number },
): number | undefined {
  const { count, columns } = grid;
  if (count <= 0) return undefined;
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  if (current === undefined && (command.kind === 'move' || command.kind === 'page')) return 0;
  const at = current ?? 0;
  switch (command.kind) {
    case 'move':
    case 'extend':
      return clamp(at + command.dx + command.dy * columns);
    case 'page':
      return clamp(at + command.direction * columns * Math.max(1, grid.pageRows ?? 4));
    case 'edge':
      return command.to === 'start' ? 0 : last;
    default:
      return undefined;
  }
}
