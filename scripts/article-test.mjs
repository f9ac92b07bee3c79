// Checks the article (examples/article/) the way a reader meets it: served
// from the repository root, opened in headless Chromium at 1200 x 900, and
// scrolled through from top to bottom. It needs the bundle (`npm run build`).
//
// - every figure draws: it fires nn-render, has no error, shows no
//   part="error", and has a canvas in its shadow root with more than two
//   colours in it, or (a text view) tokens of more than two fills: a figure
//   drawn blank or only its background fails;
// - a scripted hover on a word of the sentence focuses that word in the
//   other figures through the link groups and the page's bridge: the
//   attention figures' focused query is its WordPiece, the text saliency
//   figure's cursor is the word, the tracer's cursor is the word's last
//   character, and the same word is marked in the prose elsewhere;
// - a head picked in the model view (Figure 2) is shown by Figure 1, and a
//   pixel hovered in the digit's saliency (Figure 4) moves the Building
//   Blocks view (Figure 6) to the conv2 position over it;
// - the scrollytelling: bringing a step to the middle of the screen sets the
//   sticky figure's layer, head and rollout from the step;
// - no layout shift: the layout-shift entries' total (CLS) stays below
//   CLS_LIMIT, since every figure's space is reserved by the page's CSS;
// - nothing is logged: no console message of type error or warning, no
//   uncaught exception, no failed request.
//
//   node scripts/article-test.mjs                write nothing; exit 1 on a failure
//   node scripts/article-test.mjs --screenshots  also write examples/article/screenshots/
//                                                (1200 and 400 px wide, light and dark)
/* global PerformanceObserver, getComputedStyle, innerHeight, innerWidth -- in functions that run in the page */
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

/** Largest total layout shift allowed. 0.1 is the web's "good"; reserved space should give ~0. */
const CLS_LIMIT = 0.01;
/** How long one figure may take to draw once in view, on a slow software-GPU machine. */
const DRAW_TIMEOUT = 60_000;

const root = new URL('..', import.meta.url).pathname;
const sentence = JSON.parse(readFileSync(join(root, 'examples/article/data/sentence.json'), 'utf8'));
const screenshots = process.argv.includes('--screenshots');

/**
 * Runs in the page before its scripts: records every nn-render (which
 * figure, when) and sums the layout shifts, as web-vitals does (shifts
 * right after input do not count).
 */
