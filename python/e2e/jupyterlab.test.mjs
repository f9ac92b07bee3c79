// The notebook widgets end to end: a real JupyterLab on localhost, a real
// kernel, headless Chromium. Cells run through JupyterLab's UI (Shift+Enter);
// the user's picks are made with the pointer and read back by running cells.
// Then nbconvert executes a notebook to HTML, which is opened from a file with
// every network request refused.
//
// Run by scripts/notebook-test.mjs after it has made python/.venv.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { colours as coloursOn, kernelIdle, notebook, startLab } from './lab.mjs';

const root = new URL('../..', import.meta.url).pathname;
const bin = (name) => `${root}python/.venv/bin/${name}`;

// The cells of the live test, by name; run in this order.
const CELLS = {
  setup: `import json, threading, time
import numpy as np, ipywidgets, psutil, nnscope
rng = np.random.default_rng(0)
def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
attention = softmax(rng.normal(size=(4, 4, 8, 8)) * 2).astype(np.float32)
tokens = ['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '[SEP]']
hovers = []`,
  heatmap: `heatmap = nnscope.AttentionHeatmap(attention=attention, tokens=tokens, view='model', height='360px')
heatmap.on_hover(hovers.append)
heatmap`,
  saliency: `yy, xx = np.mgrid[0:32, 0:32] / 31
image = np.stack([xx, yy, 1 - xx], -1)
saliency = nnscope.SaliencyOverlay(image=image, saliency=np.exp(-((xx - 0.6) ** 2 + (yy - 0.4) ** 2) * 20), height='300px')
saliency`,
  grid: `grid = nnscope.FeatureGrid(activations=rng.random((8, 8, 16)).astype(np.float16), height='300px', float16=True)
grid`,
  tracers: `states = np.tanh(rng.normal(size=(60, 12)) * 2).astype(np.float32)
tracer = nnscope.HiddenStateTracer(states=states, tokens=[f't{i}' for i in range(60)], threshold=0.0, height='300px')
mirror = nnscope.HiddenStateTracer(states=states, threshold=0.0, height='300px')
link = ipywidgets.jslink((tracer, 'selection'), (mirror, 'selection'))
ipywidgets.VBox([tracer, mirror])`,
  models: `digits = json.load(open('${root}test/fixtures/attribution/mnist-digits.json'))
digit = np.asarray(digits['data'], dtype=np.float32).reshape(digits['shape'])[3]
conv = nnscope.FeatureGrid(model='${root}models/mnist-cnn', layer='conv1', input=digit, height='260px')
sample = json.load(open('${root}models/bracket-lstm/sample.json'))['tokens'][:80]
vocab = json.load(open('${root}models/bracket-lstm/vocab.json'))
lstm = nnscope.HiddenStateTracer(model='${root}models/bracket-lstm', input=[vocab.index(t) for t in sample], tokens=sample, height='300px')
ipywidgets.HBox([conv, lstm])`,
  drawn: `print(json.dumps({name: [w.rendered, w.error] for name, w in dict(heatmap=heatmap, saliency=saliency, grid=grid, tracer=tracer, mirror=mirror, conv=conv, lstm=lstm).items()}))`,
  picks: `print(json.dumps(dict(layer=heatmap.layer, head=heatmap.head, pinned=heatmap.pinned, hovers=len(hovers), threshold=saliency.threshold,
    selected=grid.selected, selection=tracer.selection, units=tracer.selected_units, runs=tracer.match_runs, mirror=mirror.selection)))`,
  redraw: `heatmap.view = 'matrix'
heatmap.layer, heatmap.head = 3, 2
grid.selected = 5`,
  bert128: `small = rng.random((12, 12, 128, 128), dtype=np.float32)
small_view = nnscope.AttentionHeatmap(attention=small, view='model', height='640px')
small_view`,
  bert: `big = rng.random((12, 12, 512, 512), dtype=np.float32)
process = psutil.Process()
base = process.memory_info().rss
peak = [base]
sampling = threading.Event()
def sample():
    while not sampling.is_set():
        peak[0] = max(peak[0], process.memory_info().rss)
        time.sleep(0.002)
threading.Thread(target=sample, daemon=True).start()
bert = nnscope.AttentionHeatmap(attention=big, view='model', height='640px')
bert`,
  bertDone: `sampling.set()
print(json.dumps(dict(rendered=bert.rendered, error=bert.error, mib=big.nbytes / 2**20, extra_mib=(peak[0] - base) / 2**20)))`,
};
const order = Object.keys(CELLS);
const cellIndex = (name) => order.indexOf(name);

