import { expect } from 'chai';
import { TestMatrixElement } from '../helpers/test-matrix-element.js';
import { luminance, pageThemeWatchers, parseColour, resolvePageTheme, schemeOf } from '../../src/elements/base/page-theme.js';
import { useLeakCheck } from '../helpers/leaks.js';

/**
 * Issue 12 item 4: `theme="auto"` follows the page around the element (its
 * color-scheme, else its background), not the reader's OS, so a light
 * article read in OS dark mode keeps light figures, and a dark page gets the
 * designed dark tokens.
 */

const prefersDark = { matches: true };
const prefersLight = { matches: false };
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** A box on the page with `style`, holding a child element the resolver starts from. */
function page(style: string): { box: HTMLDivElement; child: HTMLSpanElement } {
  const box = document.createElement('div');
  box.setAttribute('style', style);
  const child = document.createElement('span');
  box.append(child);
  document.body.append(box);
  return { box, child };
}

describe('resolvePageTheme(host, prefersDark)', () => {
  afterEach(() => {
    document.querySelectorAll('body > div').forEach((el) => el.remove());
    document.documentElement.removeAttribute('style');
    document.body.removeAttribute('style');
  });

  it('schemeOf reads a color-scheme that names one scheme, and nothing from "normal" or "light dark"', () => {
    expect(schemeOf('dark')).to.equal('dark');
    expect(schemeOf('only light')).to.equal('light');
    expect(schemeOf('light dark')).to.equal(undefined);
    expect(schemeOf('normal')).to.equal(undefined);
  });

  it('parseColour reads rgb(), rgba() and the syntaxes computed styles may use (oklch, color-mix)', () => {
    expect(parseColour('rgb(13, 17, 23)')).to.deep.equal([13, 17, 23, 255]);
    expect(parseColour('rgba(0, 0, 0, 0)')).to.deep.equal([0, 0, 0, 0]);
    expect(parseColour('oklch(1 0 0)')).to.deep.equal([255, 255, 255, 255]);
    expect(parseColour('color-mix(in srgb, black 50%, white)')?.[3]).to.equal(255);
    expect(luminance([255, 255, 255])).to.be.closeTo(1, 1e-9);
    expect(luminance([13, 17, 23])).to.be.below(0.02);
  });

  it("a parent whose color-scheme is only dark is dark, whatever its background and the reader's preference", () => {
    const { child } = page('color-scheme: dark; background: white');
    expect(resolvePageTheme(child, prefersLight).scheme).to.equal('dark');
  });

  it('a dark background behind the element is dark; its colours are the page colours', () => {
    const { child } = page('background: #111; color: rgb(230, 230, 230)');
    const theme = resolvePageTheme(child, prefersLight);
    expect(theme.scheme).to.equal('dark');
    expect(theme.background).to.equal('rgb(17, 17, 17)');
    expect(theme.text).to.equal('rgb(230, 230, 230)');
  });

  it('a light page read in OS dark mode stays light (the article case of the issue)', () => {
    document.body.style.background = '#fffff8';
    const { child } = page('');
    expect(resolvePageTheme(child, prefersDark).scheme).to.equal('light');
  });

  it("a page that paints nothing is the browser's canvas: white unless the page allows dark and the reader prefers it", () => {
    const { child } = page('');
    expect(resolvePageTheme(child, prefersDark).scheme, 'color-scheme normal, OS dark').to.equal('light');
    document.documentElement.style.colorScheme = 'light dark';
    expect(resolvePageTheme(child, prefersDark).scheme, 'light dark, OS dark').to.equal('dark');
    expect(resolvePageTheme(child, prefersLight).scheme, 'light dark, OS light').to.equal('light');
  });

  it('walks up past transparent and faint layers, and out of a shadow root, to the first opaque background', () => {
    const { child } = page('background: rgb(20, 20, 30)');
    const host = document.createElement('div');
    host.style.background = 'rgb(255 255 255 / 10%)';
    child.append(host);
    const inner = document.createElement('i');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolvePageTheme(inner, prefersLight)).to.include({ scheme: 'dark', background: 'rgb(20, 20, 30)' });
  });
});

