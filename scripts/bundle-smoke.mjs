// Checks the single-file bundle the way a plain HTML page uses it: one
// <script type="module" src="dist/nnscope.js">, nothing else on the page.
// It must export the whole public API and compute on every backend.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${root}custom-elements.json`, 'utf8'));
const tags = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.tagName)
  .map((d) => d.tagName);

const page = `<!doctype html><meta charset="utf-8"><body>
<script type="module">
  import * as nnscope from '/dist/nnscope.js';
  const results = { exports: Object.keys(nnscope).sort(), backends: {} };
  for (const name of ['cpu', 'webgl', 'webgpu']) {
    const used = await nnscope.useBackend(name);
    const t = await nnscope.loadTensor({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] });
    const { pooled } = nnscope.poolMatrix(t, 1, 1, 'max');
    results.backends[name] = { used, active: nnscope.tf.getBackend(), max: (await pooled.data())[0] };
    nnscope.tf.dispose([t, pooled]);
  }
  results.defined = ${JSON.stringify(tags)}.filter((tag) => customElements.get(tag));
  window.__results = results;
</script>`;

const server = await serveStatic(root, { '/bundle-smoke.html': page });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const failures = [];
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  tab.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  await tab.goto(`${server.origin}/bundle-smoke.html`);
  await tab.waitForFunction(() => window.__results || null, null, { timeout: 120_000 }).catch(() => {});
  const results = await tab.evaluate(() => window.__results);
  failures.push(...errors);
  if (!results) failures.push('the bundle page did not finish');
  else {
    const required = ['tf', 'loadTensor', 'useBackend', 'poolMatrix', 'finiteRange', 'NnElement', 'defineElement', 'NnDataError', 'colormap'];
    for (const name of required) if (!results.exports.includes(name)) failures.push(`dist/nnscope.js does not export ${name}`);
    for (const [name, r] of Object.entries(results.backends)) {
      if (r.used !== name || r.active !== name || r.max !== 4) failures.push(`${name}: ${JSON.stringify(r)}`);
    }
    const missing = tags.filter((tag) => !results.defined.includes(tag));
    if (missing.length) failures.push(`dist/nnscope.js does not register ${missing.join(', ')}`);
    console.log(
      `bundle smoke: ${results.exports.length} exports; backends ${JSON.stringify(results.backends)}; elements registered: ${results.defined.length}/${tags.length}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
if (failures.length) {
  console.error(`bundle smoke failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('bundle smoke: 1 passed, 0 failed');
