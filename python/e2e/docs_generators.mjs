// By hand, not part of `npm test` (Jupyter Book and Quarto are heavy): do
// notebooks executed with nnscope widgets show their figures in the pages that
// documentation generators make, offline?
//
//   node python/e2e/docs_generators.mjs
//
// DOCS_VENV (default /tmp/docs-venv) is a virtual environment with this
// package, nbconvert and jupyter-book 1.x (Sphinx, myst-nb) installed;
// `quarto` is used where it is on PATH (or QUARTO names it), else skipped.
// Made, as for the run the README reports, with:
//
//   node scripts/build-widget.mjs
//   python3 -m venv /tmp/docs-venv
//   /tmp/docs-venv/bin/pip install -r python/requirements-test.txt jupyter-book==1.0.4.post1
//   /tmp/docs-venv/bin/pip install --no-deps --no-build-isolation -e python
//
// 1. nbconvert executes two notebooks to .ipynb with store_widget_state=False,
//    so that each widget output carries nnscope's text/html fallback, once
//    as they come and once with NNSCOPE_OUTPUT=html (no widget view);
// 2. Jupyter Book builds a book of them, execution off: as it comes (no
//    figure expected: myst-nb shows the widget view), with myst-nb's
//    widget-view mime type ranked out (the option the README gives), and of
//    the NNSCOPE_OUTPUT=html notebooks; Quarto renders each of those to HTML
//    (it does not execute an .ipynb);
// 3. headless Chromium opens each page from its file with every request that
//    is not file:, data: or blob: refused (and listed), and checks that every
//    figure draws (a canvas of many colours in its shadow root, no error
//    part) and answers the pointer (an nn-hover event).
//
// Exits 1 when a page that should show figures does not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { colours } from './lab.mjs';

const root = new URL('../..', import.meta.url).pathname;
const venv = process.env.DOCS_VENV || '/tmp/docs-venv';
const bin = (name) => join(venv, 'bin', name);
if (!existsSync(bin('jupyter'))) throw new Error(`${venv}: no jupyter there; make the venv first (README, "Notebooks")`);
const work = mkdtempSync(join(tmpdir(), 'nnscope-docs-'));
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }).toString();

/** The notebooks, with how many nnscope figures each shows. */
const NOTEBOOKS = [
  ['static', `${root}python/e2e/static.ipynb`, 2],
  ['features_and_states', `${root}python/examples/features_and_states.ipynb`, 2],
];

/** myst-nb ranks a widget view above text/html; without it there the fallback is the output shown. */
const MYST_NB_OVERRIDE = `sphinx:
  config:
    nb_mime_priority_overrides: [["*", "application/vnd.jupyter.widget-view+json", null]]
`;

const version = (command, args) => {
  try {
    return run(command, args).trim().split('\n').pop();
  } catch {
    return null;
  }
};

// 1. Execute (each notebook from its own folder: features_and_states opens models by relative path),
//    once as it comes and once with NNSCOPE_OUTPUT=html (outputs without the widget view).
const executed = { widget: join(work, 'executed-widget'), html: join(work, 'executed-html') };
for (const [output, folder] of Object.entries(executed)) {
  for (const [, path] of NOTEBOOKS) {
    run(
      bin('jupyter'),
      ['nbconvert', '--execute', '--to', 'notebook', '--ExecutePreprocessor.store_widget_state=False', `--output-dir=${folder}`, path],
      {
        env: { ...process.env, NNSCOPE_OUTPUT: output },
      },
    );
  }
}
console.log(`executed into ${work} (nbconvert ${version(bin('jupyter'), ['nbconvert', '--version'])})`);

// 2. Build.
/** [label, page path, figures expected (0: the page is expected to show none)] */
const pages = [];
const jupyterBook = run(bin('jupyter-book'), ['--version']).match(/Jupyter Book\s*:\s*(\S+)/)?.[1];
for (const [label, output, extra, shows] of [
  ['jupyter-book, defaults', 'widget', '', false],
  ['jupyter-book, widget view ranked out', 'widget', MYST_NB_OVERRIDE, true],
  ['jupyter-book, NNSCOPE_OUTPUT=html', 'html', '', true],
]) {
  const book = join(work, label.replace(/\W+/g, '-'));
  mkdirSync(book);
  for (const [name] of NOTEBOOKS) writeFileSync(join(book, `${name}.ipynb`), readFileSync(join(executed[output], `${name}.ipynb`)));
  writeFileSync(join(book, '_config.yml'), `title: nnscope offline check\nexecute:\n  execute_notebooks: "off"\n${extra}`);
  writeFileSync(
    join(book, '_toc.yml'),
    `format: jb-book\nroot: ${NOTEBOOKS[0][0]}\nchapters:\n${NOTEBOOKS.slice(1)
      .map(([name]) => `  - file: ${name}\n`)
      .join('')}`,
  );
  run(bin('jupyter-book'), ['build', book]);
  for (const [name, , figures] of NOTEBOOKS) pages.push([`${label}: ${name}`, join(book, '_build/html', `${name}.html`), shows ? figures : 0]);
}
console.log(`built with jupyter-book ${jupyterBook}`);

