import { NnDataError } from './errors.js';

/**
 * Chooses which array of a multi-array file (npz, safetensors) to load: the
 * one `requested` names, or the only one when nothing is requested. Every
 * failure lists the names the file does hold, so the user can fix the
 * `#name` or `name` at once.
 *
 * @param container what holds the arrays, for messages: 'npz archive', 'safetensors file'.
 *
 * @example
 * ```ts
 * pickArrayName(['q', 'k'], 'k', 'safetensors file'); // 'k'
 * pickArrayName(['arr_0'], undefined, 'npz archive'); // 'arr_0'
 * ```
 */
export function pickArrayName(names: readonly string[], requested: string | undefined, container: string, source?: string): string {
  const listed = names.map((name) => `'${name}'`).join(', ');
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    const holds = names.length === 0 ? 'it holds no arrays' : `it holds ${listed}`;
    throw new NnDataError(`no array named '${requested}' in this ${container}; ${holds}`, { source });
  }
  if (names.length === 1) return names[0];
  if (names.length === 0) throw new NnDataError(`this ${container} holds no arrays`, { source });
  throw new NnDataError(`this ${container} holds ${names.length} arrays (${listed}); pick one with the 'name' option or a '#name' URL suffix`, {
    source,
  });
}
