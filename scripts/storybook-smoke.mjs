// Opens every story of the built Storybook (storybook-static/, from
// `npm run build-storybook`) in headless Chromium and fails on anything a
// reader would see go wrong: a page error, a console error or warning, a
// failed or 4xx/5xx request, a story that never renders, or an "Error" story
// that does not show the library's message. Every docs page is opened too,
// for the same console check and for block markup inside a paragraph (what
// React's dev build reports as a hydration error; its production build says
// nothing, so the DOM is checked).
//
// It is also the visual regression suite: each story, once rendered, is
// shot at 1200 and 400 px wide on a light and a dark page, and so is the
// article page test/visual/article.html (README snippets in a 704 px serif
// column, using dist/nnscope.js from `npm run build`); each shot is compared
// with test/visual/baselines/ (scripts/visual-baselines.mjs says how, and
// what a failure writes). UPDATE_BASELINES=1 rewrites the baselines;
// VISUAL=0 skips the shots.
//
// Stories that load data say when they are done with a `data-story-state`
// attribute ("loading", then "ready" or "error"); the message of an error is
// the text of the element marked `data-story-error`.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';
import { checkBaseline, staleBaselines, UPDATE_BASELINES } from './visual-baselines.mjs';

const repository = new URL('..', import.meta.url).pathname;
const root = join(repository, 'storybook-static');
const VISUAL = process.env.VISUAL !== '0';
const STORY_TIMEOUT_MS = 60_000;
/**
 * Stories open in parallel, one per core (at most 4): the attribution stories
 * compute on the software GPU with every core busy, and four of them on two
 * cores took 30-60 s each where one alone takes under 15 s.
 */
const PARALLEL = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Stories that compute for seconds on the page (feature visualisation by
 * gradient ascent): alone they finish in about 14 s on the 2-core machine
 * with a software GPU, but beside three other stories they took 63-70 s.
 * They run one at a time after the others, with a longer limit.
 */
const HEAVY_STORIES = [
  'elements-feature-grid--optimized',
  'elements-feature-grid--scale',
  'elements-saliency-overlay--compare-methods',
  'elements-saliency-overlay--huge',
];
const HEAVY_TIMEOUT_MS = 120_000;
/**
 * How long a docs page is given for the stories near its top to draw before
 * its console and markup are judged: on the loaded 2-core machine several
 * stories computing at once did not all finish in 60 s, and waiting that
 * long on 5 pages cost 5 minutes; 20 s sees the first stories' messages.
 */
const DOCS_WAIT_MS = 20_000;

/**
 * Stories opened a second time with URL args, to prove the built Storybook
 * computes on a given backend (`auto` may pick webgpu where Chromium has it).
 */
const BACKEND_CHECKS = [{ id: 'foundation-loading-data--default', backend: 'webgl' }];

/**
 * What the "Error" stories must show: fragments of the library's message, so
 * a story that fails for another reason (a 404, a broken import) does not pass.
 * An Error story not listed here must still show some message.
 */
const EXPECTED_ERRORS = {
  'foundation-loading-data--error-truncated-file': ['truncated npy file', 'needs 96 bytes of data, but only 72'],
  'foundation-loading-data--error-ragged-array': ['ragged nested array', '[2][1]'],
  'elements-attention-heatmap--error-token-count': ['tokens has 13 tokens but the attention has 14 query positions', '[12,12,14,14]'],
  'elements-attention-heatmap--error-rank': ['expected rank 2, 3 or 4, got rank 5', '[12,1,12,14,14]'],
  'elements-attention-heatmap--error-layer': ['layer 12 is out of range', '12 layers (0 to 11)'],
  'elements-feature-grid--error-layer-name': ['layer "conv3" is not in the model', '"conv1", "pool1", "conv2", "pool2", "flatten", "logits"'],
  'elements-feature-grid--error-channels-first': ['shape [16, 11, 11] looks channels-first', 'set layout="chw"'],
  'elements-feature-grid--error-spatial-dense': ['view="spatial" needs a layer with height and width', 'layer "logits" outputs [batch, 10]'],
  'elements-saliency-overlay--error-aspect': ['saliency is 14 x 20 (height x width) but the image is 28 x 28', 'aspect ratios differ'],
  'elements-saliency-overlay--error-target': ['target 10 is out of range', '10 classes (0 to 9)'],
  'elements-saliency-overlay--error-rank': ['must output logits [batch, classes] (rank 2), got rank 4', '[1,11,11,16]'],
  'elements-saliency-overlay--error-not-differentiable': ['f is not differentiable', 'gradient is zero everywhere'],
  'elements-saliency-overlay--error-tokens': ['tokens has 5 tokens but saliency has 6 values', '[6]'],
  'elements-hidden-state-tracer--error-token-count': ['tokens has 7 tokens but the states have 8 steps', '[8,2]'],
  'elements-hidden-state-tracer--error-ragged': ['ragged nested array', 'element [1] is an array of length 2'],
  'elements-hidden-state-tracer--error-layer': ['layer 3 is out of range', '2 layers (0 to 1)'],
};

