import { tf } from '../tf.js';

/** A backend nnscope can compute on. `auto` picks the fastest that works here. */
export type BackendName = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order `auto` tries backends in: fastest first, the CPU always works. */
export const AUTO_BACKEND_ORDER: readonly Exclude<BackendName, 'auto'>[] = ['webgpu', 'webgl', 'cpu'];

let selection: Promise<string> | undefined;

/**
 * Selects the TensorFlow.js backend nnscope (and every other tfjs user on the
 * page, since there is one engine) computes on, and resolves to the name of the
 * backend actually in use.
 *
 * `tf.setBackend` can resolve `false`, or resolve `true` and leave another
 * backend active, when a GPU context cannot be created (seen with headless
 * browsers and blocklisted drivers), so every try is checked against
 * `tf.getBackend()`. `auto` tries webgpu, then webgl, then cpu.
 *
 * @example
 * ```ts
 * import { useBackend } from 'nnscope';
 * const name = await useBackend('auto'); // 'webgpu' where the browser has it
 * ```
 * @throws Error naming the backend when an explicit backend cannot be used.
 */
export function useBackend(name: BackendName = 'auto'): Promise<string> {
  // Calls run one after another: two interleaved `auto` tries (say, a docs
  // page with several figures) would switch the engine under each other and
  // both settle on a worse backend than either would alone.
  const previous = selection?.catch(() => undefined) ?? Promise.resolve();
  const attempt = previous.then(async () => {
    if (name === 'auto') {
      const failures: string[] = [];
      for (const candidate of AUTO_BACKEND_ORDER) {
        const reason = await trySetBackend(candidate);
        if (reason === undefined) return candidate;
        failures.push(`${candidate}: ${reason}`);
      }
      throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')}).`);
    }
    const reason = await trySetBackend(name as Exclude<BackendName, 'auto'>);
    if (reason !== undefined) throw new Error(`The ${name} backend cannot be used here: ${reason}.`);
    return name;
  });
  // Remember the latest selection, even a failed one, so elements that start
  // later wait for it instead of racing it with their own `auto` choice.
  selection = attempt;
  return attempt;
}

/**
 * Resolves to the backend in use, choosing one with `useBackend('auto')` if
 * the page has not chosen yet. Elements call this before computing.
 */
export async function ensureBackend(): Promise<string> {
  if (selection) {
    try {
      return await selection;
    } catch {
      // An explicit choice that failed leaves tfjs on whatever it had;
      // fall through to auto so elements still work.
    }
  }
  return useBackend('auto');
}

/** Tries one backend; resolves to undefined on success or to the reason it failed. */
async function trySetBackend(name: Exclude<BackendName, 'auto'>): Promise<string | undefined> {
  if (tf.findBackendFactory(name) === null) {
    return name === 'wasm'
      ? 'it is not registered (import "@tensorflow/tfjs-backend-wasm" and set its wasm paths first)'
      : 'it is not available in this browser';
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok) return 'tf.setBackend returned false';
    const active = tf.getBackend();
    if (active !== name) return `tf.getBackend() is "${active}" after setBackend`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
