// The notebook benchmark of issue 13: nnscope's model view against bertviz's
// model_view on the same attention, in one JupyterLab session on localhost
// driven by headless Chromium. Not part of CI: it needs a venv with torch and
// bertviz (bench/README.md, "Notebook: nnscope against bertviz").
//
// For each case a fresh notebook (its own kernel) in a fresh browser makes the
// arrays in an untimed cell, then runs the timed cell through JupyterLab's UI
// (Shift+Enter). The time is from the key press to the view drawn:
//   nnscope: its first nn-render event (the view for these inputs is on
//     screen), then checked: no error, a canvas of many colours;
//   bertviz: its SVG in the output, then two animation frames (the frame that
//     shows it was painted), then checked: one <line> per layer, head, query
//     and key, as bertviz draws them.
// The kernel's peak extra memory, from the arrays made until the view has
// drawn: its peak RSS (VmHWM, reset through /proc/<pid>/clear_refs once the
// arrays are made) less its RSS then, which also counts library code paged in
// by a first call; and its anonymous memory (RssAnon, its own data: copies of
// the arrays), sampled every 10 ms. The Jupyter server's peak RSS likewise. Nothing leaves the machine: bertviz's CDN URLs
// are answered from bench/notebook/node_modules, every other request outside
// localhost is refused and counted.
//
//   node bench/notebook/bertviz_vs_nnscope.mjs [--venv=/work/bench-venv] [--sizes=128,512]
//     [--runs=1] [--timeout=300] [--only=nnscope,nnscope-numpy,bertviz] [--shots=dir] [--min-free-gib=3]
/* global requestAnimationFrame, setInterval, clearInterval */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { colours, kernelIdle, notebook, startLab } from '../../python/e2e/lab.mjs';

const here = new URL('.', import.meta.url).pathname;
const options = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const venv = options.venv ?? process.env.NNSCOPE_BENCH_VENV ?? '/work/bench-venv';
const sizes = (options.sizes ?? '128,512').split(',').map(Number);
const runs = Number(options.runs ?? 1);
const timeoutS = Number(options.timeout ?? 300);
const libraries = (options.only ?? 'nnscope,nnscope-numpy,bertviz').split(',');
const minFreeGiB = Number(options['min-free-gib'] ?? 3);
const LAYERS = 12;
const HEADS = 12;

// The URLs bertviz 1.4.1 asks for (model_view.py and model_view.js), and the
// files served instead. jquery 2.0.0 is not on npm; 2.1.0 is the nearest, and
// bertviz uses only $(selector).empty() / .attr() / .on('change') of it.
// require.min.js is served unminified (npm's requirejs has no minified build).
const vendor = join(here, 'node_modules');
const CDN = {
  'https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js': join(vendor, 'requirejs/require.js'),
  'https://cdnjs.cloudflare.com/ajax/libs/d3/5.7.0/d3.min.js': join(vendor, 'd3/dist/d3.min.js'),
  'https://cdnjs.cloudflare.com/ajax/libs/jquery/2.0.0/jquery.min.js': join(vendor, 'jquery/dist/jquery.min.js'),
};

// The untimed cell: random softmax rows, the same values for every library
// (seed 0), as Hugging Face's outputs.attentions (a tuple of [1, heads, q, k]
// tensors, views of one numpy array) and as that numpy array.
const setupCell = (n) => `import json, os
import numpy as np, torch
import nnscope
from bertviz import model_view
rng = np.random.default_rng(0)
attention = rng.standard_normal((${LAYERS}, ${HEADS}, ${n}, ${n}), dtype=np.float32) * 2
attention -= attention.max(-1, keepdims=True)
np.exp(attention, out=attention)
attention /= attention.sum(-1, keepdims=True)
layers = tuple(torch.from_numpy(attention[i : i + 1]) for i in range(${LAYERS}))
tokens = [f"t{i}" for i in range(${n})]
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # resets VmHWM, the peak RSS, to the RSS now
print(json.dumps(dict(pid=os.getpid(), mib=attention.nbytes / 2**20)))`;

const TIMED = {
  nnscope: `nnscope.AttentionHeatmap(attention=layers, tokens=tokens, view="model", height="640px")`,
  'nnscope-numpy': `nnscope.AttentionHeatmap(attention=attention, tokens=tokens, view="model", height="640px")`,
  bertviz: `model_view(layers, tokens)`,
};

const KiB = 1024;
const status = (pid) => {
  const fields = Object.fromEntries(
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .filter((line) => /^(VmRSS|VmHWM|RssAnon):/.test(line))
      .map((line) => [line.split(':')[0], Number(line.split(/\s+/)[1]) * KiB]),
  );
  return { rss: fields.VmRSS, peak: fields.VmHWM, anon: fields.RssAnon };
};
const resetPeak = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
const availableGiB = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 2 ** 20;
const mib = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