/**
 * Console messages that are the browser's own, not ours or a dependency's,
 * and so do not fail a page. Each says why it is there.
 */
const CONSOLE_ALLOWED = [
  // Chromium asks a top-level page for /favicon.ico; Storybook's iframe.html
  // is never top-level for a reader and has none.
  { why: 'favicon request', test: (text, url) => url?.endsWith('/favicon.ico') },
];

/** The shots of each page, in the order taken (one resize, two page switches). */
const SHOTS = [
  { width: 1200, scheme: 'light' },
  { width: 1200, scheme: 'dark' },
  { width: 400, scheme: 'dark' },
  { width: 400, scheme: 'light' },
];
const VIEWPORT_HEIGHT = 800;
/**
 * What varies between two runs of the same story, painted over in the shots
 * (Playwright's `mask`): a story marks such text (a measured time) with
 * `data-visual-varies`.
 */
const MASK = ['[data-visual-varies]'];

if (!existsSync(join(root, 'index.json'))) {
  console.error('storybook smoke: storybook-static/index.json is missing; run `npm run build-storybook` first.');
  process.exit(1);
}
if (VISUAL && !existsSync(join(repository, 'dist', 'nnscope.js'))) {
  console.error('storybook smoke: dist/nnscope.js is missing (the article page uses it); run `npm run build` first, or VISUAL=0.');
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
const docs = Object.values(index.entries).filter((entry) => entry.type === 'docs');
/**
 * SMOKE_ONLY=part,part checks only the stories, docs pages and article
 * (`article`) whose id contains one of the parts: to re-check or re-shoot a
 * few. The check for baselines of removed stories needs a whole run.
 */
const ONLY = process.env.SMOKE_ONLY?.split(',').filter(Boolean);
const wanted = (id) => !ONLY || ONLY.some((part) => id.includes(part));
const checks = [
  ...stories.map((story) => ({ story, shoot: VISUAL })),
  ...BACKEND_CHECKS.flatMap(({ id, backend }) => {
    const story = stories.find((entry) => entry.id === id);
    return story ? [{ story, backend }] : [];
  }),
].filter((check) => wanted(check.story.id));
if (stories.length === 0) {
  console.error('storybook smoke: index.json lists no stories.');
  process.exit(1);
}

const server = await serveStatic(root);
const repositoryServer = await serveStatic(repository);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const started = performance.now();
let passed = 0;
let failed = 0;
let shots = 0;
let litDev;
const report = (name, t0, problems, extra) => {
  const facts = `${Math.round(performance.now() - t0)} ms${extra ? `, ${extra}` : ''}`;
  if (problems.length === 0) {
    passed++;
    console.log(`ok    ${name} (${facts})`);
  } else {
    failed++;
    console.log(`FAIL  ${name} (${facts})\n      ${problems.join('\n      ')}`);
  }
};
try {
  const isHeavy = (check) => HEAVY_STORIES.includes(check.story.id);
  let queue = checks.filter((check) => !isHeavy(check));
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const t0 = performance.now();
      const { problems, backend } = await checkStory(check, isHeavy(check) ? HEAVY_TIMEOUT_MS : STORY_TIMEOUT_MS);
      report(`${check.story.id}${check.backend ? ` (args backend:${check.backend})` : ''}`, t0, problems, backend);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  queue = checks.filter(isHeavy);
  await worker();
  for (const entry of docs.filter((entry) => wanted(entry.id))) {
    const t0 = performance.now();
    report(`${entry.id} (docs page)`, t0, await checkDocs(entry));
  }
  if (VISUAL && wanted('article')) {
    const t0 = performance.now();
    report('test/visual/article.html', t0, await checkArticle());
  }
  if (VISUAL && !ONLY) {
    const t0 = performance.now();
    const stale = staleBaselines([...stories.map((story) => story.id), 'article']);
    report(
      'test/visual/baselines/',
      t0,
      stale.length ? [`baselines of no story or page (renamed or removed? UPDATE_BASELINES=1 deletes them): ${stale.join(', ')}`] : [],
    );
  }
} finally {
  await browser.close();
  await server.close();
  await repositoryServer.close();
}
const visual = VISUAL ? `; ${shots} shots ${UPDATE_BASELINES ? 'written as baselines' : 'compared with test/visual/baselines/'}` : '';
const lit = litDev === undefined ? '' : `; Lit ${litDev ? 'development' : 'production'} build`;
console.log(`storybook smoke: ${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s${visual}${lit})`);
process.exit(failed === 0 ? 0 : 1);

/**
 * A new page in its own browser context whose page errors, console errors
 * and warnings (less CONSOLE_ALLOWED), failed requests and 4xx/5xx
 * responses go to `problems`.
 */
async function watchedPage(problems) {
  const context = await browser.newContext({ viewport: { width: SHOTS[0].width, height: VIEWPORT_HEIGHT } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    const { url } = message.location();
    if (CONSOLE_ALLOWED.some(({ test }) => test(message.text(), url))) return;
    problems.push(`console ${type}: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page };
}

/**
 * Waits until the page is still: two frames, then every nnscope element's
 * `updateComplete` (which resolves once its data is drawn), until none has
 * an update pending, and the fonts.
 */
async function settle(page) {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => window.requestAnimationFrame(() => resolve()));
    const elements = () =>
      [...document.querySelectorAll('*')].filter((element) => element.localName.startsWith('nn-') && 'updateComplete' in element);
    for (let round = 0; round < 10; round++) {
      await frame();
      await frame();
      const pending = await Promise.all(elements().map((element) => element.updateComplete.then(() => element.isUpdatePending)));
      if (!pending.some(Boolean)) break;
    }
    await document.fonts.ready;
  });
}

/**
 * Shoots the page at each of SHOTS, switching the page's scheme with
 * `setScheme` (evaluated in the page) and resizing between, and compares
 * each shot with its baseline `NAME--WIDTH-SCHEME`. Problems go to `problems`.
 */
async function shoot(page, name, setScheme, problems) {
  let width = SHOTS[0].width;
  let scheme = 'light';
  for (const shot of SHOTS) {
    if (shot.width !== width) await page.setViewportSize({ width: shot.width, height: VIEWPORT_HEIGHT });
    if (shot.scheme !== scheme) await page.evaluate(setScheme, shot.scheme);
    width = shot.width;
    scheme = shot.scheme;
    await settle(page);
    const png = await page.screenshot({
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      mask: MASK.map((selector) => page.locator(selector)),
      maskColor: '#ff00ff',
      // A full-page shot on the software GPU while another story computes
      // beside it took over 30 s (the default) for the 12 x 12 model view.
      timeout: STORY_TIMEOUT_MS,
    });
    shots++;
    const problem = checkBaseline(`${name}--${shot.width}-${shot.scheme}`, png);
    if (problem) problems.push(`visual ${shot.width} px, ${shot.scheme} page: ${problem}`);
  }
}

/**
 * Renders one story in its own browser context, with `backend` as a URL arg
 * when given, allowing it `timeout` ms, and shoots it when `shoot`. Resolves
 * to the problems found (none: it passed) and the backend the story reports
 * in `data-backend`.
 */
async function checkStory({ story, backend, shoot: shootStory }, timeout) {
  const problems = [];
  let used;
  const { context, page } = await watchedPage(problems);
  try {
    const args = backend ? `&args=backend:${backend}` : '';
    await page.goto(`${server.origin}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story${args}`);
    // Done when Storybook shows an error of its own, or the story has rendered
    // and has no loading marker left.
    await page.waitForFunction(
      () => {
        if (document.body.classList.contains('sb-show-errordisplay')) return true;
        const root = document.querySelector('#storybook-root');
        if (!root || root.childElementCount === 0) return false;
        return !root.querySelector('[data-story-state="loading"]');
      },
      null,
      { timeout },
    );
    const result = await page.evaluate(() => ({
      storybookError: document.body.classList.contains('sb-show-errordisplay')
        ? document.querySelector('#error-message')?.textContent?.trim() || 'Storybook error display'
        : undefined,
      state: document.querySelector('#storybook-root [data-story-state]')?.getAttribute('data-story-state') ?? undefined,
      error: document.querySelector('#storybook-root [data-story-error]')?.textContent?.trim() ?? '',
      backend: document.querySelector('#storybook-root [data-backend]')?.getAttribute('data-backend') ?? undefined,
      // Lit's development build gives element classes `enabledWarnings`.
      litDev:
        [...document.querySelectorAll('#storybook-root *')].find((element) => element.localName.startsWith('nn-'))?.constructor.enabledWarnings !==
        undefined,
      hasElement: [...document.querySelectorAll('#storybook-root *')].some((element) => element.localName.startsWith('nn-')),
    }));
    if (result.hasElement) litDev = result.litDev;
    used = result.backend;
    if (backend && result.backend !== backend) problems.push(`asked for the ${backend} backend, the story used ${result.backend}`);
    if (result.storybookError) problems.push(`Storybook could not render it: ${result.storybookError}`);
    const isErrorStory = /^error\b/i.test(story.name);
    if (isErrorStory) {
      const expected = EXPECTED_ERRORS[story.id];
      if (result.state !== 'error') problems.push(`an Error story ended in state "${result.state}", not "error"`);
      else if (!result.error) problems.push('an Error story shows no error message');
      else {
        for (const fragment of expected ?? []) {
          if (!result.error.includes(fragment)) problems.push(`expected the message to contain "${fragment}", it shows "${result.error}"`);
        }
      }
    } else if (result.state === 'error') {
      problems.push(`the story shows an error: ${result.error}`);
    }
    if (shootStory && !result.storybookError) {
      await shoot(page, story.id, (scheme) => window.nnStoryPage(scheme), problems).catch((error) => {
        problems.push(`could not shoot it: ${error.message.split('\n')[0]}`);
      });
    }
  } catch (error) {
    problems.push(`did not finish rendering within ${timeout / 1000} s: ${error.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { problems, backend: used };
}

/**
 * Opens one docs page: the console check as for stories (the stories shown
 * near the top of it compute and draw), and block markup inside a <p> of the
 * docs (a description whose Markdown puts a list, a code block or a table in
 * a paragraph: React's dev build logs it as a hydration error, and the
 * browser would not parse it so from HTML).
 */
async function checkDocs(entry) {
  const problems = [];
  const { context, page } = await watchedPage(problems);
  try {
    await page.goto(`${server.origin}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs`);
    await page.waitForSelector('#storybook-docs .sbdocs-content', { timeout: STORY_TIMEOUT_MS });
    // The stories within a viewport of the top start at once (the figures'
    // IntersectionObserver margin): wait for those to draw, so what they log
    // is seen. Each story is checked on its own above; here a slow one
    // (several compute at once on the software GPU) only ends the wait.
    await page
      .waitForFunction(
        () => {
          const near = [...document.querySelectorAll('#storybook-docs [data-story-state]')].filter(
            (figure) => figure.getBoundingClientRect().top < 2 * window.innerHeight,
          );
          return near.length > 0 && !near.some((figure) => figure.getAttribute('data-story-state') === 'loading');
        },
        null,
        { timeout: DOCS_WAIT_MS },
      )
      .catch(() => {});
    await settle(page);
    const nested = await page.evaluate(() =>
      [
        ...document.querySelectorAll(
          '#storybook-docs p :is(address, article, aside, blockquote, div, dl, figure, footer, form, h1, h2, h3, h4, h5, h6, header, hr, ol, p, pre, section, table, ul)',
        ),
      ].map((element) => `<${element.localName}> inside <p> in "${element.closest('p').textContent.trim().slice(0, 80)}"`),
    );
    // One line per paragraph and tag, not per nested block.
    nested.splice(0, nested.length, ...new Set(nested));
    // The usual cause: an inline `code` span that runs across a line break in
    // a description; Storybook renders such a span as a code block.
    problems.push(...nested.map((text) => `invalid markup (a React hydration error in dev; an inline code span broken across lines?): ${text}`));
  } catch (error) {
    problems.push(`the docs page did not render within ${STORY_TIMEOUT_MS / 1000} s: ${error.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return problems;
}

/**
 * Opens test/visual/article.html (served from the repository root, with
 * dist/nnscope.js), waits until each element has drawn or failed (scrolling
 * each into view, since elements start when near it), checks that none
 * failed, and shoots it.
 */
async function checkArticle() {
  const problems = [];
  const { context, page } = await watchedPage(problems);
  try {
    await page.addInitScript(() => {
      // Each element's last outcome: 'drawn' or its message.
      window.nnOutcomes = new Map();
      const note = (event) => window.nnOutcomes.set(event.composedPath()[0], event.type === 'nn-render' ? 'drawn' : event.detail.message);
      document.addEventListener('nn-render', note, true);
      document.addEventListener('nn-error', note, true);
    });
    await page.goto(`${repositoryServer.origin}/test/visual/article.html`);
    const figures = page.locator('article :is(nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer)');
    const count = await figures.count();
    if (count !== 4) problems.push(`the article has ${count} nnscope elements, not 4`);
    for (let i = 0; i < count; i++) {
      await figures.nth(i).scrollIntoViewIfNeeded();
      const figure = await figures.nth(i).elementHandle();
      await page.waitForFunction((element) => window.nnOutcomes.has(element), figure, { timeout: HEAVY_TIMEOUT_MS });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const outcomes = await page.evaluate(() => [...window.nnOutcomes].map(([element, outcome]) => `${element.localName}: ${outcome}`));
    problems.push(...outcomes.filter((line) => !line.endsWith(': drawn')));
    await shoot(page, 'article', (scheme) => (document.documentElement.dataset.theme = scheme), problems);
  } catch (error) {
    problems.push(`the article did not finish: ${error.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return problems;
}
