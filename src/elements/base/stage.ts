import { tf } from '../../tf.js';

/**
 * One stage of an element's derived data, recomputed only when its
 * arguments change. It plays the part of `@lit/task` (argument equality, an
 * AbortSignal, `value`) inside the element's one pipeline, so that one abort
 * covers every stage and `updateComplete` still means drawn. There are no
 * hand-made cache keys: a stage is keyed by the values it was computed from,
 * compared with `Object.is`, and by the backend it was computed on: after
 * the page switches backends (`useBackend('webgl')` with the stage holding
 * WebGPU tensors), the next `run` computes again on the new one instead of
 * handing out tensors tfjs would have to move across synchronously.
 *
 * The backend can also change while a compute is in flight (the page
 * calls `useBackend` during a long attribution). A value is committed with
 * the backend it was computed on, never the one in use when it arrived: one
 * that arrives after a switch is disposed and {@link BackendChangedError}
 * thrown. And a run started on one backend (its signal marked with
 * {@link computeOn}) computes nothing on another: a later stage would
 * otherwise feed an earlier stage's tensors to the new backend, which tfjs
 * moves across with a synchronous read (on webgpu under SwiftShader that read
 * lost the GPU device, and every webgpu compute on the page failed after).
 * The element restarts the run on the new backend.
 *
 * Ownership (tensors, GPU buffers): a value belongs to the compute that made
 * it until `run` commits it to the stage. A compute that finishes after its
 * signal was aborted has its value disposed at once (a newer input
 * superseded it, or the element left the page); a committed value is
 * disposed when a newer one replaces it and on `clear()`.
 *
 * @example
 * ```ts
 * private readonly matrix = new Stage<[AttentionSource, number, HeadSelection, boolean], Float32Array>();
 * const values = await this.matrix.run([source, layer, head, rollout], () => selectMatrix(...), signal);
 * ```
 */
export class Stage<Args extends readonly unknown[], Value> {
  private committed?: { args: Args; value: Value; backend: string | undefined };
  private readonly dispose?: (value: Value) => void;

  /** `dispose` frees a value the stage no longer holds (a tensor's `dispose`, say). */
  constructor(options: { dispose?: (value: Value) => void } = {}) {
    this.dispose = options.dispose;
  }

  /** The committed value, if any. */
  get value(): Value | undefined {
    return this.committed?.value;
  }

  /** The arguments the committed value was computed from. */
  get args(): Args | undefined {
    return this.committed?.args;
  }

  /** Whether the committed value was computed from exactly these arguments, on the backend in use. */
  has(args: Args): boolean {
    const committed = this.committed;
    if (!committed || committed.backend !== currentBackend()) return false;
    const held = committed.args;
    return held.length === args.length && held.every((arg, i) => Object.is(arg, args[i]));
  }

  /**
   * The value for `args`: the committed one when the arguments are the same,
   * else `compute(signal)`'s, committed. Throws the signal's reason when it
   * was aborted meanwhile (and frees what the compute made).
   */
  async run(args: Args, compute: (signal: AbortSignal) => Value | Promise<Value>, signal: AbortSignal): Promise<Value> {
    signal.throwIfAborted();
    const backend = currentBackend();
    const started = runBackends.get(signal);
    if (started !== undefined && backend !== started) throw new BackendChangedError(started, backend);
    if (this.has(args)) return this.committed!.value;
    const value = await compute(signal);
    if (signal.aborted) {
      this.dispose?.(value);
      throw signal.reason;
    }
    if (currentBackend() !== backend) {
      this.dispose?.(value);
      throw new BackendChangedError(backend, currentBackend());
    }
    this.set(args, value, backend);
    return value;
  }

  /** Commits a value computed elsewhere (on `backend`, by default the one in use), freeing the one it replaces. */
  set(args: Args, value: Value, backend: string | undefined = currentBackend()): void {
    const previous = this.committed;
    this.committed = { args, value, backend };
    if (previous && previous.value !== value) this.dispose?.(previous.value);
  }

  /** Forgets (and frees) the committed value: the next `run` computes. */
  clear(): void {
    const previous = this.committed;
    this.committed = undefined;
    if (previous) this.dispose?.(previous.value);
  }
}

/**
 * The synchronous sibling of {@link Stage}: a value derived on the main
 * thread (display values, a colour domain, a layout), recomputed only when
 * its arguments change. Legends and tooltips ask on every hover; this keeps
 * them from redoing a pass over a million values.
 *
 * @example
 * ```ts
 * private readonly display = new Memo<[Float32Array, string], Float32Array>();
 * const values = this.display.get([shown, normalization], () => normalizeMatrix(shown, q, k, normalization));
 * ```
 */
export class Memo<Args extends readonly unknown[], Value> {
  private held?: { args: Args; value: Value };

  /** The value for `args`: the held one when the arguments are the same (`Object.is`), else `compute()`'s. */
  get(args: Args, compute: () => Value): Value {
    const held = this.held;
    if (held && held.args.length === args.length && held.args.every((arg, i) => Object.is(arg, args[i]))) return held.value;
    const value = compute();
    this.held = { args, value };
    return value;
  }

  /** Forgets the held value. */
  clear(): void {
    this.held = undefined;
  }
}

/**
 * Thrown by {@link Stage.run} when the page switched backends during a run:
 * what the run made so far lives on the old backend. The element restarts
 * the run on the new one instead of showing this.
 */
export class BackendChangedError extends Error {
  constructor(
    readonly from: string | undefined,
    readonly to: string | undefined,
  ) {
    super(`The backend changed from ${from ?? 'none'} to ${to ?? 'none'} during the computation.`);
    this.name = 'BackendChangedError';
  }
}

/** The backend each pipeline run started on, by its signal (see {@link computeOn}). */
const runBackends = new WeakMap<AbortSignal, string | undefined>();

/**
 * Marks `signal`'s run as computing on `backend`: a {@link Stage.run} with
 * this signal on any other backend throws {@link BackendChangedError} before
 * computing. The element's pipeline marks each run's signal.
 */
export function computeOn(signal: AbortSignal, backend: string | undefined): void {
  runBackends.set(signal, backend);
}

/** The backend tfjs computes on now, or undefined before one is chosen (`tf.getBackend()` would pick one). */
function currentBackend(): string | undefined {
  return tf.engine().backendName ?? undefined;
}
