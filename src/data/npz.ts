import type { DecodedArray } from './decoded-array.js';
import { parseNpy } from './npy.js';
import { pickArrayName } from './pick-array-name.js';
import { readZipDirectory, readZipEntry } from './zip.js';

/**
 * The names of the arrays in an `.npz` archive, as `np.savez` named them:
 * `arr_0`, `arr_1`, … for positional arrays, the keyword for the others;
 * without the `.npy` suffix the archive stores.
 *
 * @example
 * ```ts
 * // np.savez('model.npz', tokens, attention=attention)
 * listNpz(bytes); // ['arr_0', 'attention']
 * ```
 */
export function listNpz(bytes: Uint8Array, source?: string): string[] {
  return readZipDirectory(bytes, source)
    .filter((entry) => entry.name.endsWith('.npy'))
    .map((entry) => entry.name.slice(0, -'.npy'.length));
}

/**
 * Decodes one array of an `.npz` archive (`np.savez` or
 * `np.savez_compressed`) to float32 values in C order.
 *
 * @param name the array, as `listNpz` names it (a trailing `.npy` is
 *   accepted too); may be omitted when the archive holds one array.
 * @param source names the file in error messages.
 * @throws NnDataError listing the archive's array names when `name` is
 *   unknown or missing for a multi-array archive, and for everything
 *   parseNpy rejects.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/model.npz')).arrayBuffer());
 * const { data, shape } = await parseNpz(bytes, 'attention', 'model.npz');
 * ```
 */
export async function parseNpz(bytes: Uint8Array, name?: string, source?: string): Promise<DecodedArray> {
  const entries = readZipDirectory(bytes, source).filter((entry) => entry.name.endsWith('.npy'));
  const names = entries.map((entry) => entry.name.slice(0, -'.npy'.length));
  const requested = name?.endsWith('.npy') && !names.includes(name) ? name.slice(0, -'.npy'.length) : name;
  const picked = pickArrayName(names, requested, 'npz archive', source);
  const entry = entries[names.indexOf(picked)];
  const npy = await readZipEntry(bytes, entry, source);
  return parseNpy(npy, source ? `${source}#${picked}` : entry.name);
}
