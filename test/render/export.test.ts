import { expect } from 'chai';
import { canvasToBlob, compositeView } from '../../src/render/export.js';
import { pngPixels } from '../helpers/png.js';

type RGB = [number, number, number];

const BACKGROUND: RGB = [250, 250, 250];
const css = ([r, g, b]: RGB) => `rgb(${r}, ${g}, ${b})`;

/** The composite of `root` at `ratio`, through PNG encoding and decoding, as pixels. */
async function exported(root: Element, ratio: number): Promise<ImageData> {
  return pngPixels(await canvasToBlob(await compositeView(root, css(BACKGROUND), ratio)));
}

/** RGB of the exported pixel under the CSS point (x, y) of the page. */
function pixelAt(image: ImageData, frame: DOMRect, ratio: number, x: number, y: number): RGB {
  const px = Math.floor((x - frame.left) * ratio);
  const py = Math.floor((y - frame.top) * ratio);
  const i = (py * image.width + px) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

const near = (a: RGB, b: RGB, tolerance = 2) => a.every((v, k) => Math.abs(v - b[k]) <= tolerance);

/** Exported pixels (device coordinates) inside the CSS box `box`, shrunk by `inset`. */
function pixelsIn(image: ImageData, frame: DOMRect, ratio: number, box: DOMRect, inset = 0): RGB[] {
  const out: RGB[] = [];
  const x0 = Math.ceil((box.left + inset - frame.left) * ratio);
  const x1 = Math.floor((box.right - inset - frame.left) * ratio);
  const y0 = Math.ceil((box.top + inset - frame.top) * ratio);
  const y1 = Math.floor((box.bottom - inset - frame.top) * ratio);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      out.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
  }
  return out;
}

function mountRoot(style: string): HTMLDivElement {
  const root = document.createElement('div');
  root.setAttribute('style', `position: absolute; left: 7px; top: 11px; background: ${css(BACKGROUND)}; font: 700 18px sans-serif; ${style}`);
  document.body.append(root);
  return root;
}

function span(text: string, background: RGB, color: RGB, style = ''): HTMLSpanElement {
  const element = document.createElement('span');
  element.textContent = text; // as the elements bind tokens: text, never markup
  element.setAttribute('style', `background: ${css(background)}; color: ${css(color)}; padding: 6px 10px; ${style}`);
  return element;
}

