import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { sendKeys } from '@web/test-runner-commands';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';
import type { Tensor, Tensor3D } from '@tensorflow/tfjs-core';
import '../../src/elements/saliency-overlay/define.js';
import type { SaliencyOverlay, SaliencyPixelDetail, SaliencyTokenDetail } from '../../src/elements/saliency-overlay/saliency-overlay.js';
import type { NnProgressEvent } from '../../src/events/events.js';
import { scoreFor } from '../../src/compute/attribution/score-for.js';
import { vanillaGradient } from '../../src/compute/attribution/vanilla-gradient.js';
import { integratedGradients } from '../../src/compute/attribution/integrated-gradients.js';
import { gradientTimesInput } from '../../src/compute/attribution/gradient-times-input.js';
import { gradCam } from '../../src/compute/attribution/grad-cam.js';
import { spearman } from '../../src/compute/saliency/rank-correlation.js';
import { colormapLut } from '../../src/scales/colormap.js';
import { layoutPanel } from '../../src/elements/saliency-overlay/layout.js';
import { clipValue, formatValue, maskOf } from '../../src/elements/saliency-overlay/views/display.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';
import { pngPixels, pixelOf, shown } from '../helpers/png.js';
import { SALIENCY_REFERENCE_URL, type SaliencyReference } from '../helpers/saliency-reference.js';

/** test/fixtures/attribution/mnist-digits.json (scripts/train_mnist.mjs): one held-out digit per class. */
interface Digits {
  labels: number[];
  shape: [number, number, number, number];
  data: number[];
}
/** models/review-sentiment/sentences.json (scripts/train_text_attribution.mjs). */
interface Sentences {
  lexicon: Record<string, number>;
  sentences: { tokens: string[]; ids: number[]; label: number }[];
}

let digits: Digits;
let reference: SaliencyReference;
let sentences: Sentences;
before(async () => {
  [digits, reference, sentences] = await Promise.all(
    ['/test/fixtures/attribution/mnist-digits.json', SALIENCY_REFERENCE_URL, '/models/review-sentiment/sentences.json'].map(async (url) =>
      (await fetch(url)).json(),
    ),
  );
});

function digit(label: number): Tensor3D {
  const size = 28 * 28;
  return tf.tensor3d(digits.data.slice(label * size, (label + 1) * size), [28, 28, 1]);
}

function mount(props: Partial<SaliencyOverlay> & Record<string, unknown>, style = 'width: 300px; height: 360px'): SaliencyOverlay {
  const el = document.createElement('nn-saliency-overlay');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

async function read(tensor: Tensor): Promise<number[]> {
  const values = Array.from(await tensor.data());
  tensor.dispose();
  return values;
}

function canvas(el: SaliencyOverlay, panel = 0): HTMLCanvasElement {
  return el.shadowRoot!.querySelector<HTMLCanvasElement>(`canvas[data-panel="${panel}"]`)!;
}

/** The CSS point at the centre of image pixel (x, y), from the panel layout (layoutPanel) of the canvas as drawn. */
function pointAt(el: SaliencyOverlay, x: number, y: number, panel = 0): { clientX: number; clientY: number } {
  const box = canvas(el, panel).getBoundingClientRect();
  const { width, height } = { width: el.result!.shape[1], height: el.result!.shape[0] };
  const layout = layoutPanel(el.mode, width, height, box.width, box.height);
  return {
    clientX: box.left + layout.map.x + ((x + 0.5) / width) * layout.map.width,
    clientY: box.top + layout.map.y + ((y + 0.5) / height) * layout.map.height,
  };
}

/** The pointer surface of the view (the panels, or the text). */
function surface(el: SaliencyOverlay): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[data-surface]')!;
}

