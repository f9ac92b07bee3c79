// Opens every story of the built Storybook (storybook-static/, from
// `npm run build-storybook`) in headless Chromium and fails on anything a
// reader would see go wrong: a page error, a console error, a failed or 4xx/5xx
// request, a story that never renders, or an "Error" story that does not show
// the library's message.
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

const root = join(new URL('..', import.meta.url).pathname, 'storybook-static');
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

if (!existsSync(join(root, 'index.json'))) {
  console.error('storybook smoke: storybook-static/index.json is missing; run `npm run build-storybook` first.');
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
const checks = [
  ...stories.map((story) => ({ story })),
  ...BACKEND_CHECKS.flatMap(({ id, backend }) => {
    const story = stories.find((entry) => entry.id === id);
    return story ? [{ story, backend }] : [];
  }),
];
if (stories.length === 0) {
  console.error('storybook smoke: index.json lists no stories.');
  process.exit(1);
}

const server = await serveStatic(root);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const started = performance.now();
let passed = 0;
let failed = 0;
try {
  const isHeavy = (check) => HEAVY_STORIES.includes(check.story.id);
  let queue = checks.filter((check) => !isHeavy(check));
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const t0 = performance.now();
      const { problems, backend } = await checkStory(check, isHeavy(check) ? HEAVY_TIMEOUT_MS : STORY_TIMEOUT_MS);
      const name = `${check.story.id}${check.backend ? ` (args backend:${check.backend})` : ''}`;
      const facts = `${Math.round(performance.now() - t0)} ms${backend ? `, ${backend}` : ''}`;
      if (problems.length === 0) {
        passed++;
        console.log(`ok    ${name} (${facts})`);
      } else {
        failed++;
        console.log(`FAIL  ${name} (${facts})\n      ${problems.join('\n      ')}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  queue = checks.filter(isHeavy);
  await worker();
} finally {
  await browser.close();
  await server.close();
}
console.log(`storybook smoke: ${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);

/**
 * Renders one story in its own browser context, with `backend` as a URL arg
 * when given, allowing it `timeout` ms. Resolves to the problems found (none:
 * it passed) and the backend the story reports in `data-backend`.
 */
async function checkStory({ story, backend }, timeout) {
  const problems = [];
  let used;
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    // Chromium asks a top-level page for /favicon.ico; Storybook's iframe.html
    // is never top-level for a reader and has none.
    if (url?.endsWith('/favicon.ico')) return;
    problems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
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
    }));
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
  } catch (error) {
    problems.push(`did not finish rendering within ${timeout / 1000} s: ${error.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { problems, backend: used };
}