describe('theme="auto" on the page', function () {
  this.timeout(60_000);
  // Defined by its module; referenced so the bundler keeps the import.
  expect(customElements.get('nn-test-matrix')).to.equal(TestMatrixElement);
  useLeakCheck('nn-test-matrix, body > div, style.page-theme', () => {
    document.documentElement.className = '';
  });

  function mountIn(parent: Element, attributes: Record<string, string> = {}): TestMatrixElement {
    const el = document.createElement('nn-test-matrix');
    el.setAttribute('style', 'width: 200px; height: 150px');
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    Object.assign(el, {
      eager: true,
      values: [
        [1, 2],
        [3, 4],
      ],
    });
    parent.append(el);
    return el;
  }

  const token = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).trim();

  it('on a dark page gives the dark tokens, no box of its own, the page text colour, and the page background for fills', async () => {
    const { box } = page('background: rgb(17, 17, 17); color: rgb(221, 221, 221)');
    const el = mountIn(box);
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('dark');
    expect(el.getAttribute('resolved-theme')).to.equal('dark');
    expect(token(el, '--_accent')).to.equal('#4493f8');
    expect(token(el, '--_missing')).to.equal('#2a2f37');
    expect(getComputedStyle(el).backgroundColor, 'transparent on screen').to.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(el).color, "the page's text").to.equal('rgb(221, 221, 221)');
    expect(token(el, '--_background'), 'fills and exports use the page background').to.equal('rgb(17, 17, 17)');
    expect(getComputedStyle(el).paddingLeft, 'sits on the page: no padding').to.equal('0px');
  });

  it('on a light page stays light even when the dark media query would match (the OS is not asked first)', async () => {
    const { box } = page('background: rgb(255, 255, 248); color: rgb(17, 17, 17)');
    const el = mountIn(box);
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('light');
    expect(token(el, '--_accent')).to.equal('#0969da');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(token(el, '--_background')).to.equal('rgb(255, 255, 248)');
  });

  it('an explicit theme keeps its own palette and box, with inner padding, on any page', async () => {
    const { box } = page('background: rgb(255, 255, 255)');
    const el = mountIn(box, { theme: 'dark' });
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('dark');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
    expect(getComputedStyle(el).color).to.equal('rgb(230, 237, 243)');
    expect(getComputedStyle(el).paddingLeft).to.equal('8px');
    el.theme = 'auto';
    await el.updateComplete;
    expect(el.resolvedTheme, 'back to the page').to.equal('light');
  });

  it("switching the page's own dark mode (a class on <html>) re-reads the page and redraws", async () => {
    const style = document.createElement('style');
    style.className = 'page-theme';
    style.textContent = 'html.night body > div.article { background: rgb(10, 10, 10); color: rgb(240, 240, 240); }';
    document.head.append(style);
    const { box } = page('background: rgb(250, 250, 250)');
    box.className = 'article';
    box.style.removeProperty('background');
    const el = mountIn(box);
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('light');
    const draws = el.drawCount;
    document.documentElement.classList.add('night');
    await frame();
    await frame();
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('dark');
    expect(el.drawCount, 'redrawn in the new colours').to.be.greaterThan(draws);
    document.documentElement.classList.remove('night');
    await frame();
    await frame();
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('light');
  });

  it("a dark mode named by any attribute (data-bs-theme on <html>) is seen, and the page's text colour follows it", async () => {
    const style = document.createElement('style');
    style.className = 'page-theme';
    style.textContent = 'html[data-bs-theme="dark"] body > div.article { background: rgb(10, 10, 10); color: rgb(240, 240, 240); }';
    document.head.append(style);
    const { box } = page('background: rgb(250, 250, 250); color: rgb(20, 20, 20)');
    box.className = 'article';
    box.style.removeProperty('background');
    box.style.removeProperty('color');
    const el = mountIn(box);
    await el.updateComplete;
    expect(el.resolvedTheme).to.equal('light');
    document.documentElement.setAttribute('data-bs-theme', 'dark');
    try {
      await frame();
      await frame();
      await el.updateComplete;
      expect(el.resolvedTheme).to.equal('dark');
      expect(getComputedStyle(el).color, 'the page text colour, read again').to.equal('rgb(240, 240, 240)');
    } finally {
      document.documentElement.removeAttribute('data-bs-theme');
    }
  });

  it('one watcher per document serves every element, and stops when the last leaves', async () => {
    const { box } = page('');
    const els = [mountIn(box), mountIn(box), mountIn(box)];
    await Promise.all(els.map((el) => el.updateComplete));
    expect(pageThemeWatchers(document)).to.equal(3);
    els.forEach((el) => el.remove());
    expect(pageThemeWatchers(document)).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
