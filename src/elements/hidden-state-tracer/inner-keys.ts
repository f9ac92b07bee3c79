/**
 * The tracer's inner controls behind its one tab stop. The element is one
 * tab stop (README, "Keyboard"); its toolbar controls and match rows have
 * tabindex -1 and are reached by keys pressed on the element:
 *
 * | Key | Does |
 * |---|---|
 * | `t` | focus the toolbar (the control last used there, else the threshold) |
 * | `m` | focus the match list (the row last used, else the first match) |
 * | ←/→ in the toolbar | the previous / next control (threshold, strict, state) |
 * | ↑/↓, Home/End in the match list | the previous / next, first / last row (Enter goes to the match) |
 * | Escape in either | back to the element (the plot's keys) |
 *
 * Tab from an inner control leaves the element, as from the element. The
 * key table's keys (arrows, Enter, Escape ...) typed into a control stay the
 * control's: the CursorController ignores them there.
 */

/** Which inner control each group had focused last, so coming back lands where the reader was. */
interface Remembered {
  toolbar: number;
  matches: number;
}

const remembered = new WeakMap<HTMLElement, Remembered>();

function controls(root: ParentNode, group: 'toolbar' | 'matches'): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(group === 'toolbar' ? '.toolbar input, .toolbar select' : 'button.row')];
}

function focusIn(host: HTMLElement, root: ParentNode, group: 'toolbar' | 'matches', index: number): boolean {
  const list = controls(root, group);
  if (list.length === 0) return false;
  const i = Math.max(0, Math.min(list.length - 1, index));
  const memory = remembered.get(host) ?? { toolbar: 0, matches: 0 };
  memory[group] = i;
  remembered.set(host, memory);
  list[i].focus();
  return true;
}

/**
 * Handles a keydown on the tracer `host` (whose shadow root is `root`) for
 * the inner controls; returns true when the key was used (the caller then
 * prevents its default).
 *
 * @example
 * ```ts
 * this.addEventListener('keydown', (e) => innerControlKey(this, this.renderRoot, e) && e.preventDefault());
 * ```
 */
export function innerControlKey(host: HTMLElement, root: ParentNode, event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.composedPath()[0];
  const memory = remembered.get(host) ?? { toolbar: 0, matches: 0 };
  if (target === host) {
    if (event.key === 't' || event.key === 'T') return focusIn(host, root, 'toolbar', memory.toolbar);
    if (event.key === 'm' || event.key === 'M') return focusIn(host, root, 'matches', memory.matches);
    return false;
  }
  for (const group of ['toolbar', 'matches'] as const) {
    const list = controls(root, group);
    const at = list.indexOf(target as HTMLElement);
    if (at < 0) continue;
    if (event.key === 'Escape') {
      host.focus();
      return true;
    }
    const [back, forward] = group === 'toolbar' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    if (event.key === back) return focusIn(host, root, group, (at - 1 + list.length) % list.length);
    if (event.key === forward) return focusIn(host, root, group, (at + 1) % list.length);
    if (group === 'matches' && event.key === 'Home') return focusIn(host, root, group, 0);
    if (group === 'matches' && event.key === 'End') return focusIn(host, root, group, list.length - 1);
    return false;
  }
  return false;
}
