/**
 * What a benchmark scenario file imports: `bench(name, case)` registers one
 * timed case. `bench/run.mjs` bundles the file, opens it in headless Chromium
 * and calls `runRegisteredCases()` through `globalThis.__nnscopeBench`, so a
 * scenario file only registers cases and never runs them itself.
 *
 * @example
 * ```ts
 * import { bench } from '../harness.js';
 *
 * let numbers: number[] = [];
 * bench('array-from', {
 *   setup: () => { numbers = Array.from({ length: 1e6 }, Math.random); },
 *   run: () => Float32Array.from(numbers),
 * });
 * bench('typed-array-constructor', {
 *   setup: () => { numbers = Array.from({ length: 1e6 }, Math.random); },
 *   run: () => new Float32Array(numbers),
 *   baseline: 'array-from',
 * });
 * ```
 */
import { median, percentile } from './stats.js';

/** One timed case. Only `run` is timed; everything else happens between timings. */
export interface BenchCase {
  /** Builds inputs before the first run. Not timed. */
  setup?(): void | Promise<void>;
  /**
   * The work being measured. An async `run` is timed until its promise
   * settles. Its result is dropped straight after, so big results are
   * garbage by the next iteration.
   */
  run(): unknown;
  /** Frees what `setup` built. Runs even when setup or a run threw. */
  teardown?(): void | Promise<void>;
  /** Timed runs whose median and p95 are reported. Default 7. */
  iterations?: number;
  /** Untimed runs first (JIT, lazy allocations, shader compiles). Default 1. */
  warmup?: number;
  /**
   * Name of another case in the same file to compare with: the report's
   * `ratio` is that case's median divided by this one's ("times faster").
   */
  baseline?: string;
  /**
   * The TensorFlow.js backend `run` computes on, or `none` (the default) when
   * it does not touch tfjs. The harness does not select it: `setup` must,
   * and should assert `tf.getBackend()`, so a silent fallback cannot be
   * reported under the wrong name.
   */
  backend?: 'cpu' | 'webgl' | 'webgpu' | 'wasm' | 'none';
  /**
   * `run` resolves to the milliseconds it timed itself, which are reported
   * instead of the wall time of the whole `run`. For a latency that starts
   * inside `run`: an input event dispatched at the start of a frame, as
   * Chromium dispatches pointer events, timed until that frame is rendered.
   * Timing all of `run` would add the wait for the frame to begin, a
   * uniformly random 0 to 16.7 ms at 60 Hz, to every figure.
   */
  timesItself?: boolean;
}

/** What the page reports for one case; the runner adds scenario, date and machine. */
export interface CaseResult {
  case: string;
  backend: string;
  n: number;
  median_ms: number;
  p95_ms: number;
  baseline: string | null;
  ratio: number | null;
  timings_ms: number[];
  /** Set, and the figures left at 0, when the case threw. */
  error?: string;
}

export const DEFAULT_ITERATIONS = 7;
export const DEFAULT_WARMUP = 1;

const registered = new Map<string, BenchCase>();

/**
 * Registers a case under `name`, unique within the scenario file. Call it at
 * the top level of the file; heavy work belongs in `setup`.
 *
 * @example
 * ```ts
 * bench('json-parse-1M', { setup, run: () => JSON.parse(text), iterations: 3 });
 * ```
 */
export function bench(name: string, benchCase: BenchCase): void {
  if (registered.has(name)) throw new Error(`bench("${name}") is registered twice in this scenario.`);
  const iterations = benchCase.iterations ?? DEFAULT_ITERATIONS;
  const warmup = benchCase.warmup ?? DEFAULT_WARMUP;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`bench("${name}"): iterations must be a whole number ≥ 1, got ${iterations}.`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new Error(`bench("${name}"): warmup must be a whole number ≥ 0, got ${warmup}.`);
  }
  registered.set(name, benchCase);
}

/**
 * Runs every registered case in registration order and resolves to one
 * result per case. A case that throws is reported with `error` and the
 * others still run, so one broken path does not hide the rest.
 */
export async function runRegisteredCases(): Promise<CaseResult[]> {
  for (const [name, { baseline }] of registered) {
    if (baseline === undefined) continue;
    if (baseline === name) throw new Error(`bench("${name}") names itself as its baseline.`);
    if (!registered.has(baseline)) {
      throw new Error(
        `bench("${name}") has baseline "${baseline}", which is not a case in this file ` + `(cases: ${[...registered.keys()].join(', ')}).`,
      );
    }
  }
  log(
    `timer: ${globalThis.crossOriginIsolated ? '5 µs (cross-origin isolated)' : '100 µs (not isolated)'}, ` +
      `gc between runs: ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'yes' : 'no'}`,
  );
  const results: CaseResult[] = [];
  for (const [name, benchCase] of registered) results.push(await measure(name, benchCase));
  const byName = new Map(results.map((result) => [result.case, result]));
  for (const result of results) {
    const baseline = result.baseline === null ? undefined : byName.get(result.baseline);
    if (baseline && !baseline.error && !result.error && result.median_ms > 0) {
      result.ratio = baseline.median_ms / result.median_ms;
    }
  }
  return results;
}

async function measure(name: string, benchCase: BenchCase): Promise<CaseResult> {
  const iterations = benchCase.iterations ?? DEFAULT_ITERATIONS;
  const warmup = benchCase.warmup ?? DEFAULT_WARMUP;
  const result: CaseResult = {
    case: name,
    backend: benchCase.backend ?? 'none',
    n: iterations,
    median_ms: 0,
    p95_ms: 0,
    baseline: benchCase.baseline ?? null,
    ratio: null,
    timings_ms: [],
  };
  try {
    log(`${name}: setup`);
    const setupStart = performance.now();
    await benchCase.setup?.();
    log(`${name}: setup took ${formatMs(performance.now() - setupStart)}`);
    for (let i = 0; i < warmup; i++) {
      await settle();
      const took = await timeOnce(benchCase);
      log(`${name}: warmup ${i + 1}/${warmup} ${formatMs(took)}`);
    }
    for (let i = 0; i < iterations; i++) {
      await settle();
      const took = await timeOnce(benchCase);
      result.timings_ms.push(took);
      log(`${name}: run ${i + 1}/${iterations} ${formatMs(took)}`);
    }
    result.median_ms = median(result.timings_ms);
    result.p95_ms = percentile(result.timings_ms, 95);
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    try {
      await benchCase.teardown?.();
    } catch (error) {
      result.error ??= `teardown: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      console.error(`${name}: teardown failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await settle();
  }
  return result;
}

async function timeOnce(benchCase: BenchCase): Promise<number> {
  const start = performance.now();
  const result = await benchCase.run();
  const wall = performance.now() - start;
  if (!benchCase.timesItself) return wall;
  if (typeof result !== 'number' || !(result >= 0 && result <= wall)) {
    throw new Error(`a timesItself case's run() must resolve to the milliseconds it timed (0 to ${wall}), got ${String(result)}.`);
  }
  return result;
}

/**
 * Collects the previous run's garbage outside the timed region, then yields a
 * task so console messages reach the runner. `gc` exists because the runner
 * starts Chromium with `--js-flags=--expose-gc`; without it, a 400 MB string
 * left by one JSON.parse run is collected inside the next run's timing.
 */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function log(message: string): void {
  console.info(message);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

// The runner's only entry point into the page (see bench/run.mjs).
(globalThis as { __nnscopeBench?: unknown }).__nnscopeBench = {
  cases: () => [...registered.keys()],
  run: runRegisteredCases,
};