describe('compositeView with data-export-text', () => {
  let root: HTMLDivElement | undefined;
  afterEach(() => root?.remove());

  it('draws each inline box in its background colour where the page shows it, wrapped fragments included, and nothing elsewhere', async () => {
    root = mountRoot('width: 260px; line-height: 2.4;');
    const text = document.createElement('p');
    text.setAttribute('data-export-text', '');
    text.style.margin = '4px 0';
    const untrusted = '<img src=x onerror=alert(1)>';
    const spans = [
      span('alpha', [200, 30, 40], [255, 255, 255]),
      span('beta', [20, 160, 60], [0, 0, 0]),
      span(untrusted, [40, 80, 220], [255, 255, 0]),
      span('a long token that wraps onto the next line', [120, 40, 160], [255, 255, 255]),
    ];
    for (const s of spans) text.append(s, ' ');
    root.append(text);
    const colours: [RGB, RGB][] = [
      [
        [200, 30, 40],
        [255, 255, 255],
      ],
      [
        [20, 160, 60],
        [0, 0, 0],
      ],
      [
        [40, 80, 220],
        [255, 255, 0],
      ],
      [
        [120, 40, 160],
        [255, 255, 255],
      ],
    ];
    const ratio = 2;
    const image = await exported(root, ratio);
    const frame = root.getBoundingClientRect();
    expect([image.width, image.height]).to.deep.equal([Math.round(frame.width * ratio), Math.round(frame.height * ratio)]);
    expect(spans[3].getClientRects().length, 'the long token wraps on the page').to.be.at.least(2);

    const fragments: DOMRect[] = [];
    spans.forEach((s, i) => {
      const [background, color] = colours[i];
      const boxes = [...s.getClientRects()];
      fragments.push(...boxes);
      for (const box of boxes) {
        // The top padding: inside the box, above every glyph.
        const at = pixelAt(image, frame, ratio, box.left + box.width / 2, box.top + 3);
        expect(near(at, background), `span ${i} fragment at ${box.left},${box.top}: ${at} vs ${background}`).to.equal(true);
      }
      // The text is drawn in the span's colour, inside its boxes.
      const inked = boxes.flatMap((box) => pixelsIn(image, frame, ratio, box)).filter((p) => near(p, color, 8)).length;
      expect(inked, `span ${i}: pixels in its text colour`).to.be.greaterThan(20);
    });
    // Everything outside the boxes (1 px margin for their anti-aliased edges) is the background.
    const outside = (x: number, y: number) => fragments.every((b) => x < b.left - 1 || x > b.right + 1 || y < b.top - 1 || y > b.bottom + 1);
    let checked = 0;
    // (The last row and column are the frame's fractional edge, partly covered.)
    for (let y = frame.top + 0.5; y < frame.bottom - 1; y += 2) {
      for (let x = frame.left + 0.5; x < frame.right - 1; x += 2) {
        if (!outside(x, y)) continue;
        checked++;
        const at = pixelAt(image, frame, ratio, x, y);
        if (!near(at, BACKGROUND, 0)) expect.fail(`pixel at ${x - frame.left},${y - frame.top} is ${at}, not the background`);
      }
    }
    expect(checked).to.be.greaterThan(1000);
    // Markup in the text stayed text: on the page and in no element anywhere.
    expect(spans[2].textContent).to.equal(untrusted);
    expect(document.getElementsByTagName('img').length).to.equal(0);
    expect(root.querySelector('img')).to.equal(null);
  });

  it('leaves unmarked HTML out: the same spans without the mark export as the background alone', async () => {
    root = mountRoot('width: 200px;');
    const text = document.createElement('p');
    text.append(span('alpha', [200, 30, 40], [255, 255, 255]));
    root.append(text);
    const image = await exported(root, 1);
    const frame = root.getBoundingClientRect();
    expect(pixelsIn(image, frame, 1, frame).every((p) => near(p, BACKGROUND, 0))).to.equal(true);
  });

  it('clips text to the overflow of elements inside the mark and of its ancestors up to the view', async () => {
    root = mountRoot('width: 300px;');
    const scroller = document.createElement('div');
    scroller.setAttribute('style', 'width: 120px; overflow: hidden; white-space: nowrap; padding: 4px 0');
    const text = document.createElement('div');
    text.setAttribute('data-export-text', '');
    const inner = document.createElement('div');
    // Vertical padding, so the span's own padding (outside its line box) is inside the clip too.
    inner.setAttribute('style', 'width: 60px; overflow: hidden; padding: 8px 0');
    const clippedInside = span('clipped inside the mark', [200, 30, 40], [255, 255, 255]);
    const clippedAbove = span('clipped by an ancestor of the mark', [20, 160, 60], [0, 0, 0]);
    inner.append(clippedInside);
    text.append(inner, clippedAbove);
    scroller.append(text);
    root.append(scroller);
    const image = await exported(root, 1);
    const frame = root.getBoundingClientRect();
    const innerBox = inner.getBoundingClientRect();
    const scrollerBox = scroller.getBoundingClientRect();
    const a = clippedInside.getBoundingClientRect();
    const b = clippedAbove.getBoundingClientRect();
    expect(a.right, 'the span reaches past its clip on the page').to.be.greaterThan(innerBox.right + 20);
    expect(b.right).to.be.greaterThan(scrollerBox.right + 20);
    expect(pixelAt(image, frame, 1, innerBox.right - 5, a.top + 3)).to.deep.equal([200, 30, 40]);
    expect(pixelAt(image, frame, 1, innerBox.right + 5, a.top + 3)).to.deep.equal(BACKGROUND);
    expect(pixelAt(image, frame, 1, scrollerBox.right - 5, b.top + 3)).to.deep.equal([20, 160, 60]);
    expect(pixelAt(image, frame, 1, scrollerBox.right + 5, b.top + 3)).to.deep.equal(BACKGROUND);
  });

  it('draws a translucent background once when marks nest, and underlines in their colour across the run', async () => {
    root = mountRoot('width: 300px;');
    const outer = document.createElement('div');
    outer.setAttribute('data-export-text', '');
    const inner = document.createElement('p');
    inner.setAttribute('data-export-text', '');
    const translucent = document.createElement('span');
    translucent.textContent = 'half';
    translucent.setAttribute('style', 'background: rgba(255, 0, 0, 0.5); padding: 6px 10px');
    const underlined = span(
      'underlined',
      [255, 255, 255],
      [0, 0, 0],
      'text-decoration: underline solid rgb(0, 0, 255) 3px; text-underline-offset: 3px',
    );
    inner.append(translucent, ' ', underlined);
    outer.append(inner);
    root.append(outer);
    const image = await exported(root, 1);
    const frame = root.getBoundingClientRect();
    const box = translucent.getBoundingClientRect();
    // rgba(255, 0, 0, 0.5) once over (250, 250, 250): (253, 125, 125); twice would be (254, 62, 62).
    expect(near(pixelAt(image, frame, 1, box.left + box.width / 2, box.top + 3), [253, 125, 125], 2)).to.equal(true);
    const text = underlined.getBoundingClientRect();
    const rows = new Map<number, number>();
    const x0 = Math.ceil(text.left - frame.left);
    for (let y = Math.floor(text.top - frame.top); y < Math.ceil(text.bottom - frame.top) + 8; y++) {
      for (let x = x0; x < Math.floor(text.right - frame.left); x++) {
        const i = (y * image.width + x) * 4;
        if (near([image.data[i], image.data[i + 1], image.data[i + 2]], [0, 0, 255], 4)) rows.set(y, (rows.get(y) ?? 0) + 1);
      }
    }
    const longest = Math.max(0, ...rows.values());
    // The run is the text without the side padding: the line spans most of the box.
    expect(longest, 'blue pixels in the fullest row').to.be.greaterThan((text.width - 20) * 0.9);
    const row = [...rows.entries()].find(([, n]) => n === longest)![0];
    expect(row + frame.top, 'the underline is in the lower half of the box').to.be.greaterThan(text.top + text.height / 2);
  });
});
