import { keyAnnouncement, type CursorCommand } from '../../interaction/keys.js';
import { initialWindow, zoomWindow } from '../timeline-layout.js';
import type { TracerHost } from './host.js';

/**
 * The one key table on the tracer's steps, a range: ←/→ move the selection
 * one step (a step at the window's start when there is none), Shift+←/→
 * extend or shrink it, PageUp/PageDown pan a screenful, Home/End go to
 * either end, Enter/Space select the step under the cursor, +/- zoom around
 * the cursor (else the window's centre), 0 resets the zoom, Escape clears
 * the selection and the cursor and resets the zoom. ↑/↓ do nothing on a
 * timeline (the key keeps its usual meaning).
 *
 * @example
 * ```ts
 * stepCommand(host, readKey(event, { range: true })!);
 * ```
 */
export function stepCommand(host: TracerHost, command: CursorCommand): boolean {
  const traced = host.traced;
  const window = host.stepWindow;
  if (!traced || !window) return false;
  const steps = traced.steps;
  const current = host.result?.selection;
  const hasSelection = current !== undefined && current.end > current.start;
  const cursorInWindow = host.cursor && host.cursor.t >= window.start && host.cursor.t < window.start + window.span;
  const anchor = cursorInWindow ? host.cursor!.t + 0.5 : window.start + window.span / 2;
  const initialSpan = initialWindow(steps, host.plotWidth).span;
  switch (command.kind) {
    case 'move':
    case 'extend': {
      if (command.dx === 0) return false;
      if (!hasSelection) {
        const t = Math.max(0, Math.min(steps - 1, window.start));
        host.select({ start: t, end: t + 1 }, t);
      } else if (command.kind === 'extend') {
        const end = Math.max(current.start + 1, Math.min(steps, current.end + command.dx));
        host.select({ start: current.start, end }, end - 1);
      } else {
        const length = current.end - current.start;
        const start = Math.max(0, Math.min(steps - length, current.start + command.dx));
        host.select({ start, end: start + length }, command.dx > 0 ? start + length - 1 : start);
      }
      return true;
    }
    case 'page':
      host.showWindow({ start: window.start + command.direction * window.span, span: window.span });
      return true;
    case 'edge':
      host.showWindow({ start: command.to === 'start' ? 0 : steps, span: window.span });
      return true;
    case 'select': {
      const t = host.cursor?.t ?? window.start;
      host.select({ start: t, end: t + 1 }, t);
      return true;
    }
    case 'escape': {
      host.select(undefined);
      host.moveCursor(undefined);
      host.showWindow({ start: window.start, span: initialSpan });
      // Clearing the selection announced its summary ("No selection: …");
      // say what Escape did instead, in the words every element uses.
      const shown = host.stepWindow ?? window;
      const extent = { axis: 'steps', start: shown.start, end: Math.min(steps, shown.start + shown.span), total: steps };
      host.announce(`Selection ${keyAnnouncement(command, [extent], true)!.replace(/^Cursor/, 'and cursor')}`);
      return true;
    }
    case 'zoom':
      host.showWindow(zoomWindow(window, command.direction > 0 ? 0.5 : 2, anchor, steps, host.plotWidth));
      return true;
    case 'reset':
      host.showWindow(zoomWindow(window, initialSpan / window.span, anchor, steps, host.plotWidth));
      return true;
  }
}
