import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { sendKeys } from '@web/test-runner-commands';
import { tf } from '../../../src/tf.js';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';
import '../../../src/elements/saliency-overlay/define.js';
import type { SaliencyOverlay } from '../../../src/elements/saliency-overlay/saliency-overlay.js';
import { layoutPanel, naturalHeight } from '../../../src/elements/saliency-overlay/layout.js';
import { forEachBackend } from '../../helpers/backends.js';
import { tensorBaseline } from '../../helpers/leaks.js';

/**
 * Issue 12 on the saliency overlay: a figure that fits an article. Sizes
 * come from the content, zero is transparent, colour pictures are shown in
 * grey, the explained class is stated, compare panels carry their own
 * legends, the element is one tab stop, and the text view reads on a dark page.
 */

function mount(props: Partial<SaliencyOverlay> & Record<string, unknown>, style = 'width: 704px'): SaliencyOverlay {
  const el = document.createElement('nn-saliency-overlay');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

function canvas(el: SaliencyOverlay, panel = 0): HTMLCanvasElement {
  return el.shadowRoot!.querySelector<HTMLCanvasElement>(`canvas[data-panel="${panel}"]`)!;
}

/** The map's rect as drawn (CSS px, relative to the canvas), from layoutPanel over the canvas's box. */
function drawnRect(el: SaliencyOverlay, panel = 0) {
  const box = canvas(el, panel).getBoundingClientRect();
  const [height, width] = el.result!.shape;
  return layoutPanel(el.mode, width, height, box.width, box.height).map;
}

/** RGB of the canvas at the centre of image pixel (x, y). */
function rgbAt(el: SaliencyOverlay, x: number, y: number, panel = 0): number[] {
  const c = canvas(el, panel);
  const box = c.getBoundingClientRect();
  const rect = drawnRect(el, panel);
  const [height, width] = el.result!.shape;
  const ratio = c.width / box.width;
  const px = Math.floor((rect.x + ((x + 0.5) / width) * rect.width) * ratio);
  const py = Math.floor((rect.y + ((y + 0.5) / height) * rect.height) * ratio);
  return Array.from(c.getContext('2d')!.getImageData(px, py, 1, 1).data.slice(0, 3));
}

/** WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, b] = css
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number);
    const c = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** 28 x 28 grey picture: a white vertical stroke (columns 10 to 17) on black, as an MNIST digit. */
function strokeImage(): Tensor3D {
  const data = new Float32Array(28 * 28);
  for (let y = 0; y < 28; y++) for (let x = 10; x < 18; x++) data[y * 28 + x] = 1;
  return tf.tensor3d(data, [28, 28, 1]);
}

describe('<nn-saliency-overlay> as an article figure (on cpu)', () => {
  before(async () => {
    expect(await useBackend('cpu')).to.equal('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-saliency-overlay, button.before').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('with no height, a 28 x 28 input in a 704 px column is drawn at a whole-number scale of 10x or more with crisp pixels, and the element is as tall as its content', async () => {
    const tensors = tensorBaseline();
    const image = strokeImage();
    const el = mount({ image, saliency: { data: new Float32Array(28 * 28), shape: [28, 28] } });
    await el.updateComplete;
    const rect = drawnRect(el);
    const scale = rect.width / 28;
    expect(scale).to.equal(Math.round(scale));
    expect(scale).to.be.at.least(10);
    expect(rect.height).to.equal(rect.width);
    // The stage is exactly the picture's height: no blank band above or below it.
    expect(canvas(el).getBoundingClientRect().height).to.equal(rect.height);
    // Crisp: the stroke's edge goes from black to white between two neighbouring screen pixels.
    const c = canvas(el);
    const ratio = c.width / c.getBoundingClientRect().width;
    const edge = Math.round((rect.x + 10 * scale) * ratio);
    const row = Math.floor((rect.y + rect.height / 2) * ratio);
    const pixels = c.getContext('2d')!.getImageData(edge - 1, row, 2, 1).data;
    expect([pixels[0], pixels[4]]).to.deep.equal([0, 255]);
    // As tall as its content: the element ends where its legend row ends.
    const figure = el.shadowRoot!.querySelector('.figure')!.getBoundingClientRect();
    expect(Math.abs(el.getBoundingClientRect().bottom - figure.bottom)).to.be.below(1.5);
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    image.dispose();
    tensors.check('sizing');
  });

  it('a set height is honoured and filled: the picture grows into it and the figure reaches its bottom', async () => {
    const image = strokeImage();
    const el = mount({ image, saliency: { data: new Float32Array(28 * 28), shape: [28, 28] } }, 'width: 704px; height: 560px');
    await el.updateComplete;
    const host = el.getBoundingClientRect();
    expect(host.height).to.equal(560);
    const natural = mount({ image, saliency: { data: new Float32Array(28 * 28), shape: [28, 28] } });
    await natural.updateComplete;
    expect(drawnRect(el).height).to.be.above(drawnRect(natural).height);
    const content = el.shadowRoot!.querySelector('.figure')!.getBoundingClientRect();
    expect(host.bottom - content.bottom).to.be.below(2);
    image.dispose();
  });

  it('overlay: pixels of attribution 0 are the picture itself; a weak value on the white stroke is still a visible colour (signed)', async () => {
    const image = strokeImage();
    const values = new Float32Array(28 * 28);
    values[14 * 28 + 12] = 1; // the clip value
    values[20 * 28 + 13] = 0.3; // 0.3 of it, on the stroke
    values[20 * 28 + 14] = -0.3;
    const el = mount({ image, saliency: { data: values, shape: [28, 28] }, signed: true, clipPercentile: 100 });
    await el.updateComplete;
    expect(rgbAt(el, 12, 5)).to.deep.equal([255, 255, 255]); // 0 on the stroke: white
    expect(rgbAt(el, 3, 5)).to.deep.equal([0, 0, 0]); // 0 on the background: black
    for (const x of [13, 14]) {
      const [r, g, b] = rgbAt(el, x, 20);
      // PuOr's pale centre at 0.3 of the clip value was 13 levels from white at most (a tint of 0.225); the sign's ink at sqrt(0.3) is over 40.
      expect(255 - Math.min(r, g, b), `pixel (${x}, 20) against the white stroke`).to.be.at.least(40);
    }
    image.dispose();
  });

  it('a colour picture is shown desaturated and dimmed under an overlay by default; backdrop="colour" shows it as it is', async () => {
    // Left half red, right half blue; the map is 0 except one pixel.
    const data = new Float32Array(20 * 20 * 3);
    for (let i = 0; i < 400; i++) data[i * 3 + (i % 20 < 10 ? 0 : 2)] = 1;
    const image = tf.tensor3d(data, [20, 20, 3]);
    const values = new Float32Array(400);
    values[210] = 1;
    const el = mount({ image, saliency: { data: values, shape: [20, 20] } });
    await el.updateComplete;
    // Rec. 709 luma in [64, 191]: 64 + 0.5 x 0.2126 x 255 (red), 64 + 0.5 x 0.0722 x 255 (blue).
    for (const [x, expected] of [
      [2, 64 + 0.5 * 0.2126 * 255],
      [17, 64 + 0.5 * 0.0722 * 255],
    ]) {
      const [r, g, b] = rgbAt(el, x, 3);
      expect(
        [r, g, b].every((v) => Math.abs(v - expected) <= 1),
        `(${x}, 3) is ${[r, g, b]}`,
      ).to.equal(true);
    }
    expect(el.shadowRoot!.querySelector('[part="note"]')!.textContent).to.contain('grey');
    el.backdrop = 'colour';
    await el.updateComplete;
    expect(rgbAt(el, 2, 3)).to.deep.equal([255, 0, 0]);
    expect(rgbAt(el, 17, 3)).to.deep.equal([0, 0, 255]);
    image.dispose();
  });

  it('is one tab stop: nothing inside is in the tab order; [ and ] move the threshold, announced; keyboard focus shows the value card', async () => {
    const tensors = tensorBaseline();
    const image = tf.zeros([16, 16, 1]);
    const button = document.createElement('button');
    button.className = 'before';
    button.textContent = 'before';
    document.body.append(button);
    const el = mount({ image, saliency: { data: Float32Array.from({ length: 256 }, (_, i) => i), shape: [16, 16] } }, 'width: 400px');
    await el.updateComplete;
    const tabbable = [...el.shadowRoot!.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]')].filter(
      (node) => node.tabIndex >= 0,
    );
    expect(tabbable.length).to.equal(0);
    expect(el.tabIndex).to.equal(0);
    expect(el.shadowRoot!.querySelector('[part="tooltip"]')).to.equal(null);
    button.focus();
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(document.activeElement === el).to.equal(true);
    // The card shows the pixel the first arrow key lands on (the centre), before any key.
    expect(el.shadowRoot!.querySelector('[part="tooltip"]')?.textContent?.replace(/\s+/g, ' ')).to.contain('x 8, y 8');
    await sendKeys({ press: ']' });
    await el.updateComplete;
    expect(el.threshold).to.be.closeTo(0.05, 1e-9);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Hide below 5% of the clip value');
    await sendKeys({ press: '[' });
    await sendKeys({ press: '[' });
    await el.updateComplete;
    expect(el.threshold).to.equal(0);
    el.mode = 'mask';
    await el.updateComplete;
    await sendKeys({ press: ']' });
    await el.updateComplete;
    expect(el.topPercent).to.equal(15);
    button.focus();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="tooltip"]')).to.equal(null);
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    image.dispose();
    tensors.check('keyboard');
  });

  it('text on a dark page: a word of attribution 0 is no chip (the page shows), and the strongest words stand out from the page', async () => {
    const el = mount(
      {
        tokens: ['the', 'plot', 'was', 'dull', 'but', 'superb'],
        saliency: [0, 0.1, 0, -1, 0.05, 1],
        signed: true,
        clipPercentile: 100,
        theme: 'dark',
      },
      'width: 400px',
    );
    await el.updateComplete;
    const page = getComputedStyle(el).backgroundColor;
    const chip = (i: number) => getComputedStyle(el.shadowRoot!.querySelector(`[data-token="${i}"]`)!).backgroundColor;
    expect(chip(0)).to.equal(page);
    expect(contrast(chip(3), page), 'the most negative word').to.be.at.least(3);
    expect(contrast(chip(5), page), 'the most positive word').to.be.at.least(3);
    // The same on a light page.
    el.theme = 'light';
    await el.updateComplete;
    const light = getComputedStyle(el).backgroundColor;
    expect(chip(0)).to.equal(light);
    expect(contrast(chip(3), light)).to.be.at.least(3);
  });

  it('a precomputed map with a target states the class, with its name from labels', async () => {
    const el = mount({ tokens: ['a', 'b'], saliency: [0.5, -0.5], target: 1, labels: ['negative', 'positive'] }, 'width: 400px');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="explains"]')!.textContent!.trim()).to.equal('Explaining class 1 (positive)');
    el.target = undefined;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="explains"]')).to.equal(null);
  });
});

