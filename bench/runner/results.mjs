// Turns what a benchmark page reports into the runner's output: one JSON line
// per case on stdout, and with --record a dated section in bench/RESULTS.md.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** "<cpu model> x<cores>, <GiB> GiB": enough to tell two machines' figures apart. */
export function describeMachine() {
  const cores = cpus();
  const model = cores[0]?.model.trim() || 'unknown CPU';
  return `${model} x${cores.length}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

/**
 * One case as the JSON object printed on stdout, keys in a fixed order.
 * Times are rounded to the microsecond and ratios to 4 significant digits:
 * finer digits are below the timer's resolution.
 *
 * @param {string} scenario file name without `.bench.ts`
 * @param {import('../harness.js').CaseResult} result what the page reported
 * @param {{ date: string, machine: string, chromium: string }} run
 */
export function toRecord(scenario, result, run) {
  return {
    scenario,
    case: result.case,
    backend: result.backend,
    n: result.n,
    median_ms: roundMs(result.median_ms),
    p95_ms: roundMs(result.p95_ms),
    baseline: result.baseline,
    ratio: result.ratio === null ? null : Number(result.ratio.toPrecision(4)),
    date: run.date,
    machine: run.machine,
    chromium: run.chromium,
  };
}

const RESULTS_HEADER = `# Benchmark results

Every benchmark run with \`--record\` appends a section here: a table to read
and the same figures as JSON lines to diff or plot. Older sections are never
edited, so the file is a history; compare figures only within a machine.

Run: \`npm run bench -- --record\` (all scenarios) or
\`node bench/run.mjs loaders --record\` (scenarios whose file name contains
\`loaders\`). How to write a scenario: [README.md](./README.md).

Columns:

- **case**: a case registered with \`bench(name, …)\` in \`bench/scenarios/<scenario>.bench.ts\`.
- **backend**: the TensorFlow.js backend the case computes on (\`cpu\`, \`webgl\`,
  \`webgpu\`), or \`none\` when it does not use tfjs.
- **n**: timed iterations, after untimed warmup runs (usually 1).
- **median ms / p95 ms**: wall time of one \`run()\`, from \`performance.now()\`
  in the page (5 µs resolution; pages are cross-origin isolated). p95 is the
  nearest-rank percentile, so with n = 7 it is the slowest run.
- **ratio**: the baseline case's median divided by this case's median, i.e.
  "times faster than the baseline". The baseline is measured in the same page
  in the same run, so the ratio holds across machines better than the times do.

Each section names its machine as \`<CPU model> x<logical cores>, <RAM> GiB\`
and the Chromium version; browsers run headless with a software GPU
(SwiftShader), so webgl and webgpu figures are not GPU figures.
`;

/**
 * Appends one dated section (markdown table + JSON lines) to `path`, creating
 * the file with its explanatory header first when it does not exist.
 *
 * @param {string} path
 * @param {ReturnType<typeof toRecord>[]} records
 */
export function appendToResults(path, records) {
  if (records.length === 0) return;
  if (!existsSync(path)) writeFileSync(path, RESULTS_HEADER);
  const { date, machine, chromium } = records[0];
  const scenarios = [...new Set(records.map((record) => record.scenario))].join(', ');
  const rows = records.map(
    (r) =>
      `| ${r.scenario} | ${r.case} | ${r.backend} | ${r.n} | ${formatMs(r.median_ms)} | ` +
      `${formatMs(r.p95_ms)} | ${r.baseline ?? '—'} | ${r.ratio === null ? '—' : `${r.ratio}×`} |`,
  );
  const section = [
    '',
    `## ${date.slice(0, 10)} · ${scenarios}`,
    '',
    `${date} · ${machine} · Chromium ${chromium}`,
    '',
    '| scenario | case | backend | n | median ms | p95 ms | baseline | ratio |',
    '|---|---|---|--:|--:|--:|---|--:|',
    ...rows,
    '',
    '```jsonl',
    ...records.map((record) => JSON.stringify(record)),
    '```',
    '',
  ].join('\n');
  appendFileSync(path, section);
}

function roundMs(ms) {
  return Math.round(ms * 1000) / 1000;
}

function formatMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3);
}
