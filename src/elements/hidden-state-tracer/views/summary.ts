import type { SelectionResult, TracerHost } from './host.js';

/** The status line: "Steps 4–8 "( ( a": 3 units on (u1, u7, u19) at threshold 0.3; 12 matches." */
export function summarize(host: TracerHost, result: SelectionResult): string {
  const selection = result.selection;
  const traced = host.traced;
  if (!traced || !selection || selection.end <= selection.start)
    return 'No selection: drag over the plot or the tokens (or use ←/→) to select steps.';
  const phrase = traced.labels.slice(selection.start, Math.min(selection.end, selection.start + 12)).join(traced.joined ? '' : ' ');
  const more = selection.end - selection.start > 12 ? '…' : '';
  const what = `Steps ${selection.start}–${selection.end - 1} "${phrase}${more}"`;
  const rule = `threshold ${host.threshold}${host.strict ? ', strict' : ''}`;
  const n = result.units.length;
  if (n === 0) return `${what}: no unit is on throughout it (${rule}), so no matches.`;
  const list = Array.from(result.units.slice(0, 8), (u) => `u${u}`).join(', ') + (n > 8 ? ', …' : '');
  const all = n === traced.units ? ' (every unit)' : '';
  const matches = result.total === 0 ? 'no other place where all are on' : `${result.total} match${result.total === 1 ? '' : 'es'}`;
  return `${what}: ${n} unit${n === 1 ? '' : 's'} on${all} (${list}) at ${rule}; ${matches}.`;
}

/** Why the match list is empty. */
export function emptyReason(host: TracerHost, result: SelectionResult): string {
  if (!result.selection || result.selection.end <= result.selection.start) return 'No selection yet, so no matches.';
  if (result.units.length === 0)
    return `No unit is on throughout the selection at threshold ${host.threshold}${host.strict ? ' (strict)' : ''}, so there is nothing to match.`;
  return 'The selected units are all on nowhere else.';
}