describe('<nn-saliency-overlay> states its class and its panels', () => {
  interface Digits {
    labels: number[];
    data: number[];
  }
  let digits: Digits;
  before(async () => {
    digits = (await (await fetch('/test/fixtures/attribution/mnist-digits.json')).json()) as Digits;
  });
  const digit = (label: number) => tf.tensor3d(digits.data.slice(label * 784, (label + 1) * 784), [28, 28, 1]);
  afterEach(async () => {
    document.querySelectorAll('nn-saliency-overlay').forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend(() => {
    let model: tfl.LayersModel;
    before(async () => {
      model = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
    });
    after(() => model.dispose());

    it("says which class it explains and the model's probability for it (softmax of the logits), and the top class when another", async () => {
      const tensors = tensorBaseline();
      const image = digit(7);
      const probabilities = tf.tidy(() => tf.softmax(model.predict(tf.expandDims(image, 0)) as Tensor2D));
      const p = Array.from(await probabilities.data());
      probabilities.dispose();
      const el = mount({ image, model, target: 7 }, 'width: 400px');
      await el.updateComplete;
      const statement = () => el.shadowRoot!.querySelector('[part="explains"]')!.textContent!.trim();
      const two = (v: number) => (v >= 0.995 ? 'p > 0.99' : v < 0.005 ? 'p < 0.01' : `p = ${v.toFixed(2)}`);
      expect(statement()).to.equal(`Explaining class 7 · ${two(p[7])}`);
      el.target = 1;
      await el.updateComplete;
      const top = p.indexOf(Math.max(...p));
      expect(top).to.equal(7);
      expect(statement()).to.equal(`Explaining class 1 · ${two(p[1])}; the model's top class is 7 · ${two(p[7])}`);
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      image.dispose();
      tensors.check('class statement');
    });

    it('compare: each panel is titled and has its own colour bar, whose domain is its own clip value', async () => {
      const tensors = tensorBaseline();
      const image = digit(3);
      const el = mount({ image, model, target: 3, compare: ['gradient', 'gradient-x-input'], signed: true }, 'width: 704px');
      await el.updateComplete;
      const panels = [...el.shadowRoot!.querySelectorAll('[part="panel"]')];
      expect(panels.length).to.equal(2);
      const titles = panels.map((panel) => panel.querySelector('.title')!.textContent!.trim());
      expect(titles).to.deep.equal(el.comparison!.labels);
      const legends = panels.map((panel) => panel.querySelectorAll('[part="legend"]').length);
      expect(legends).to.deep.equal([1, 1]);
      // No bar outside the panels: one bar per scale.
      expect(el.shadowRoot!.querySelectorAll('[part="legend"]').length).to.equal(2);
      const clips = [0, 1].map((i) => {
        const map = el.comparison!.maps[i];
        const abs = Array.from(map, Math.abs).sort((a, b) => a - b);
        const rank = (99.5 / 100) * (abs.length - 1);
        const lo = Math.floor(rank);
        return abs[lo] + (rank - lo) * ((abs[lo + 1] ?? abs[lo]) - abs[lo]);
      });
      expect(Math.abs(clips[0] - clips[1]) / clips[0]).to.be.above(0.05); // the scales differ
      panels.forEach((panel, i) => {
        const label = panel.querySelector('[part="legend"]')!.getAttribute('aria-label')!;
        const ends = label
          .match(/from (\S+) to (\S+?),/)!
          .slice(1)
          .map((s) => Number(s.replace('−', '-')));
        expect(ends[1]).to.be.closeTo(clips[i], clips[i] * 0.01 + 1e-6);
        expect(ends[0]).to.be.closeTo(-clips[i], clips[i] * 0.01 + 1e-6);
      });
      // In a set height too small for the natural size, the panels shrink and nothing is drawn outside the element.
      el.setAttribute('style', 'width: 520px; height: 300px');
      // The ResizeObserver reports after the next layout; its new size then renders and redraws.
      for (let frame = 0; frame < 3; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await el.updateComplete;
      const box = el.getBoundingClientRect();
      const inside = [...el.shadowRoot!.querySelectorAll('canvas, [part="legend"], [part="controls"], [part="note"]')].every((node) => {
        const r = node.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      });
      expect(
        inside,
        JSON.stringify([
          box.top,
          box.bottom,
          ...[...el.shadowRoot!.querySelectorAll('canvas, [part="legend"], [part="controls"], [part="note"]')].map((n) => [
            n.getBoundingClientRect().top,
            n.getBoundingClientRect().bottom,
          ]),
        ]),
      ).to.equal(true);
      expect(canvas(el, 0).getBoundingClientRect().top).to.equal(canvas(el, 1).getBoundingClientRect().top);
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      image.dispose();
      tensors.check('compare');
    });

    it('sizes itself from its content in one ResizeObserver pass: the first draw and column width changes raise no "ResizeObserver loop" error (before: the stage grew from 160 px to the picture inside the observer\'s callback)', async () => {
      const image = digit(3);
      const errors: string[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.message);
      window.addEventListener('error', onError);
      const frames = async (n: number) => {
        for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      };
      const column = document.createElement('div');
      column.style.width = '704px';
      try {
        for (const compare of [undefined, ['gradient', 'gradient-x-input']]) {
          const el = document.createElement('nn-saliency-overlay');
          Object.assign(el, { eager: true, image, model, target: 3, compare, mode: compare ? 'side-by-side' : 'overlay' });
          column.append(el);
          document.body.append(column);
          await el.updateComplete;
          await frames(2);
          for (const width of [400, 703.5, 250, 704]) {
            column.style.width = `${width}px`;
            await frames(3);
            await el.updateComplete;
            for (const stage of el.shadowRoot!.querySelectorAll<HTMLElement>('.stage')) {
              const natural = Math.max(60, naturalHeight(el.mode, 28, 28, stage.parentElement!.getBoundingClientRect().width));
              expect(stage.getBoundingClientRect().height, `${width} px${compare ? ', compare' : ''}`).to.be.closeTo(natural, 0.02);
            }
          }
          expect(el.error).to.equal(undefined);
          el.remove();
          column.remove();
          column.style.width = '704px';
        }
        expect(errors).to.deep.equal([]);
      } finally {
        window.removeEventListener('error', onError);
        column.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
        image.dispose();
      }
    });
  });
});