let lab;
let work;
let env;
let browser;
let page;

before(async () => {
  lab = await startLab(`${root}python/.venv`);
  ({ work, env } = lab);
  writeFileSync(join(work, 'live.ipynb'), JSON.stringify(notebook(Object.values(CELLS))));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.error(`console: ${message.text()}`));
  await page.goto(`${lab.origin}/lab/tree/live.ipynb`);
  await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 120_000 });
  await page
    .locator('.jp-Notebook .jp-Cell')
    .nth(order.length - 1)
    .waitFor();
  await kernelIdle(page);
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

const cell = (name) => page.locator('.jp-Notebook .jp-Cell').nth(cellIndex(name));

/** Runs a cell through the UI (select it, Shift+Enter) and waits until it has finished. */
async function runCell(name, timeout = 120_000) {
  const target = cell(name);
  await target.scrollIntoViewIfNeeded();
  await target.locator('.jp-InputPrompt').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction((el) => /\[\d+\]/.test(el.querySelector('.jp-InputPrompt')?.textContent ?? ''), await target.elementHandle(), {
    timeout,
  });
  const errors = await target
    .locator(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]',
    )
    .allInnerTexts();
  assert.deepEqual(errors, [], `cell ${name} failed`);
}

/** The JSON a cell printed. */
async function printed(name) {
  const text = await cell(name).locator('.jp-OutputArea-output').last().innerText();
  return JSON.parse(text.trim());
}

/** How many colours a screenshot of `locator` has: 1 or 2 for a blank box. */
const colours = (locator) => coloursOn(page, locator);

/** Waits until the element under `locator` has drawn (a canvas of many colours, no error part). */
async function drawn(locator, timeout = 90_000, canvasSelector = 'canvas') {
  await locator.waitFor({ timeout: 60_000 });
  // Until its data arrives an element says it has none; it has drawn once it names its backend and has no error.
  await page.waitForFunction((el) => el.backend !== undefined && !el.error, await locator.elementHandle(), { timeout }).catch(() => {});
  const error = await locator.evaluate((el) => el.error ?? el.shadowRoot.querySelector('[part="error"]')?.textContent ?? null);
  assert.equal(error, null);
  const canvas = locator.locator(canvasSelector).first();
  await canvas.scrollIntoViewIfNeeded();
  for (let i = 0; i < 100 && (await colours(canvas)) < 8; i++) await page.waitForTimeout(200);
  assert.ok((await colours(canvas)) >= 8, 'the canvas is blank');
}

/**
 * A point over `element` where its nn-hover detail passes `accept`, found as a
 * reader finds one: moving the pointer over it (rows of points, top to bottom).
 */
async function pointWhere(element, accept) {
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  await element.evaluate((el) => el.addEventListener('nn-hover', (event) => (el.lastHover = event.detail)));
  const seen = [];
  for (let row = 0.05; row < 1; row += 0.06) {
    for (let column = 0.02; column < 1; column += 0.03) {
      const point = { x: box.x + box.width * column, y: box.y + box.height * row };
      await page.mouse.move(point.x, point.y);
      const hover = await element.evaluate((el) => el.lastHover);
      if (hover && accept(hover)) return point;
      if (hover) seen.push(hover);
    }
  }
  assert.fail(`no point found over ${JSON.stringify(box)}; hovers ${JSON.stringify(seen.slice(0, 20))}`);
}