// Quarto ranks a widget view above text/html with no option to change it, so it gets the NNSCOPE_OUTPUT=html notebooks.
const quarto = process.env.QUARTO || 'quarto';
const quartoVersion = version(quarto, ['--version']);
if (quartoVersion) {
  const site = join(work, 'quarto');
  mkdirSync(site);
  for (const [name, , figures] of NOTEBOOKS) {
    writeFileSync(join(site, `${name}.ipynb`), readFileSync(join(executed.html, `${name}.ipynb`)));
    run(quarto, ['render', `${name}.ipynb`, '--to', 'html'], { cwd: site });
    pages.push([`quarto, NNSCOPE_OUTPUT=html: ${name}`, join(site, `${name}.html`), figures]);
  }
  console.log(`rendered with quarto ${quartoVersion}`);
} else {
  console.log(`quarto: not found (${quarto}), skipped`);
}

// 3. Look.
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let failed = false;
for (const [label, path, expected] of pages) {
  const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  const refused = [];
  await context.route(/^(?!file:|data:|blob:)/, (route) => {
    refused.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`file://${path}`);
  const figures = page.locator('.nnscope-static > *');
  const results = [];
  if (expected > 0) {
    await figures
      .nth(expected - 1)
      .waitFor({ timeout: 60_000 })
      .catch(() => {});
  } else {
    await page.waitForTimeout(3000);
  }
  const count = await figures.count();
  for (let i = 0; i < count; i++) results.push(await check(page, figures.nth(i)));
  const good = results.filter((result) => result.drawn && result.hover).length;
  // Page errors are listed, not counted: Jupyter Book 1's pages throw one of their own (sphinx-thebe declares THEBE_JS_URL twice).
  const ok = count === expected && good === expected;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${label}: ${count} figures (expected ${expected}), ${JSON.stringify(results)}` +
      `${errors.length ? `, page errors ${JSON.stringify(errors)}` : ''}; refused ${refused.length ? JSON.stringify([...new Set(refused)]) : 'none'}`,
  );
  if (process.env.NNSCOPE_DOCS_SHOTS) {
    mkdirSync(process.env.NNSCOPE_DOCS_SHOTS, { recursive: true });
    await page.screenshot({ path: join(process.env.NNSCOPE_DOCS_SHOTS, `${label.replace(/\W+/g, '-')}.png`), fullPage: false });
  }
  await context.close();
}
await browser.close();
console.log(`pages in ${work}`);
process.exit(failed ? 1 : 0);

/** Whether the element under `locator` drew (many colours, no error) and sent nn-hover when the pointer crossed it. */
async function check(page, locator) {
  const tag = await locator.evaluate((el) => el.localName);
  await page.waitForFunction((el) => el.backend !== undefined && !el.error, await locator.elementHandle(), { timeout: 180_000 }).catch(() => {});
  const error = await locator.evaluate((el) => el.error || el.shadowRoot?.querySelector('[part="error"]')?.textContent || null);
  const canvas = locator.locator('canvas').first();
  // An element that computes in the browser names its backend before its first canvas exists.
  if (!error) await canvas.waitFor({ state: 'attached', timeout: 180_000 }).catch(() => {});
  let drawn = false;
  if (!error && (await canvas.count())) {
    await canvas.scrollIntoViewIfNeeded();
    // A figure computed in the browser (FeatureGrid from a model) can take a minute on a busy machine's software GPU.
    for (const end = Date.now() + 180_000; !drawn && Date.now() < end;) {
      drawn = (await colours(page, canvas)) >= 8;
      if (!drawn) await page.waitForTimeout(500);
    }
  }
  // The pointer over a grid of points across the element until one of them is answered with nn-hover.
  await locator.evaluate((el) => el.addEventListener('nn-hover', (event) => (el.lastHover = event.detail ?? true)));
  const box = await locator.boundingBox();
  let hover = false;
  for (let row = 0.1; row < 1 && !hover && box; row += 0.1) {
    for (let column = 0.05; column < 1 && !hover; column += 0.05) {
      await page.mouse.move(box.x + box.width * column, box.y + box.height * row);
      hover = await locator.evaluate((el) => el.lastHover !== undefined);
    }
  }
  return { tag, drawn, hover, ...(error ? { error } : {}) };
}