/** The client point at the centre of an element's first box. */
function centreOf(element: Element): { clientX: number; clientY: number } {
  const box = element.getClientRects()[0];
  return { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
}

/** RGBA of the canvas at a CSS point relative to the page. */
function pixelAtPoint(el: SaliencyOverlay, point: { clientX: number; clientY: number }, panel = 0): number[] {
  const c = canvas(el, panel);
  const box = c.getBoundingClientRect();
  const ratio = c.width / box.width;
  return Array.from(
    c.getContext('2d')!.getImageData(Math.floor((point.clientX - box.left) * ratio), Math.floor((point.clientY - box.top) * ratio), 1, 1).data,
  );
}

describe('<nn-saliency-overlay>', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-saliency-overlay').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend((backend) => {
    let model: tfl.LayersModel;
    before(async () => {
      model = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
    });
    after(() => model.dispose());

    it('result equals vanillaGradient on a real digit: |gradient| in magnitude mode, the gradient itself when signed', async () => {
      const image = digit(3);
      const expected = await vanillaGradient(scoreFor(model, 3), image);
      const gradient = await read(expected.attribution);
      const el = mount({ image, model, target: 3, method: 'gradient' });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.backend).to.equal(backend);
      expect(el.result!.shape).to.deep.equal([28, 28]);
      // [28, 28, 1]: max-abs over one channel is |g|.
      expectClose(el.result!.data, gradient.map(Math.abs), 1e-5, 'magnitude');
      el.signed = true;
      await el.updateComplete;
      expectClose(el.result!.data, gradient, 1e-5, 'signed');
      expect(image.isDisposed).to.equal(false);
      el.remove();
      image.dispose();
    });

    it('result equals integratedGradients with a black baseline (sum over channels when signed), and the legend states the completeness gap', async () => {
      const image = digit(7);
      const expected = await integratedGradients(scoreFor(model, 7), image, { steps: 8, baseline: 0 });
      const values = await read(expected.attribution);
      const el = mount({ image, model, target: 7, method: 'integrated-gradients', steps: 8, signed: true });
      await el.updateComplete;
      expectClose(el.result!.data, values, 2e-4, 'IG');
      const legend = el.shadowRoot!.querySelector('[part="legend"]')!.getAttribute('aria-label')!;
      expect(legend).to.contain('clipped at the 99.5th percentile of |value|');
      const note = el.shadowRoot!.querySelector('[part="note"]')!.textContent!;
      expect(note).to.match(
        /^Integrated Gradients: signed, channels summed; 0 is transparent; colour strengthens with \|value\|; 8 steps, completeness gap [\d.e+-]+% of f\(x\) − f\(baseline\)\.$/,
      );
      el.remove();
      image.dispose();
    });

    it('a precomputed [H, W, C] map is reduced by sum (signed) or max |value| (magnitude), clipped at the numpy percentile, and resized bilinearly onto a larger image of the same aspect', async () => {
      const map = { data: new Float32Array(reference.map.data), shape: reference.map.shape };
      const image = tf.zeros([6, 8, 3]);
      const el = mount({ image, saliency: map, signed: true });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expectClose(el.result!.data, reference.sum, 1e-5, 'sum');
      expect(clipValue(el.result!.data, el.clipPercentile)).to.be.closeTo(reference.absPercentiles['99.5'], 1e-5);
      const legendLabel = () => el.shadowRoot!.querySelector('[part="legend"]')!.getAttribute('aria-label')!;
      expect(legendLabel()).to.contain(`(${formatValue(clipValue(el.result!.data, 99.5))})`);
      el.clipPercentile = 90;
      await el.updateComplete;
      expect(clipValue(el.result!.data, el.clipPercentile)).to.be.closeTo(reference.absPercentiles['90'], 1e-5);
      expect(legendLabel()).to.contain(`90th percentile of |value| (${formatValue(clipValue(el.result!.data, 90))})`);
      el.signed = false;
      await el.updateComplete;
      expectClose(el.result!.data, reference.maxAbs, 1e-6, 'max-abs');
      el.signed = true;
      el.image = tf.zeros([12, 16, 1]);
      await el.updateComplete;
      expect(el.result!.shape).to.deep.equal([12, 16]);
      expectClose(el.result!.data, reference.resizeUp, 1e-4, 'resized to 12 x 16');
      el.remove();
      tf.dispose([image, el.image as Tensor]);
    });

    it('frees everything it made after 50 recomputations (methods, images, maps, compare, text) and removal', async () => {
      const baseline = tensorBaseline();
      const images = [digit(1), digit(2)];
      const el = mount({ model, target: 1 });
      // Every method on cpu and webgl. This machine's webgpu is software and compiles shaders per batch
      // shape (SmoothGrad, IG and occlusion took 88 s of the 50 runs there), so it runs the single-pass methods.
      const methods =
        backend === 'webgpu'
          ? (['gradient', 'grad-cam', 'gradient-x-input'] as const)
          : (['gradient', 'gradient-x-input', 'smoothgrad', 'integrated-gradients', 'grad-cam', 'occlusion'] as const);
      for (let i = 0; i < 50; i++) {
        el.image = images[i % 2];
        el.method = methods[i % methods.length];
        el.samples = 4;
        el.steps = 4;
        el.signed = i % 3 === 0;
        el.mode = (['overlay', 'mask', 'heatmap', 'side-by-side'] as const)[i % 4];
        el.saliency = i % 7 === 3 ? { data: new Float32Array(28 * 28).fill(i), shape: [28, 28] } : undefined;
        el.compare = i % 10 === 9 ? 'sanity-check' : undefined;
        await el.updateComplete;
        expect(el.error, `step ${i}`).to.equal(undefined);
      }
      await removeAndRelease(el);
      expect(images.every((image) => !image.isDisposed)).to.equal(true);
      tf.dispose(images);
      baseline.check(`${backend}: 50 recomputations and removal`);
    });
  });

  // Behaviour that does not depend on the backend runs on cpu (webgpu here is software and slow).
  describe('behaviour (on cpu)', () => {
    let model: tfl.LayersModel;
    before(async () => {
      expect(await useBackend('cpu')).to.equal('cpu');
      model = await tfl.loadLayersModel('/models/mnist-cnn/model.json');
    });
    after(() => model.dispose());

    it('mask mode keeps exactly top-percent of the pixels; the slider sets top-percent there and threshold elsewhere, from the keyboard', async () => {
      const values = Float32Array.from({ length: 20 * 20 }, (_, i) => Math.sin(i * 1.7) * (i % 13));
      const image = tf.fill([20, 20, 3], 0.5);
      const el = mount({ image, saliency: { data: values, shape: [20, 20] }, mode: 'mask', topPercent: 10 });
      await el.updateComplete;
      const mask = maskOf(el.result!.data, el.topPercent);
      expect(mask.reduce((a, b) => a + b, 0)).to.equal(40);
      expect(el.shadowRoot!.querySelector('[part="note"]')!.textContent).to.contain('Kept: the 10% of pixels (40 of 400)');
      // A kept pixel shows the image's grey (128); a dropped one is darkened to a quarter (32).
      const kept = mask.indexOf(1);
      const dropped = mask.indexOf(0);
      expect(pixelAtPoint(el, pointAt(el, kept % 20, Math.floor(kept / 20))).slice(0, 3)).to.deep.equal([128, 128, 128]);
      expect(pixelAtPoint(el, pointAt(el, dropped % 20, Math.floor(dropped / 20))).slice(0, 3)).to.deep.equal([32, 32, 32]);

      const slider = el.shadowRoot!.querySelector<HTMLInputElement>('[part="slider"]')!;
      expect(slider.getAttribute('aria-label')).to.equal('Percentage of pixels kept');
      slider.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.topPercent).to.equal(11);
      el.mode = 'overlay';
      await el.updateComplete;
      const thresholdSlider = el.shadowRoot!.querySelector<HTMLInputElement>('[part="slider"]')!;
      thresholdSlider.focus();
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.threshold).to.be.closeTo(0.02, 1e-9);
      expect(thresholdSlider.getAttribute('aria-valuetext')).to.equal('2% of the clip value');
      image.dispose();
    });

    it("heatmap mode paints the clip value in the colormap's last colour and zero in its first (magnitude, viridis)", async () => {
      const values = new Float32Array(10 * 10);
      values[55] = 4; // one hot pixel; the 99.5th percentile of |v| interpolates between 0 and 4
      values[12] = 100; // saturates
      const image = tf.zeros([10, 10, 3]);
      const el = mount({ image, saliency: { data: values, shape: [10, 10] }, mode: 'heatmap' });
      await el.updateComplete;
      const lut = colormapLut('viridis');
      const last = Array.from(lut.slice(lut.length - 4, lut.length - 1));
      expect(pixelAtPoint(el, pointAt(el, 2, 1)).slice(0, 3)).to.deep.equal(last);
      expect(pixelAtPoint(el, pointAt(el, 0, 0)).slice(0, 3)).to.deep.equal(Array.from(lut.slice(0, 3)));
      // np.percentile([0]*98 + [4, 100], 99.5) = 4 + 0.505 * 96 = 52.48
      expect(clipValue(el.result!.data, el.clipPercentile)).to.be.closeTo(52.48, 1e-4);
      expect(el.shadowRoot!.querySelector('[part="legend"]')!.getAttribute('aria-label')).to.contain('(52.48)');
      image.dispose();
    });

    it('hovering a pixel fires nn-hover with its coordinates and unclipped value; arrow keys move a focus pixel whose value is announced', async () => {
      const values = Float32Array.from({ length: 16 * 16 }, (_, i) => i - 100);
      const image = tf.zeros([16, 16, 1]);
      const el = mount({ image, saliency: { data: values, shape: [16, 16] }, signed: true });
      await el.updateComplete;
      const seen: (SaliencyPixelDetail | null)[] = [];
      el.addEventListener('nn-hover', (event) => seen.push(event.detail as unknown as SaliencyPixelDetail | null));
      canvas(el).dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, ...pointAt(el, 5, 9) }));
      expect(seen.at(-1)).to.deep.equal({ kind: 'saliency-pixel', x: 5, y: 9, value: 9 * 16 + 5 - 100, panel: 0, label: 'Attribution' });
      await el.updateComplete;
      const tooltip = el.shadowRoot!.querySelector('[part="tooltip"]')!;
      expect(tooltip.textContent!.replace(/\s+/g, ' ').trim()).to.equal('pixel x 5, y 9 49');
      expect(tooltip.querySelector('.value')!.textContent).to.equal('49');
      surface(el).dispatchEvent(new PointerEvent('pointerleave'));
      expect(seen.at(-1)).to.equal(null);
      el.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(seen.at(-1)).to.deep.include({ x: 8, y: 8, value: 8 * 16 + 8 - 100 });
      await sendKeys({ press: 'Shift+ArrowDown' });
      await el.updateComplete;
      expect(seen.at(-1)).to.deep.include({ x: 8, y: 15 });
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal(`Pixel x 8, y 15: ${15 * 16 + 8 - 100}`);
      image.dispose();
    });

    it('is a labelled figure with one tab stop; its canvas shows the image before the attribution is ready', async () => {
      const image = digit(5);
      const el = mount({ image, model, target: 5, method: 'smoothgrad', samples: 16 });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await el.updateComplete;
      expect(el.getAttribute('role')).to.equal('figure');
      expect(el.tabIndex).to.equal(0);
      // The label states the model's probability for the class (issue 12: the explained class is stated).
      expect(el.getAttribute('aria-label')).to.match(
        /^Saliency overlay: SmoothGrad for class 5 \(p [=<>] \d\.\d\d\) over a 28 x 28 image, overlay mode$/,
      );
      expect(el.shadowRoot!.querySelector('[part="note"]')!.textContent).to.contain('16 samples, noise 0.15, seed 0');
      image.dispose();
    });

    it('draws the image at once, before a long attribution finishes', async () => {
      const image = digit(4);
      const brightPixels = (canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let bright = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 3] === 255) bright++;
        return bright;
      };
      // Look at the loading canvas when the attribution makes its first model
      // call: polling with timers raced a fast cpu run, which could finish
      // before a timer fired. The element promises the picture is on screen
      // before it computes, so it must be there at that moment.
      let atFirstCall: { bright: number; result: unknown } | undefined;
      const scored = (batch: Tensor) => {
        if (!atFirstCall) {
          const loading = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.loading');
          atFirstCall = { bright: loading ? brightPixels(loading) : 0, result: el.result };
        }
        return model.predict(batch) as Tensor;
      };
      const el: SaliencyOverlay = mount({ image, model: scored, target: 4, method: 'integrated-gradients', steps: 256 });
      await el.updateComplete;
      expect(atFirstCall, 'the model was called').to.not.equal(undefined);
      expect(atFirstCall!.result, 'the attribution is still computing').to.equal(undefined);
      expect(atFirstCall!.bright, 'bright digit pixels on the loading canvas').to.be.above(50);
      expect(el.result!.shape).to.deep.equal([28, 28]);
      image.dispose();
    });

    it('fires nn-progress through a compare run (done rising to total), and a new input cancels the running one', async () => {
      const image = digit(6);
      const progress: { done: number; total: number }[] = [];
      const el = mount({ image, model, target: 6, compare: ['gradient', 'integrated-gradients', 'occlusion'], steps: 8 });
      el.addEventListener('nn-progress', (event) => progress.push((event as NnProgressEvent).detail));
      await el.updateComplete;
      expect(progress.length).to.be.at.least(3);
      expect(progress.every((p) => p.total === 300)).to.equal(true);
      expect(progress.at(-1)).to.deep.equal({ done: 300, total: 300 });
      expect(progress.map((p) => p.done)).to.deep.equal([...progress.map((p) => p.done)].sort((a, b) => a - b));

      // Cancellation: a slow SmoothGrad is superseded by a gradient; its progress stops and the gradient is shown.
      const errors: string[] = [];
      el.addEventListener('nn-error', (event) => errors.push(event.detail.message));
      el.compare = undefined;
      el.method = 'smoothgrad';
      el.samples = 400;
      progress.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 30));
      el.method = 'gradient';
      await el.updateComplete;
      const settled = progress.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(progress.length, 'no progress from the cancelled run after the new one is drawn').to.equal(settled);
      expect(errors).to.deep.equal([]);
      const expected = await vanillaGradient(scoreFor(model, 6), image);
      expectClose(el.result!.data, (await read(expected.attribution)).map(Math.abs), 1e-5, 'gradient after cancel');
      image.dispose();
    });

    it('sanity check: compare="sanity-check" shows the method on the model and on a weight-randomised copy, with Spearman ρ between them', async () => {
      const image = digit(0);
      const el = mount({ image, model, target: 0, method: 'gradient', compare: 'sanity-check' }, 'width: 520px; height: 360px');
      await el.updateComplete;
      const comparison = el.comparison!;
      expect(comparison.labels).to.deep.equal(['Gradient', 'Gradient, random weights']);
      expect(comparison.correlations[0][1]).to.be.closeTo(spearman(comparison.maps[0], comparison.maps[1]), 1e-12);
      expect(comparison.correlations[0][1]).to.be.below(0.99);
      const captions = [...el.shadowRoot!.querySelectorAll('[part="caption"]')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
      // Each caption: the title, ρ with the first, and the panel's own colour bar ending in its clip value (issue 12).
      expect(captions[0]).to.match(/^Gradient reference .* clip \d/);
      expect(captions[1]).to.match(/^Gradient, random weights Spearman ρ = [−-]?\d\.\d{3} .* clip \d/);
      // The trained model is untouched.
      const expected = await vanillaGradient(scoreFor(model, 0), image);
      expectClose(comparison.maps[0], (await read(expected.attribution)).map(Math.abs), 1e-5, 'trained model map');
      image.dispose();
    });

    it('src takes an image URL (a PNG of a digit, read as grey for the 1-channel model) and saliency-src a map file', async () => {
      const image = digit(8);
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      await tf.browser.toPixels(image as tf.Tensor3D, canvas);
      const png = canvas.toDataURL('image/png');
      // Reference: the same PNG decoded independently, grey = mean of red, green, blue, / 255.
      const decoded = new Image();
      decoded.src = png;
      await decoded.decode();
      const grey = tf.tidy(() => tf.div(tf.mean(tf.cast(tf.browser.fromPixels(decoded, 3), 'float32'), 2, true), 255));
      const expected = await vanillaGradient(scoreFor(model, 8), grey);
      const el = document.createElement('nn-saliency-overlay');
      el.setAttribute('src', png);
      el.setAttribute('model', '/models/mnist-cnn/model.json');
      el.setAttribute('target', '8');
      el.setAttribute('eager', '');
      el.setAttribute('style', 'width: 300px; height: 360px');
      document.body.append(el);
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expectClose(el.result!.data, (await read(expected.attribution)).map(Math.abs), 1e-5, 'gradient of the decoded PNG');

      const map = { data: Array.from({ length: 28 * 28 }, (_, i) => (i % 28) - 14), shape: [28, 28] };
      const file = URL.createObjectURL(new Blob([JSON.stringify(map)], { type: 'application/json' }));
      el.setAttribute('saliency-src', file);
      el.setAttribute('signed', '');
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expectClose(el.result!.data, map.data, 0, 'saliency-src');
      URL.revokeObjectURL(file);
      el.remove();
      tf.dispose([image, grey]);
    });

    it('grad-cam defaults to the last convolution (conv2) and its result equals gradCam upsampled to the image', async () => {
      const image = digit(7);
      const expected = await gradCam(model, image, { layer: 'conv2', target: 7 });
      expected.layerMap.dispose();
      const el = mount({ image, model, target: 7, method: 'grad-cam' });
      await el.updateComplete;
      expectClose(el.result!.data, await read(expected.attribution), 1e-5, 'Grad-CAM');
      expect(el.shadowRoot!.querySelector('[part="note"]')!.textContent).to.contain('layer "conv2"');
      image.dispose();
    });

    it('text: tokens with a rank 1 saliency are shaded words, as text (never HTML), with values in their labels and nn-hover', async () => {
      const tokens = ['the', '<img src=x onerror="window.hacked=1">', 'plot', 'was', 'dull'];
      const el = mount({ tokens, saliency: [0.1, 0.5, 0.2, 0, -1], signed: true });
      await el.updateComplete;
      const spans = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="token"]')];
      expect(spans.map((s) => s.textContent)).to.deep.equal(tokens);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect(spans[4].getAttribute('aria-label')).to.equal('dull: \u22121'); // d3-format's minus sign
      expect(spans[3].style.background).to.not.equal('transparent');
      expect(el.result).to.deep.equal({ data: Float32Array.of(0.1, 0.5, 0.2, 0, -1), shape: [5] });
      const seen: (SaliencyTokenDetail | null)[] = [];
      el.addEventListener('nn-hover', (event) => seen.push(event.detail as unknown as SaliencyTokenDetail | null));
      spans[2].dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, ...centreOf(spans[2]) }));
      expect(seen.at(-1)).to.deep.equal({ kind: 'saliency-token', token: 2, text: 'plot', value: Math.fround(0.2) });
    });

    it('text: exportImage() draws each token where the page shows it, wrapped, in its on-screen background and text colours', async () => {
      const tokens = ['the', '<img src=x onerror="window.hacked=1">', 'plot', 'was', 'dull', 'but', 'the', 'acting', 'was', 'superb'];
      const saliency = [0.1, 0.5, 0.2, 0, -1, 0.3, -0.4, 0.8, 0.05, 1];
      const el = mount({ tokens, saliency, signed: true, threshold: 0.25 }, 'width: 180px; height: 360px');
      await el.updateComplete;
      const image = await pngPixels(await el.exportImage());
      const frame = el.shadowRoot!.querySelector('[part="view"]')!.getBoundingClientRect();
      const ratio = image.width / frame.width;
      const background = getComputedStyle(el).getPropertyValue('--_background').trim();
      const spans = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="token"]')];
      const boxes = spans.map((span) => [...span.getClientRects()]);
      expect(new Set(boxes.flat().map((box) => Math.round(box.top))).size, 'the tokens wrap onto several lines').to.be.at.least(3);
      let shaded = 0;
      spans.forEach((span, i) => {
        const style = getComputedStyle(span);
        const unshaded = style.backgroundColor === 'rgba(0, 0, 0, 0)';
        if (!unshaded) shaded++;
        // The page's colour, composited over the view's background as it shows.
        const expected = shown(background, style.backgroundColor);
        for (const box of boxes[i]) {
          // The top padding, above the glyphs.
          const at = pixelOf(image, (box.left + box.width / 2 - frame.left) * ratio, (box.top + 1 - frame.top) * ratio);
          expectClose(at, expected, 2, `token ${i} "${tokens[i]}" at ${Math.round(box.left - frame.left)},${Math.round(box.top - frame.top)}`);
        }
        if (unshaded) return;
        // Its text in its own colour (black or white by contrast), inside its box.
        const ink = shown(background, style.color);
        const inked = boxes[i].reduce((sum, box) => {
          let n = 0;
          for (let y = Math.ceil((box.top - frame.top) * ratio); y < Math.floor((box.bottom - frame.top) * ratio); y++) {
            for (let x = Math.ceil((box.left - frame.left) * ratio); x < Math.floor((box.right - frame.left) * ratio); x++) {
              if (pixelOf(image, x, y).every((v, k) => Math.abs(v - ink[k]) <= 40)) n++;
            }
          }
          return sum + n;
        }, 0);
        expect(inked, `token ${i} "${tokens[i]}": pixels in its text colour ${style.color}`).to.be.greaterThan(3);
      });
      // 0.1, 0.2, 0 and 0.05 are under a quarter of the clip value: unshaded, and exported as the background.
      expect(shaded).to.equal(6);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    });

    it("text: the sentiment model credits the lexicon's words with the lexicon's signs (gradient x input on embeddings)", async () => {
      const textModel = await tfl.loadLayersModel('/models/review-sentiment/model.json');
      const { tokens, ids } = sentences.sentences[0];
      const el = mount({ tokens, tokenIds: ids, model: textModel, target: 1, method: 'gradient-x-input', signed: true });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const values = el.result!.data;
      tokens.forEach((token, i) => {
        const polarity = sentences.lexicon[token];
        if (polarity) expect(Math.sign(values[i]), `"${token}" (lexicon ${polarity}) got ${values[i]}`).to.equal(Math.sign(polarity));
      });
      // Equals the compute function on the embeddings, summed over features.
      const embeddings = tf.tidy(() => tf.squeeze(textModel.layers[0].apply(tf.tensor2d([ids], [1, ids.length])) as Tensor, [0]));
      const rest = (batch: Tensor) => textModel.layers.slice(1).reduce((x, layer) => layer.apply(x) as Tensor, batch);
      const { attribution } = await gradientTimesInput(scoreFor(rest, 1), embeddings);
      expectClose(values, await read(tf.sum(attribution, 1)), 1e-5, 'token attributions');
      tf.dispose([embeddings, attribution]);
      el.remove();
      textModel.dispose();
    });

    it('errors name the cause, and the next good input recovers', async () => {
      const image = digit(2);
      const el = mount({ image, saliency: { data: new Float32Array(14 * 20), shape: [14, 20] } });
      await el.updateComplete;
      expect(el.error).to.equal(
        "saliency is 14 x 20 (height x width) but the image is 28 x 28: their aspect ratios differ (1.429 vs 1.000 width per height), so the map cannot be resized onto the image. Give a map of the image's size or aspect ratio.",
      );
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.equal(el.error);

      el.saliency = undefined;
      el.model = model;
      el.target = 10;
      await el.updateComplete;
      expect(el.error).to.equal('target 10 is out of range: the model outputs 10 classes (0 to 9).');

      el.target = 2;
      el.model = (batch: Tensor) => tf.reshape(batch, [-1, 28, 28]);
      await el.updateComplete;
      expect(el.error).to.contain('must output logits [batch, classes] (rank 2), got rank 3');

      // A step function of the logits: its gradient is zero everywhere, yet the score changes near x.
      el.model = (batch: Tensor) => tf.round(tf.mul(model.apply(batch) as Tensor, 100));
      await el.updateComplete;
      expect(el.error).to.contain('vanillaGradient: f is not differentiable: its gradient is zero everywhere, yet the score changes');

      el.model = model;
      el.method = 'saliency' as never;
      await el.updateComplete;
      expect(el.error).to.equal(
        'method must be one of "gradient", "gradient-x-input", "smoothgrad", "integrated-gradients", "grad-cam", "occlusion"; got "saliency".',
      );

      el.method = 'gradient';
      el.image = tf.zeros([32, 32, 1]);
      await el.updateComplete;
      expect(el.error).to.equal(
        "model: the model takes images of shape [28,28,1], but the image is [32,32,1]; resize the image or set preprocess to turn it into the model's input.",
      );

      // Recovery: preprocess resizes the 32 x 32 image for the model; the map is at the image's size.
      (el.image as Tensor).dispose();
      el.image = tf.image.resizeBilinear(image, [32, 32]);
      el.preprocess = (batch: Tensor) => tf.image.resizeBilinear(batch as tf.Tensor4D, [28, 28]);
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      expect(el.result!.shape).to.deep.equal([32, 32]);

      el.remove();
      const text = mount({ tokens: ['a', 'b'], saliency: [1, 2, 3] });
      await text.updateComplete;
      expect(text.error).to.equal('tokens has 2 tokens but saliency has 3 values (shape [3]); give one per token.');
      const empty = mount({});
      await empty.updateComplete;
      expect(empty.error).to.contain('No image yet: set src to an image URL, or the image property');
      tf.dispose([image, el.image as Tensor]);
    });
  });
});