const lab = await startLab(venv, {
  settings: {
    // Nothing written back: a notebook holding bertviz's output is tens or hundreds of MB.
    '@jupyterlab/docmanager-extension:plugin': { autosave: false },
  },
});

/** Shuts down every kernel of the server, and kills the case's (`pid`) if it outlives that: the next case starts with the memory free. */
async function shutDownKernels(pid) {
  const sessions = await (await fetch(`${lab.origin}/api/sessions`)).json();
  await Promise.all(sessions.map((session) => fetch(`${lab.origin}/api/sessions/${session.id}`, { method: 'DELETE' })));
  for (let i = 0; i < 100 && (await (await fetch(`${lab.origin}/api/kernels`)).json()).length; i++) await after(200);
  if (pid && existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

/** Resolves after `ms`, to `value`. */
const after = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

/**
 * In the page: waits until the timed cell's view has drawn, and returns when
 * (Date.now()) the cell finished in the kernel and the view was drawn.
 */
function watchInPage([cell, library, expectedLines]) {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const watch = window.__nnscopeWatch;
  const prompt = async () => {
    while (!/\[\d+\]/.test(cell.querySelector('.jp-InputPrompt')?.textContent ?? '')) await sleep(50);
    watch.doneAt = Date.now();
  };
  prompt();
  return (async () => {
    if (library === 'bertviz') {
      let svg;
      while (!(svg = cell.querySelector('.jp-OutputArea [id^="bertviz-"] svg'))) await sleep(50);
      await frames();
      watch.drawnAt = Date.now();
      return { ...watch, lines: svg.querySelectorAll('line').length, expectedLines };
    }
    // Until its data has arrived the element shows (and fires nn-error) "No attention to show yet".
    while (!watch.renderAt) await sleep(50);
    const element = cell.querySelector('nn-attention-heatmap');
    return { ...watch, drawnAt: watch.renderAt, error: element?.error ?? null };
  })();
}

async function runCase(library, n, run) {
  const name = `${library}-${n}-${run}.ipynb`;
  writeFileSync(join(lab.work, name), JSON.stringify(notebook([setupCell(n), TIMED[library]])));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const refused = [];
  const errors = [];
  let crashed = false;
  await context.route(
    (url) => url.origin !== lab.origin,
    (route) => {
      const file = CDN[route.request().url()];
      if (file) return route.fulfill({ status: 200, contentType: 'application/javascript', body: readFileSync(file) });
      refused.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`.slice(0, 300)));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`.slice(0, 300)));
  page.on('crash', () => (crashed = true));
  const result = { library, size: `${LAYERS}x${HEADS}x${n}x${n}`, run, load: loadavg()[0] };
  let pid;
  try {
    await page.goto(`${lab.origin}/lab/tree/${name}?reset`);
    const cells = page.locator('.jp-Notebook .jp-Cell');
    await cells.nth(1).waitFor({ timeout: 120_000 });
    await kernelIdle(page);
    const runCell = async (index) => {
      await cells.nth(index).scrollIntoViewIfNeeded();
      await cells.nth(index).locator('.jp-InputPrompt').click();
      await page.keyboard.press('Escape');
      const started = Date.now();
      await page.keyboard.press('Shift+Enter');
      return started;
    };
    // The untimed cell, then the kernel's pid and the array's size from what it printed.
    await runCell(0);
    await page.waitForFunction((el) => /\[\d+\]/.test(el.querySelector('.jp-InputPrompt')?.textContent ?? ''), await cells.nth(0).elementHandle(), {
      timeout: 300_000,
    });
    const outputs = await cells.nth(0).locator('.jp-OutputArea-output').allInnerTexts();
    const printed = outputs.find((text) => text.trim().startsWith('{"pid"'));
    if (!printed) throw new Error(`the untimed cell printed ${JSON.stringify(outputs).slice(0, 500)}`);
    let arrayMiB;
    ({ pid, mib: arrayMiB } = JSON.parse(printed.trim()));
    Object.assign(result, { mib: arrayMiB });
    const kernelBase = status(pid);
    let anonPeak = kernelBase.anon;
    resetPeak(lab.pid);
    const serverBase = status(lab.pid).rss;

    await page.evaluate(() => {
      const watch = (window.__nnscopeWatch = {});
      window.addEventListener('nn-render', () => (watch.renderAt ??= Date.now()), { capture: true });
      window.addEventListener('nn-error', (event) => (watch.errorText = event.detail.message), { capture: true });
    });
    const timed = cells.nth(1);
    const started = await runCell(1);
    const expectedLines = LAYERS * HEADS * n * n;
    const handle = await timed.elementHandle();
    let lowMemory = null;
    const memoryWatch = setInterval(() => {
      if (availableGiB() < minFreeGiB && lowMemory === null) lowMemory = availableGiB();
    }, 250);
    // VmHWM counts every page, also the shared library code a first call pages in;
    // RssAnon, sampled here every 10 ms, is the kernel's own data: copies of the arrays.
    const anonWatch = setInterval(() => {
      if (existsSync(`/proc/${pid}`)) anonPeak = Math.max(anonPeak, status(pid).anon);
    }, 10);
    const outcome = await Promise.race([
      page.evaluate(watchInPage, [handle, library, expectedLines]).catch((error) => ({ failed: error.message.split('\n')[0] })),
      after(timeoutS * 1000, { timedOut: true }),
      (async () => {
        while (lowMemory === null) await after(250);
        return { lowMemory };
      })(),
    ]);
    const endedS = (Date.now() - started) / 1000;
    clearInterval(memoryWatch);
    clearInterval(anonWatch);
    const kernel = (() => {
      try {
        return status(pid);
      } catch {
        return null; // the kernel died
      }
    })();
    const server = status(lab.pid);
    Object.assign(result, {
      kernelPeakExtraMiB: kernel && mib(kernel.peak - kernelBase.rss),
      kernelPeakExtraAnonMiB: mib(anonPeak - kernelBase.anon),
      serverPeakExtraMiB: mib(server.peak - serverBase),
    });
    if (outcome.drawnAt && !outcome.error) {
      Object.assign(result, {
        drawnS: (outcome.drawnAt - started) / 1000,
        kernelDoneS: outcome.doneAt ? (outcome.doneAt - started) / 1000 : null,
      });
      if (library === 'bertviz') {
        Object.assign(result, { lines: outcome.lines, expectedLines });
        if (outcome.lines !== expectedLines) result.problem = `bertviz drew ${outcome.lines} lines of ${expectedLines}`;
      } else {
        const canvas = timed.locator('nn-attention-heatmap canvas').first();
        await canvas.scrollIntoViewIfNeeded();
        const seen = await colours(page, canvas);
        result.canvasColours = seen;
        if (seen < 8) result.problem = `the canvas is blank (${seen} colours)`;
      }
    } else {
      const [finished, lastError] = await Promise.race([
        page.evaluate(() => [window.__nnscopeWatch.doneAt ?? null, window.__nnscopeWatch.errorText ?? null]).catch(() => [null, null]),
        after(10_000, ['page unresponsive', null]),
      ]);
      if (lastError) errors.push(`nn-error: ${lastError}`);
      result.problem = outcome.timedOut
        ? `did not finish in ${timeoutS} s`
        : outcome.lowMemory
          ? `stopped: the machine's available memory fell to ${outcome.lowMemory.toFixed(1)} GiB`
          : (outcome.failed ?? outcome.errorText ?? outcome.error ?? 'no view');
      Object.assign(result, {
        endedS,
        kernelDoneS: typeof finished === 'number' ? (finished - started) / 1000 : finished,
        crashed,
      });
    }
    if (options.shots && !crashed) {
      await Promise.race([
        timed
          .locator('.jp-OutputArea')
          .screenshot({ path: join(options.shots, `${library}-${n}-${run}.png`), timeout: 60_000 })
          .catch(() => {}),
        after(70_000),
      ]);
    }
  } catch (error) {
    result.problem = `harness: ${error.message.split('\n')[0]}`;
    if (options.shots) await page.screenshot({ path: join(options.shots, `${library}-${n}-${run}-harness.png`), timeout: 30_000 }).catch(() => {});
  } finally {
    result.errors = errors.slice(0, 5);
    result.refused = refused;
    await shutDownKernels(pid).catch(() => {});
    await Promise.race([browser.close(), after(30_000)]);
  }
  console.log(JSON.stringify(result));
  return result;
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => lab.stop().then(() => process.exit(130)));
const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    for (const n of sizes) {
      for (const library of libraries) results.push(await runCase(library, n, run));
    }
  }
} finally {
  await lab.stop();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
console.error('\n| Case | Size | Drawn after (s) | Kernel done (s) | Kernel peak extra, RSS / anonymous (MiB) | Server peak extra (MiB) | Problem |');
console.error('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.error(
    `| ${r.library} | ${r.size} | ${r.drawnS ?? '-'} | ${r.kernelDoneS ?? '-'} | ${r.kernelPeakExtraMiB ?? '-'} / ${r.kernelPeakExtraAnonMiB ?? '-'} | ${r.serverPeakExtraMiB ?? '-'} | ${r.problem ?? ''} |`,
  );
}
for (const n of sizes) {
  const times = (library) => results.filter((r) => r.library === library && r.size.endsWith(`x${n}`) && r.drawnS && !r.problem).map((r) => r.drawnS);
  const ours = times('nnscope');
  const theirs = times('bertviz');
  if (ours.length && theirs.length) console.error(`${n}: bertviz / nnscope (medians) = ${(median(theirs) / median(ours)).toFixed(1)}`);
}
// A browser whose page crashed can keep playwright's pipe, and so node, alive.
process.exit(results.some((r) => r.problem?.startsWith('harness')) ? 1 : 0);
