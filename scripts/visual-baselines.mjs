// The visual regression check: a screenshot compared with its committed
// baseline in test/visual/baselines/. Used by scripts/storybook-smoke.mjs,
// which shoots every story and the article page (test/visual/article.html)
// at 1200 and 400 px wide on a light and a dark page.
//
// A pixel differs when its colour moved more than PIXEL_THRESHOLD (Euclidean
// distance in RGB, 0-441); a shot fails when more than MAX_DIFF_FRACTION of
// its pixels differ or its size changed. On failure the new shot is written
// beside the baseline as NAME-changed.png with NAME-diff.png (differing
// pixels red over a faded baseline); both are git-ignored. With
// UPDATE_BASELINES=1 the shot replaces the baseline instead, and a missing
// baseline is written; without it a missing baseline is a failure.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng, encodePng } from './visual-png.mjs';

export const BASELINES = join(new URL('..', import.meta.url).pathname, 'test', 'visual', 'baselines');
export const UPDATE_BASELINES = process.env.UPDATE_BASELINES === '1' || process.argv.includes('--update-baselines');
/**
 * Per-pixel colour distance that counts as a change: well above the ±1-2
 * levels of rounding between GPU paths, well below any colour a reader would
 * call different (a 10% grey step is 44).
 */
export const PIXEL_THRESHOLD = 24;
/**
 * Share of pixels that may differ: 0.1% of a 1200 x 800 shot is 960 pixels,
 * about one word of anti-aliasing moving a sub-pixel; a changed bar, label
 * or tile is more.
 */
export const MAX_DIFF_FRACTION = 0.001;

/**
 * Counts the pixels of `actual` that differ from `expected` (both decoded
 * RGBA); pixels outside the overlap of two sizes all count. Returns the count,
 * the fraction of the larger area and a diff image the size of `actual`.
 */
export function compareImages(expected, actual, threshold = PIXEL_THRESHOLD) {
  const { width, height } = actual;
  const diff = new Uint8Array(width * height * 4);
  let differing = 0;
  const limit = threshold * threshold;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inside = x < expected.width && y < expected.height;
      const j = (y * expected.width + x) * 4;
      let changed = !inside;
      if (inside) {
        const dr = actual.data[i] - expected.data[j];
        const dg = actual.data[i + 1] - expected.data[j + 1];
        const db = actual.data[i + 2] - expected.data[j + 2];
        const da = actual.data[i + 3] - expected.data[j + 3];
        changed = dr * dr + dg * dg + db * db + da * da > limit;
      }
      if (changed) {
        differing++;
        diff.set([230, 0, 40, 255], i);
      } else {
        // The baseline, faded to a light grey so the red reads at once.
        const grey = 0.299 * actual.data[i] + 0.587 * actual.data[i + 1] + 0.114 * actual.data[i + 2];
        const faded = Math.round(255 - (255 - grey) * 0.25);
        diff.set([faded, faded, faded, 255], i);
      }
    }
  }
  // Whatever of the larger of the two boxes the new shot does not cover
  // (rows or columns only the baseline has) counts as differing too.
  const area = Math.max(width, expected.width) * Math.max(height, expected.height);
  differing += area - width * height;
  return { differing, fraction: differing / area, diff: { width, height, data: diff } };
}

/**
 * Baselines of pages that no longer exist (a story renamed or removed):
 * those whose name, less its `--WIDTH-SCHEME` suffix, is not in `pages`. In
 * update mode they are deleted; otherwise their names are returned so the
 * run can fail on them.
 */
export function staleBaselines(pages) {
  if (!existsSync(BASELINES)) return [];
  const known = new Set(pages);
  const stale = readdirSync(BASELINES)
    .filter((file) => file.endsWith('.png') && !/-(changed|diff)\.png$/.test(file))
    .map((file) => file.slice(0, -'.png'.length))
    .filter((name) => !known.has(name.replace(/--\d+-(light|dark)$/, '')));
  if (UPDATE_BASELINES) for (const name of stale) rmSync(join(BASELINES, `${name}.png`));
  return UPDATE_BASELINES ? [] : stale;
}

/**
 * Checks one screenshot (PNG bytes) against `test/visual/baselines/NAME.png`.
 * Resolves to undefined when it matches (or was written in update mode), else
 * to a one-line problem naming the files to look at.
 */
export function checkBaseline(name, png) {
  const file = join(BASELINES, `${name}.png`);
  const changed = join(BASELINES, `${name}-changed.png`);
  const diffFile = join(BASELINES, `${name}-diff.png`);
  rmSync(changed, { force: true });
  rmSync(diffFile, { force: true });
  if (UPDATE_BASELINES) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, png);
    return undefined;
  }
  if (!existsSync(file)) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(changed, png);
    return `no baseline ${relative(file)}; the shot is ${relative(changed)} (UPDATE_BASELINES=1 writes baselines)`;
  }
  const expected = decodePng(readFileSync(file));
  const actual = decodePng(png);
  const { differing, fraction, diff } = compareImages(expected, actual);
  const resized = expected.width !== actual.width || expected.height !== actual.height;
  if (!resized && fraction <= MAX_DIFF_FRACTION) return undefined;
  writeFileSync(changed, png);
  writeFileSync(diffFile, encodePng(diff));
  const size = resized ? `, size ${expected.width}x${expected.height} -> ${actual.width}x${actual.height}` : '';
  return `${(fraction * 100).toFixed(2)}% of pixels differ (${differing}${size}; allowed ${MAX_DIFF_FRACTION * 100}%): see ${relative(changed)} and ${relative(diffFile)}`;
}

function relative(file) {
  return file.slice(join(BASELINES, '..', '..', '..').length + 1);
}
