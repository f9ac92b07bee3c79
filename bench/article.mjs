// Load figures of the article (examples/article/), as a reader meets it:
// served from the repository root, opened in headless Chromium at
// 1200 x 900 with an empty cache, then scrolled through at a reader's pace.
//
//   node bench/article.mjs            3 runs, one JSON line each, then the medians
//   node bench/article.mjs --runs=5   more runs
//
// Measured, from navigation start (performance.now() in the page):
// - first figure: the first nn-render of any figure (Figure 1, above the fold);
// - all figures: the last figure's first nn-render, the page scrolled down
//   one screen (700 px) every SCROLL_MS, as a reader skimming it would;
// - JavaScript transferred: the bytes of every script response (the bundle and
//   the page script), raw as served, and gzip -9 of the same bytes, which is what
//   a server compressing them would send.
// Needs `npm run build` (dist/nnscope.js). Needs the machine to itself for figures worth recording.
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { describeMachine } from './runner/results.mjs';

/** A screen of scrolling every 1.5 s: a skim, slower than a fling, faster than reading. */
const SCROLL_MS = 1500;
const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 3);
const root = new URL('..', import.meta.url).pathname;
const server = await serveStatic(root);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const chromiumVersion = browser.version();
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    const scripts = [];
    tab.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => undefined);
      if (body) scripts.push({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    });
    await tab.addInitScript(() => {
      window.__renders = [];
      document.addEventListener('nn-render', (event) => {
        const el = event.composedPath()[0];
        window.__renders.push({ id: el.id || el.className, t: performance.now() });
      });
    });
    await tab.goto(`${server.origin}/examples/article/`);
    const figures = await tab.evaluate(
      () => document.querySelectorAll('nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer').length,
    );
    await tab.waitForFunction(() => window.__renders.length > 0, null, { timeout: 120_000 });
    const height = await tab.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 700; y < height; y += 700) {
      await tab.evaluate((top) => window.scrollTo(0, top), y);
      await tab.waitForTimeout(SCROLL_MS);
    }
    await tab.waitForFunction((n) => new Set(window.__renders.map((r) => r.id)).size >= n, figures, { timeout: 300_000 });
    const renders = await tab.evaluate(() => window.__renders);
    const first = new Map();
    for (const { id, t } of renders) if (!first.has(id)) first.set(id, t);
    const times = [...first.values()];
    const result = {
      run,
      figures,
      first_figure_ms: Math.round(Math.min(...times)),
      all_figures_ms: Math.round(Math.max(...times)),
      per_figure_ms: Object.fromEntries([...first].map(([id, t]) => [id, Math.round(t)])),
      js_raw_bytes: scripts.reduce((sum, s) => sum + s.raw, 0),
      js_gzip_bytes: scripts.reduce((sum, s) => sum + s.gzip, 0),
      scripts,
    };
    console.log(JSON.stringify(result));
    results.push(result);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    machine: describeMachine(),
    chromium: chromiumVersion,
    runs,
    scroll_ms: SCROLL_MS,
    first_figure_median_ms: median(results.map((r) => r.first_figure_ms)),
    all_figures_median_ms: median(results.map((r) => r.all_figures_ms)),
    js_raw_bytes: results[0].js_raw_bytes,
    js_gzip_bytes: results[0].js_gzip_bytes,
  }),
);