function probe() {
  window.__article = { renders: [], cls: 0, shifts: [] };
  document.addEventListener('nn-render', (event) => {
    const el = event.composedPath()[0];
    window.__article.renders.push({ id: el.id || el.className, t: performance.now() });
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__article.cls += entry.value;
      window.__article.shifts.push({
        value: entry.value,
        at: Math.round(entry.startTime),
        sources: (entry.sources ?? []).map((s) => ({
          node: s.node?.id || s.node?.className || s.node?.nodeName || s.node?.parentElement?.className || '?',
          from: [s.previousRect.y, s.previousRect.height],
          to: [s.currentRect.y, s.currentRect.height],
        })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** What each figure shows, read from the page. */
function figureStates() {
  return Array.from(document.querySelectorAll('nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer'), (el) => {
    let colours = 0;
    for (const canvas of el.shadowRoot?.querySelectorAll('canvas') ?? []) {
      if (!canvas.width || !canvas.height) continue;
      const context = canvas.getContext('2d');
      if (!context) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set();
      // Every 7th pixel is plenty to tell a drawn figure from a cleared one.
      for (let i = 0; i < data.length && seen.size < 16; i += 28) seen.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
      colours = Math.max(colours, seen.size);
    }
    // A text view is drawn in HTML: its tokens' fills count as its colours.
    const fills = new Set(Array.from(el.shadowRoot?.querySelectorAll('[part="token"]') ?? [], (token) => getComputedStyle(token).backgroundColor));
    colours = Math.max(colours, fills.size);
    const errorPart = el.shadowRoot?.querySelector('[part="error"]');
    return {
      id: el.id || el.className,
      error: el.error?.message ?? (errorPart && errorPart.getClientRects().length ? errorPart.textContent : null),
      colours,
    };
  });
}

const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
};

const server = await serveStatic(root);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const started = Date.now();
try {
  const tab = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' });
  const logged = [];
  tab.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') logged.push(`${message.type()}: ${message.text()}`);
  });
  tab.on('pageerror', (error) => logged.push(`uncaught: ${error.message}`));
  tab.on('requestfailed', (request) => logged.push(`request failed: ${request.url()}`));
  await tab.addInitScript(probe);
  await tab.goto(`${server.origin}/examples/article/`);

  // Scroll through a screen at a time; each figure must draw before the reader passes it.
  const ids = await tab.evaluate(() =>
    Array.from(
      document.querySelectorAll('nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer'),
      (el) => el.id || el.className,
    ),
  );
  const height = await tab.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 700) {
    await tab.evaluate((top) => window.scrollTo(0, top), y);
    const inView = await tab.evaluate(() =>
      Array.from(document.querySelectorAll('nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer'))
        .filter((el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0)
        .map((el) => el.id || el.className),
    );
    await tab
      .waitForFunction((want) => want.every((id) => window.__article.renders.some((r) => r.id === id)), inView, { timeout: DRAW_TIMEOUT })
      .catch(() => {});
  }
  const renders = await tab.evaluate(() => window.__article.renders);
  for (const id of ids)
    check(
      renders.some((r) => r.id === id),
      `figure ${id} fired nn-render while scrolled through`,
    );
  for (const figure of await tab.evaluate(figureStates)) {
    check(figure.error === null, `figure ${figure.id} shows no error${figure.error ? ` (${figure.error})` : ''}`);
    check(figure.colours > 2, `figure ${figure.id} drew a non-blank canvas (${figure.colours} colours sampled)`);
  }

  // Scrollytelling: the step in the middle of the screen sets the sticky figure.
  const stepShows = async (index, want) => {
    await tab.evaluate((i) => {
      const step = document.querySelectorAll('.step')[i];
      const box = step.getBoundingClientRect();
      window.scrollBy(0, box.top + box.height / 2 - innerHeight * 0.625);
    }, index);
    return tab
      .waitForFunction(
        (expected) => {
          const el = document.getElementById('attention');
          return String(el.layer) === expected.layer && String(el.head) === expected.head && el.rollout === expected.rollout;
        },
        want,
        { timeout: 5_000 },
      )
      .then(
        () => true,
        () => false,
      );
  };
  check(await stepShows(1, { layer: '1', head: '8', rollout: false }), 'scroll step 2 sets Figure 1 to layer 1, head 8');
  check(await stepShows(3, { layer: '5', head: 'mean', rollout: true }), 'scroll step 4 sets Figure 1 to rollout through layer 5');
  check(await stepShows(0, { layer: '0', head: '2', rollout: false }), 'scroll step 1 (scrolling back) sets Figure 1 to layer 0, head 2');

  // A head clicked in the model view is shown by Figure 1 (the `pieces` group's layer/head).
  const modelView = tab.locator('nn-attention-heatmap.fig-model');
  await modelView.scrollIntoViewIfNeeded();
  // The model view is one tab stop; in it the arrow keys pick the layer (up/down) and head (left/right) (README).
  await modelView.focus();
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight']) await tab.keyboard.press(key);
  await tab.waitForTimeout(200);
  const heads = await tab.evaluate(() => {
    const pick = (el) => ({ layer: el.layer, head: el.head, rollout: el.rollout });
    return { picked: pick(document.querySelector('nn-attention-heatmap.fig-model')), shown: pick(document.getElementById('attention')) };
  });
  check(
    heads.picked.layer === 2 && heads.picked.head === 1 && heads.shown.layer === 2 && heads.shown.head === 1 && !heads.shown.rollout,
    `layer 2, head 1 picked in Figure 2 by keys (${JSON.stringify(heads.picked)}) is shown by Figure 1 (${JSON.stringify(heads.shown)})`,
  );

  // A scripted hover on a word of the sentence: every figure that reads words follows.
  const word = sentence.words.indexOf('dull');
  const piece = sentence.wordOfToken.indexOf(word);
  const lastChar = sentence.text.indexOf('dull') + 'dull'.length - 1;
  const linked = () =>
    tab.evaluate(
      (w) => ({
        attention: document.getElementById('attention').focusQuery,
        model: document.querySelector('nn-attention-heatmap.fig-model').focusQuery,
        saliency: document.getElementById('review-saliency').cursor?.token,
        tracer: document.getElementById('tracer').cursor?.t,
        prose: Array.from(document.querySelectorAll(`article p:not(#sentence) [data-word="${w}"]`), (span) => span.classList.contains('focused')),
      }),
      word,
    );
  const before = await linked();
  await tab.locator(`#sentence [data-word="${word}"]`).hover();
  await tab.waitForTimeout(200);
  const after = await linked();
  check(
    before.attention !== piece && after.attention === piece,
    `hovering "dull" focuses query ${piece} in Figure 1 (was ${before.attention}, now ${after.attention})`,
  );
  check(after.model === piece, `hovering "dull" focuses query ${piece} in Figure 2 (${after.model})`);
  check(
    before.saliency !== word && after.saliency === word,
    `hovering "dull" puts Figure 3's cursor on word ${word} (was ${before.saliency}, now ${after.saliency})`,
  );
  check(
    before.tracer !== lastChar && after.tracer === lastChar,
    `hovering "dull" puts the tracer's cursor on character ${lastChar} (was ${before.tracer}, now ${after.tracer})`,
  );
  check(after.prose.length > 0 && after.prose.every(Boolean), `hovering "dull" marks it in the prose (${after.prose.length} mentions)`);
  await tab.mouse.move(2, 2);
  await tab.waitForTimeout(200);
  const cleared = await linked();
  check(cleared.attention === undefined && cleared.saliency === undefined, 'leaving the word clears the focus in the figures');

  // A hover on the digit (Figure 4) moves the Building Blocks view (Figure 6) to the conv2 position over that pixel.
  const digit = tab.locator('#digit-saliency');
  await digit.scrollIntoViewIfNeeded();
  const canvasBox = await tab.evaluate(() => {
    const box = document.getElementById('digit-saliency').shadowRoot.querySelector('canvas').getBoundingClientRect();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  });
  await tab.mouse.move(canvasBox.x + canvasBox.width * 0.6, canvasBox.y + canvasBox.height * 0.7);
  await tab.waitForTimeout(200);
  const spatial = await tab.evaluate(() => ({
    pixel: document.getElementById('digit-saliency').hovered?.target,
    // The spatial view's pinned position: internal state, read here because nothing public exposes it.
    cell: document.getElementById('blocks').cell,
  }));
  // conv2 of models/mnist-cnn: receptive fields centred at 3.5 + 2 i (conv 3, pool 2, conv 3), 11 positions.
  const toCell = (value) => Math.max(0, Math.min(10, Math.round((value - 3.5) / 2)));
  check(
    spatial.pixel?.kind === 'pixel' && spatial.cell?.x === toCell(spatial.pixel.x) && spatial.cell?.y === toCell(spatial.pixel.y),
    `hovering pixel ${JSON.stringify(spatial.pixel && { x: spatial.pixel.x, y: spatial.pixel.y })} of Figure 4 pins conv2 position ${JSON.stringify(spatial.cell)} in Figure 6`,
  );

  const { cls, shifts } = await tab.evaluate(() => window.__article);
  check(
    cls < CLS_LIMIT,
    `cumulative layout shift ${cls.toFixed(4)} < ${CLS_LIMIT}${shifts.length ? ` (${JSON.stringify(shifts.slice(0, 5))})` : ''}`,
  );
  check(logged.length === 0, `nothing logged to the console${logged.length ? `:\n  ${logged.join('\n  ')}` : ''}`);

  if (screenshots) await takeScreenshots();
} finally {
  await browser.close();
  await server.close();
}
console.log(`${failures.length ? `${failures.length} failed` : 'all passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failures.length ? 1 : 0);

/** Viewport shots of the article's opening and each figure, at 1200 and 400 px, light and dark. */
async function takeScreenshots() {
  const out = join(root, 'examples/article/screenshots');
  mkdirSync(out, { recursive: true });
  for (const [width, height] of [
    [1200, 900],
    [400, 860],
  ]) {
    for (const scheme of ['light', 'dark']) {
      const tab = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      await tab.addInitScript(probe);
      await tab.goto(`${server.origin}/examples/article/`);
      const targets = ['.title', '.scrolly .step:nth-child(1)', '.fig-model', '#review-saliency', '#digit-saliency', '#blocks', '#tracer'];
      for (const [index, selector] of targets.entries()) {
        await tab.evaluate((s) => {
          const box = document.querySelector(s).getBoundingClientRect();
          // A step is shown where it is active: beside the sticky figure when wide, below it when narrow.
          const stepAt = innerWidth < 1000 ? 0.58 : 0.3;
          window.scrollBy(0, box.top - (s.startsWith('.scrolly') ? innerHeight * stepAt : 60));
        }, selector);
        const figure = await tab.evaluate((s) => {
          const el = document.querySelector(s);
          return el.matches('nn-attention-heatmap, nn-saliency-overlay, nn-feature-grid, nn-hidden-state-tracer') ? el.id || el.className : null;
        }, selector);
        if (figure)
          await tab
            .waitForFunction((id) => window.__article?.renders.some((r) => r.id === id) ?? true, figure, { timeout: DRAW_TIMEOUT })
            .catch(() => {});
        await tab.waitForTimeout(1_500);
        await tab.screenshot({ path: join(out, `${width}-${scheme}-${index}.png`) });
      }
      await tab.close();
    }
  }
}
