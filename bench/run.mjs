// `npm run bench`: bundles each bench/scenarios/*.bench.ts with esbuild,
// opens it in headless Chromium and prints one JSON line per case on stdout.
//
//   node bench/run.mjs [name-filter …] [--record] [--timeout=<minutes>]
//
// Bundled, not served as modules, for the reason scripts/build-tests.mjs
// gives: tfjs's package entries pull CommonJS dependencies that a browser
// cannot import unbundled. Progress goes to stderr; the exit status is 1 when
// a scenario throws, a page errors or crashes, and 2 on a usage error.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { appendToResults, describeMachine, toRecord } from './runner/results.mjs';
import { serveStatic } from '../scripts/static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scenarioDir = join(root, 'bench', 'scenarios');
const outDir = join(root, '.bench-build');
const resultsPath = join(root, 'bench', 'RESULTS.md');
const SUFFIX = '.bench.ts';

const options = parseArguments(process.argv.slice(2));
const startedAt = Date.now();
const scenarios = readdirSync(scenarioDir)
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => ({ name: basename(file, SUFFIX), file: join(scenarioDir, file) }))
  .filter(({ name }) => options.filters.length === 0 || options.filters.some((part) => name.includes(part)))
  .sort((a, b) => a.name.localeCompare(b.name));
if (scenarios.length === 0) {
  console.error(`No scenario in bench/scenarios/ matches "${options.filters.join('", "')}".`);
  process.exit(2);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: scenarios.map(({ file }) => file),
  outdir: outDir,
  outbase: scenarioDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
for (const { name } of scenarios) {
  writeFileSync(
    join(outDir, `${name}.html`),
    `<!doctype html>\n<meta charset="utf-8">\n<title>bench: ${name}</title>\n<link rel="icon" href="data:,">\n` +
      `<script type="module" src="./${name}.bench.js"></script>\n`,
  );
}
log(`bundled ${scenarios.length} scenario(s) into .bench-build/`);

const server = await serveStatic(root);
// --expose-gc lets the harness collect one iteration's garbage before timing
// the next (see settle() in bench/harness.ts).
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
});
const run = { date: new Date().toISOString(), machine: describeMachine(), chromium: browser.version() };
log(`${run.machine} · Chromium ${run.chromium}`);

const records = [];
let failed = false;
try {
  for (const scenario of scenarios) {
    const scenarioStart = Date.now();
    try {
      const results = await runScenario(scenario.name);
      for (const result of results) {
        if (result.error) {
          failed = true;
          log(`${scenario.name} / ${result.case} FAILED:\n${result.error}`);
          continue;
        }
        const record = toRecord(scenario.name, result, run);
        records.push(record);
        process.stdout.write(`${JSON.stringify(record)}\n`);
      }
    } catch (error) {
      failed = true;
      log(`${scenario.name} FAILED: ${error instanceof Error ? error.message : error}`);
    }
    log(`${scenario.name} took ${seconds(Date.now() - scenarioStart)}`);
  }
} finally {
  await browser.close();
  await server.close();
}

if (options.record) {
  if (failed) log('not recorded: a scenario failed (fix it and run again with --record)');
  else {
    appendToResults(resultsPath, records);
    log(`recorded ${records.length} case(s) in bench/RESULTS.md`);
  }
}
log(`total ${seconds(Date.now() - startedAt)}`);
process.exit(failed ? 1 : 0);

/**
 * Opens one scenario page in a fresh browser context and resolves to what its
 * harness reports. Rejects on an uncaught page error, a renderer crash (the
 * usual sign of running out of memory) or the --timeout.
 */
async function runScenario(name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let timer;
  const failure = new Promise((_, reject) => {
    page.on('pageerror', (error) => reject(new Error(`uncaught error in the page: ${error.stack ?? error.message}`)));
    page.on('crash', () => reject(new Error('the page crashed (out of memory?)')));
    timer = setTimeout(
      () => reject(new Error(`still running after ${options.timeoutMinutes} min (raise --timeout=<minutes>)`)),
      options.timeoutMinutes * 60_000,
    );
  });
  failure.catch(() => {}); // raced below; never an unhandled rejection
  page.on('console', (message) => log(`[${name}] ${message.text()}`));
  try {
    log(`${name}: opening page`);
    await Promise.race([page.goto(`${server.origin}/.bench-build/${name}.html`, { timeout: 120_000 }), failure]);
    await Promise.race([page.waitForFunction(() => globalThis.__nnscopeBench, null, { timeout: 120_000 }), failure]);
    // page.evaluate has no timeout of its own: a scenario may take minutes.
    return await Promise.race([page.evaluate(() => globalThis.__nnscopeBench.run()), failure]);
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

function parseArguments(args) {
  const parsed = { filters: [], record: false, timeoutMinutes: 30 };
  for (const arg of args) {
    if (arg === '--record') parsed.record = true;
    else if (arg.startsWith('--timeout=')) parsed.timeoutMinutes = Number(arg.slice('--timeout='.length));
    else if (arg === '--help' || arg === '-h') {
      console.error('usage: node bench/run.mjs [name-filter …] [--record] [--timeout=<minutes per scenario, default 30>]');
      process.exit(0);
    } else if (arg.startsWith('-')) {
      console.error(`Unknown option ${arg} (try --help).`);
      process.exit(2);
    } else parsed.filters.push(arg);
  }
  if (!(parsed.timeoutMinutes > 0)) {
    console.error('--timeout must be a number of minutes above 0.');
    process.exit(2);
  }
  return parsed;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