test('each widget draws in JupyterLab (also from tfjs models given by path), and the kernel hears that it did', async () => {
  for (const name of ['setup', 'heatmap', 'saliency', 'grid', 'tracers', 'models']) await runCell(name);
  await drawn(cell('heatmap').locator('nn-attention-heatmap'));
  await drawn(cell('saliency').locator('nn-saliency-overlay'));
  await drawn(cell('grid').locator('nn-feature-grid'));
  await drawn(cell('tracers').locator('nn-hidden-state-tracer').first());
  await drawn(cell('tracers').locator('nn-hidden-state-tracer').nth(1));
  // tfjs models given by path: their files come through the comm, and the browser computes.
  await drawn(cell('models').locator('nn-hidden-state-tracer'));
  await drawn(cell('models').locator('nn-feature-grid'));
  if (process.env.NNSCOPE_E2E_SHOTS) {
    await cell('heatmap').locator('.jp-InputArea').scrollIntoViewIfNeeded();
    await cell('heatmap').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${process.env.NNSCOPE_E2E_SHOTS}/jupyterlab.png` });
  }
  await runCell('drawn');
  const state = await printed('drawn');
  for (const [name, [rendered, error]] of Object.entries(state)) {
    assert.ok(rendered > 0, `${name} never reported a drawing`);
    assert.equal(error, null, name);
  }
});

test('picks in the views come back to the kernel: head, hover, threshold, channel, brushed steps, and a jslink', async () => {
  const heatmap = cell('heatmap').locator('nn-attention-heatmap');
  const target = await pointWhere(heatmap, (hover) => hover.layer > 0 && hover.head > 0);
  await page.mouse.click(target.x, target.y);
  if (process.env.NNSCOPE_E2E_SHOTS) await page.screenshot({ path: `${process.env.NNSCOPE_E2E_SHOTS}/heatmap.png` });
  const head = await heatmap.evaluate((el) => ({ layer: el.layer, head: el.head }));
  assert.notDeepEqual(head, { layer: 0, head: 0 }, 'the click picked no other head');

  const saliency = cell('saliency').locator('nn-saliency-overlay');
  const slider = saliency.locator('input[type="range"]');
  await slider.scrollIntoViewIfNeeded();
  const track = await slider.boundingBox();
  await page.mouse.click(track.x + track.width * 0.3, track.y + track.height / 2);
  const threshold = await saliency.evaluate((el) => el.threshold);
  assert.ok(threshold > 0, 'the slider did not move');

  const grid = cell('grid').locator('nn-feature-grid');
  const tile = await pointWhere(grid, (hover) => hover.channel > 0);
  await page.mouse.click(tile.x, tile.y);
  const channel = await grid.evaluate((el) => el.selected);
  assert.equal(typeof channel, 'number', 'the click selected no channel');

  const tracer = cell('tracers').locator('nn-hidden-state-tracer').first();
  await tracer.locator('canvas').first().scrollIntoViewIfNeeded();
  const plot = await tracer.locator('canvas').first().boundingBox();
  const y = plot.y + plot.height / 2;
  await page.mouse.move(plot.x + plot.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width * 0.45, y, { steps: 8 });
  await page.mouse.up();
  const brushed = await tracer.evaluate((el) => ({
    selection: el.selection && (Array.isArray(el.selection) ? el.selection : [el.selection.start, el.selection.end]),
    units: el.selectedUnits,
    runs: el.matchRuns.map((m) => [m.start, m.end]),
  }));
  assert.ok(brushed.selection, 'the drag selected no steps');
  const mirror = cell('tracers').locator('nn-hidden-state-tracer').nth(1);
  await page.waitForFunction((el) => el.selection, await mirror.elementHandle(), { timeout: 10_000 });

  await page.waitForTimeout(500); // hovers are throttled to 10 a second
  await runCell('picks');
  const picks = await printed('picks');
  assert.deepEqual({ layer: picks.layer, head: picks.head }, head);
  assert.ok(picks.hovers > 0, 'no hover reached on_hover');
  assert.equal(picks.threshold, threshold);
  assert.equal(picks.selected, channel);
  assert.deepEqual(picks.selection, brushed.selection);
  assert.deepEqual(picks.units, brushed.units);
  assert.deepEqual(picks.runs, brushed.runs);
  assert.deepEqual(picks.mirror, brushed.selection, 'jslink carried the selection to the second tracer');
});

test('changing traits in Python redraws', async () => {
  await runCell('redraw');
  const heatmap = cell('heatmap').locator('nn-attention-heatmap');
  await page.waitForFunction((el) => el.view === 'matrix' && el.layer === 3 && el.head === 2, await heatmap.elementHandle(), { timeout: 10_000 });
  await drawn(heatmap);
  const grid = cell('grid').locator('nn-feature-grid');
  assert.equal(await grid.evaluate((el) => el.selected), 5);
});

test('BERT-base attention (12 x 12 x 512 x 512 float32, 144 MiB) opens in the model view through the default websocket', async () => {
  // Time from executing the cell to the drawn view (bench/RESULTS.md, "Notebook").
  const startedSmall = Date.now();
  await runCell('bert128');
  await drawn(cell('bert128').locator('nn-attention-heatmap'), 240_000);
  console.log(
    `attention 12 x 12 x 128 x 128 (9 MiB): drawn in the model view ${((Date.now() - startedSmall) / 1000).toFixed(1)} s after the cell ran`,
  );
  const started = Date.now();
  await runCell('bert');
  await drawn(cell('bert').locator('nn-attention-heatmap'), 240_000);
  const seconds = (Date.now() - started) / 1000;
  await runCell('bertDone');
  const result = await printed('bertDone');
  assert.equal(result.error, null);
  assert.ok(result.rendered > 0);
  console.log(
    `BERT-base attention: ${result.mib} MiB drawn in the model view ${seconds.toFixed(1)} s after the cell ran; kernel peak extra memory while sending ${result.extra_mib.toFixed(1)} MiB`,
  );
  assert.ok(result.extra_mib < result.mib * 0.5, `the kernel held ${result.extra_mib} MiB extra while sending`);
});

test('nbconvert --execute --to html gives pages whose figures draw offline, with no request leaving the file', async () => {
  // Two example notebooks (tfjs models by path; a saliency map from numpy beside SmoothGrad from the browser) and one with attention and a tracer from numpy.
  const notebooks = [
    `${root}python/examples/features_and_states.ipynb`,
    `${root}python/examples/saliency_mnist.ipynb`,
    `${root}python/e2e/static.ipynb`,
  ];
  execFileSync(bin('jupyter'), ['nbconvert', '--execute', '--to', 'html', ...NBCONVERT_OFFLINE, `--output-dir=${work}`, ...notebooks], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // name, figures, and for a figure computed in the browser: its index and the note it shows once the map is drawn.
  for (const [name, expected, computed] of [
    ['features_and_states', 2],
    ['saliency_mnist', 2, [1, 'SmoothGrad: signed, channels summed; 25 samples']],
    ['static', 2],
  ]) {
    const context = await browser.newContext({ offline: true });
    const requests = [];
    await context.route(/^(?!file:|data:|blob:)/, (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`file://${join(work, `${name}.html`)}`);
    const elements = tab.locator('.nnscope-static > *');
    await elements.nth(expected - 1).waitFor({ timeout: 60_000 });
    assert.equal(await elements.count(), expected, `${name}: figures`);
    const previous = page;
    page = tab;
    try {
      if (computed) {
        // First the browser's computation: while it runs, the page's frames are too far apart for a screenshot (SmoothGrad takes 30-60 s on a busy machine's software WebGPU).
        const [index, note] = computed;
        const element = await elements.nth(index).elementHandle();
        await tab.waitForFunction(([el, text]) => el.shadowRoot.querySelector('[part="note"]')?.textContent.includes(text), [element, note], {
          timeout: 180_000,
          polling: 500,
        });
      }
      for (let i = 0; i < expected; i++) await drawn(elements.nth(i));
    } finally {
      page = previous;
    }
    assert.deepEqual(errors, [], name);
    assert.deepEqual(requests, [], `${name}: requests left the file`);
    await context.close();
  }
});

/** nbconvert's lab template loads require.js and MathJax from a CDN; these options keep the page to itself (README, "Notebooks"). */
const NBCONVERT_OFFLINE = ['--ExecutePreprocessor.store_widget_state=False', '--HTMLExporter.require_js_url=', '--HTMLExporter.mathjax_url='];
