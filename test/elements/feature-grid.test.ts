import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import '../../src/elements/feature-grid/define.js';
import type { FeatureGrid, FeatureHoverDetail, FeatureSelectDetail } from '../../src/elements/feature-grid/feature-grid.js';
import { colormapLut } from '../../src/scales/colormap.js';
import { gridLayout, type GridLayout } from '../../src/elements/feature-grid/grid-layout.js';
import { bandSlots, bandsIn, bandTop, gridBands } from '../../src/elements/feature-grid/grid-bands.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';

/**
 * Activations [2, 2, 3] (H, W, C) written channel by channel:
 * channel 0 = [[0, 1], [2, 3]] (mean 1.5, max 3), channel 1 = [[4, 0], [0, 0]] (mean 1, max 4),
 * channel 2 = [[0.5, 0.5], [0.5, 0.5]] (mean 0.5, max 0.5).
 */
const CHANNELS = [
  [0, 1, 2, 3],
  [4, 0, 0, 0],
  [0.5, 0.5, 0.5, 0.5],
];
const HWC = Float32Array.from({ length: 12 }, (_, i) => CHANNELS[i % 3][Math.floor(i / 3)]);
const VIRIDIS = colormapLut('viridis');

function mount(props: Record<string, unknown>, style = 'width: 400px; height: 300px; --nn-tile-size: 40px'): FeatureGrid {
  const el = document.createElement('nn-feature-grid');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

function tilesCanvas(el: FeatureGrid, selector = 'canvas.tiles'): HTMLCanvasElement {
  return el.shadowRoot!.querySelector<HTMLCanvasElement>(selector)!;
}

/** The layout the grid view drew with (public: the views' hit tests read it). */
function geometry(el: FeatureGrid): GridLayout {
  return el.layouts.grid!;
}

/** CSS point of data pixel (y, x) of the tile in display slot `slot`, for a tile of h x w data pixels. */
function pointIn(el: FeatureGrid, slot: number, y: number, x: number, h: number, w: number): { x: number; y: number } {
  const g = geometry(el);
  return {
    x: (slot % g.columns) * g.pitchX + ((x + 0.5) * g.tileWidth) / w,
    y: Math.floor(slot / g.columns) * g.pitchY + ((y + 0.5) * g.tileHeight) / h,
  };
}

function pixel(canvas: HTMLCanvasElement, at: { x: number; y: number }): number[] {
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  return Array.from(canvas.getContext('2d')!.getImageData(Math.floor(at.x * ratio), Math.floor(at.y * ratio), 1, 1).data);
}

function lutColor(t: number): number[] {
  const i = Math.round(t * 255);
  return Array.from(VIRIDIS.slice(i * 4, i * 4 + 4));
}

function pointer(target: Element, type: string, at: { x: number; y: number }): void {
  const box = target.getBoundingClientRect();
  target.dispatchEvent(
    new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, button: 0, clientX: box.left + at.x, clientY: box.top + at.y }),
  );
}

/** A click as the pointer controller sees it: press and release at one point. */
function click(target: Element, at: { x: number; y: number }): void {
  pointer(target, 'pointerdown', at);
  pointer(target, 'pointerup', at);
}

/** conv 2x2 (one filter [[1, 2], [3, 4]], bias -10, relu) on [3, 3, 1], then flatten and dense 2 (a layer without spatial dims). */
function tinyModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2, activation: 'relu', name: 'conv' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ units: 2, name: 'dense' }),
    ],
  });
  // Filter 0 = [[1, 2], [3, 4]], filter 1 = its negative; biases -10 and 30.
  model.getLayer('conv').setWeights([tf.tensor4d([1, -1, 2, -2, 3, -3, 4, -4], [2, 2, 1, 2]), tf.tensor1d([-10, 30])]);
  return model;
}
/** Input [[1, 2, 3], [4, 5, 6], [7, 8, 9]]: filter 0 gives 27, 37, 57, 67; filter 1 gives relu(30 - 37), ... = 0 everywhere. */
const DIGIT = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('<nn-feature-grid>', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-feature-grid').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend((backend) => {
    it('draws each channel from the GPU atlas with the LUT colour of its value, and sorts by mean and max', async () => {
      const activations = tf.tensor3d(HWC, [2, 2, 3]);
      const el = mount({ activations });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.backend).to.equal(backend);
      expect(el.order).to.deep.equal([0, 1, 2]);
      const canvas = tilesCanvas(el);
      // Global domain [0, 4] (non-negative data starts at 0): value v has colour lut[round(v / 4 * 255)].
      for (let channel = 0; channel < 3; channel++) {
        for (let p = 0; p < 4; p++) {
          const at = pointIn(el, channel, Math.floor(p / 2), p % 2, 2, 2);
          expect(pixel(canvas, at), `channel ${channel} pixel ${p}`).to.deep.equal(lutColor(CHANNELS[channel][p] / 4));
        }
      }
      el.sort = 'mean';
      await el.updateComplete;
      expect(el.order).to.deep.equal([0, 1, 2]);
      el.sort = 'max';
      await el.updateComplete;
      expect(el.order).to.deep.equal([1, 0, 2]);
      // Channel 1 now in slot 0: its (0, 0) value 4 is the top colour.
      expect(pixel(canvas, pointIn(el, 0, 0, 0, 2, 2))).to.deep.equal(lutColor(1));
      el.sort = [2, 0];
      await el.updateComplete;
      expect(el.order).to.deep.equal([2, 0]);
      el.remove();
      expect(activations.isDisposed).to.equal(false);
      activations.dispose();
    });

    it('computes activations from model + layer + input: hover gives the hand-computed conv value', async () => {
      const model = tinyModel();
      const input = tf.tensor3d(DIGIT, [3, 3, 1]);
      const el = mount({ model, layer: 'conv', input });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const hovers: (FeatureHoverDetail | null)[] = [];
      el.addEventListener('nn-hover', (event) => hovers.push((event as CustomEvent).detail));
      // Filter 0 at (1, 0): 4·1 + 5·2 + 7·3 + 8·4 - 10 = 57. Filter 1 at (0, 0): relu(30 - (1 + 4 + 12 + 20)) = 0.
      pointer(tilesCanvas(el), 'pointermove', pointIn(el, 0, 1, 0, 2, 2));
      pointer(tilesCanvas(el), 'pointermove', pointIn(el, 1, 0, 0, 2, 2));
      pointer(tilesCanvas(el), 'pointerleave', { x: 0, y: 0 });
      // webgl computes in float16-ish precision on some GPUs: values within 1e-2.
      expect(hovers.length).to.equal(3);
      expect(hovers[2]).to.equal(null);
      const [first, second] = hovers as FeatureHoverDetail[];
      expect({ ...first, value: 0 }).to.deep.equal({ kind: 'feature-tile', channel: 0, value: 0, y: 1, x: 0 });
      expect(first.value).to.be.closeTo(57, 1e-2);
      expect({ ...second, value: 0 }).to.deep.equal({ kind: 'feature-tile', channel: 1, value: 0, y: 0, x: 0 });
      expect(second.value).to.be.closeTo(0, 1e-2);
      el.remove();
      expect(input.isDisposed).to.equal(false);
      tf.dispose(input);
      model.dispose();
    });
  });

  describe('on cpu', () => {
    before(async () => {
      const { useBackend } = await import('../../src/backend/use-backend.js');
      await useBackend('cpu');
    });

    it('layout="chw" reads [C, H, W]; channels-first data without it is an error that says so, and good input recovers', async () => {
      // The same activations as HWC, channels first: [3, 2, 2].
      const chw = tf.tensor3d(CHANNELS.flat(), [3, 2, 2]);
      const errors: string[] = [];
      const el = mount({ activations: chw });
      el.addEventListener('nn-error', (event) => errors.push((event as CustomEvent).detail.message));
      await el.updateComplete;
      expect(el.error).to.equal(
        'activations: shape [3, 2, 2] looks channels-first ([C, H, W] = [3, 2, 2]): set layout="chw" (PyTorch order), or layout="hwc" if it really is [H, W, C].',
      );
      el.layout = 'chw';
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      el.sort = 'max';
      await el.updateComplete;
      expect(el.order).to.deep.equal([1, 0, 2]);
      expect(errors.length).to.be.at.least(0);
      el.activations = tf.zeros([1, 2, 3, 4, 5]);
      el.layout = undefined;
      await el.updateComplete;
      expect(el.error).to.match(/expected rank 2 \[N, C\], 3 \[H, W, C\] or 4 \[1, H, W, C\], got rank 5 \[1, 2, 3, 4, 5\]/);
      expect(el.order).to.deep.equal([]);
      (el.activations as tf.Tensor).dispose();
      chw.dispose();
    });

    it('normalize="tile" shows a weak channel over its own range; the legend says which', async () => {
      const el = mount({ activations: { data: HWC, shape: [2, 2, 3] } });
      await el.updateComplete;
      const canvas = tilesCanvas(el);
      // Channel 2 is 0.5 everywhere: 0.5 / 4 of the global scale, the top of its own.
      expect(pixel(canvas, pointIn(el, 2, 0, 0, 2, 2))).to.deep.equal(lutColor(0.5 / 4));
      expect(el.shadowRoot!.querySelector('.legend-note')!.textContent).to.contain('activation, one scale for all tiles');
      el.normalization = 'tile';
      await el.updateComplete;
      expect(pixel(canvas, pointIn(el, 2, 0, 0, 2, 2))).to.deep.equal(lutColor(1));
      expect(pixel(canvas, pointIn(el, 0, 1, 0, 2, 2))).to.deep.equal(lutColor(2 / 3));
      expect(el.shadowRoot!.querySelector('.legend-note')!.textContent).to.contain('each tile scaled to its own maximum');
    });

    it('click selects (nn-select), keyboard moves focus with values announced, Enter selects; selected is settable', async () => {
      const el = mount({ activations: { data: HWC, shape: [2, 2, 3] } });
      await el.updateComplete;
      const selects: FeatureSelectDetail[] = [];
      const hovers: FeatureHoverDetail[] = [];
      el.addEventListener('nn-select', (event) => selects.push((event as CustomEvent).detail));
      el.addEventListener('nn-hover', (event) => hovers.push((event as CustomEvent).detail));
      click(tilesCanvas(el), { x: pointIn(el, 2, 0, 0, 2, 2).x, y: 5 });
      expect(selects).to.deep.equal([{ kind: 'feature-channel', channel: 2 }]);
      expect(el.selected).to.equal(2);
      el.focus();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      // Channel 1's peak is 4 at (0, 0).
      expect(hovers.at(-1)).to.deep.equal({ kind: 'feature-tile', channel: 1, value: 4, y: 0, x: 0 });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Channel 1 (2 of 3): mean 1, max 4, min 0');
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      expect(selects.at(-1)).to.deep.equal({ kind: 'feature-channel', channel: 1 });
      el.selected = 0;
      await el.updateComplete;
      expect(el.getAttribute('aria-label')).to.contain('3 channels of 2 × 2');
    });

    it('errors: a layer not in the model lists the layers; view="spatial" on a dense layer or without input', async () => {
      const model = tinyModel();
      const input = tf.tensor3d(DIGIT, [3, 3, 1]);
      const el = mount({ model, layer: 'conv9', input });
      await el.updateComplete;
      expect(el.error).to.equal('layer "conv9" is not in the model. Its layers: "conv", "flat", "dense".');
      el.layer = 'dense';
      el.view = 'spatial';
      await el.updateComplete;
      expect(el.error).to.equal('view="spatial" needs a layer with height and width; layer "dense" outputs [batch, 2].');
      el.view = 'grid';
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0, 1]);
      el.remove();
      const bare = mount({ activations: { data: HWC, shape: [2, 2, 3] }, view: 'spatial' });
      await bare.updateComplete;
      expect(bare.error).to.equal('view="spatial" needs input: the image the activations are of.');
      input.dispose();
      model.dispose();
    });

    it('spatial view: hovering a position lists its top channels; clicking one selects it', async () => {
      const model = tinyModel();
      const input = tf.tensor3d(DIGIT, [3, 3, 1]);
      const el = mount({ model, layer: 'conv', input, view: 'spatial' }, 'width: 600px; height: 320px');
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const image = tilesCanvas(el, 'canvas.input');
      const size = image.getBoundingClientRect().width;
      // Position (1, 1) is the lower-right quarter of the image.
      pointer(image, 'pointermove', { x: size * 0.75, y: size * 0.75 });
      expect(el.shadowRoot!.querySelector('.caption')!.textContent).to.contain('row 1, column 1 of 2 × 2');
      const hovers: FeatureHoverDetail[] = [];
      const selects: FeatureSelectDetail[] = [];
      el.addEventListener('nn-hover', (event) => hovers.push((event as CustomEvent).detail));
      el.addEventListener('nn-select', (event) => selects.push((event as CustomEvent).detail));
      const top = tilesCanvas(el, 'canvas.top');
      pointer(top, 'pointermove', { x: 10, y: 10 });
      // Filter 0 at (1, 1): 5 + 12 + 24 + 36 - 10 = 67, the most active there.
      expect(hovers[0]).to.deep.equal({ kind: 'feature-tile', channel: 0, value: 67, y: 1, x: 1 });
      click(top, { x: 10, y: 10 });
      expect(selects).to.deep.equal([{ kind: 'feature-channel', channel: 0 }]);
      input.dispose();
      model.dispose();
    });

    it('optimize: channels optimised in one batch with progress; top:1 picks the most active channel', async () => {
      const model = tinyModel();
      const input = tf.tensor3d(DIGIT, [3, 3, 1]);
      const progress: number[] = [];
      const el = mount({ model, layer: 'conv', input, optimize: true, channels: 'top:1', steps: 6 });
      el.addEventListener('nn-progress', (event) => progress.push((event as CustomEvent).detail.done));
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0]);
      expect(progress).to.deep.equal([1, 2, 3, 4, 5, 6]);
      el.channels = [1, 0];
      await el.updateComplete;
      expect(el.order).to.deep.equal([1, 0]);
      input.dispose();
      model.dispose();
    });

    it('images: a tensor [N, h, w, 3] or ImageData pictures, one tile each, drawn as given, with labels', async () => {
      // Two 1 x 2 images: red-black and grey-white, values in [0, 1].
      const images = tf.tensor4d([1, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1], [2, 1, 2, 3]);
      const el = mount({ images, labels: ['first', 'second'] });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0, 1]);
      const canvas = tilesCanvas(el);
      expect(pixel(canvas, pointIn(el, 0, 0, 0, 1, 2))).to.deep.equal([255, 0, 0, 255]);
      expect(pixel(canvas, pointIn(el, 1, 0, 0, 1, 2))).to.deep.equal([128, 128, 128, 255]);
      expect(pixel(canvas, pointIn(el, 1, 0, 1, 1, 2))).to.deep.equal([255, 255, 255, 255]);
      el.images = [new ImageData(Uint8ClampedArray.from([0, 0, 255, 255]), 1, 1)];
      await el.updateComplete;
      expect(el.order).to.deep.equal([0]);
      expect(pixel(tilesCanvas(el), pointIn(el, 0, 0, 0, 1, 1))).to.deep.equal([0, 0, 255, 255]);
      el.remove();
      expect(images.isDisposed).to.equal(false);
      images.dispose();
    });

    it('images: URLs of PNG files and data: URLs, one tile each, drawn with their pixels and labelled; a missing URL is named, then good input recovers', async () => {
      // test/fixtures/feature-grid/*.png, written as plain 8-bit RGB PNGs (no gamma or colour profile chunks):
      // quadrants-2x2 = [[red, green], [blue, white]]; muted-2x2 = [[(200, 100, 50), (17, 34, 51)], [(90, 180, 240), black]].
      const QUADRANTS = [
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
        [255, 255, 255],
      ];
      const MUTED = [
        [200, 100, 50],
        [17, 34, 51],
        [90, 180, 240],
        [0, 0, 0],
      ];
      // A third picture made here: a 2 x 2 canvas of four known colours, as a data: URL (PNG).
      const PAINTED = [
        [12, 34, 56],
        [250, 128, 3],
        [64, 64, 64],
        [1, 254, 127],
      ];
      const canvas = document.createElement('canvas');
      canvas.width = 2;
      canvas.height = 2;
      const rgba = Uint8ClampedArray.from(PAINTED.flatMap((rgb) => [...rgb, 255]));
      canvas.getContext('2d')!.putImageData(new ImageData(rgba, 2, 2), 0, 0);
      const dataUrl = canvas.toDataURL('image/png');
      expect(dataUrl.startsWith('data:image/png;base64,')).to.equal(true);
      const expected = [QUADRANTS, MUTED, PAINTED];
      const labels = ['quadrants', 'muted', 'painted'];

      // The labels under the tiles are drawn with fillText: record what is drawn.
      const drawn: string[] = [];
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
        drawn.push(text);
        return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
      };
      let el: FeatureGrid;
      try {
        // Tiles of 72 px: wide enough that the labels are drawn whole, not cut with an ellipsis.
        el = mount(
          { images: ['/test/fixtures/feature-grid/quadrants-2x2.png', '/test/fixtures/feature-grid/muted-2x2.png', dataUrl], labels },
          'width: 400px; height: 300px; --nn-tile-size: 72px',
        );
        await el.updateComplete;
      } finally {
        CanvasRenderingContext2D.prototype.fillText = fillText;
      }
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0, 1, 2]);
      for (const label of labels) expect(drawn, `label "${label}" drawn`).to.include(label);
      for (let tile = 0; tile < 3; tile++) {
        for (let p = 0; p < 4; p++) {
          const at = pointIn(el, tile, Math.floor(p / 2), p % 2, 2, 2);
          expect(pixel(tilesCanvas(el), at), `${labels[tile]} pixel (${Math.floor(p / 2)}, ${p % 2})`).to.deep.equal([...expected[tile][p], 255]);
        }
      }
      // Hovering a tile names its label in the tooltip, as text in the DOM.
      const spacer = el.shadowRoot!.querySelector<HTMLElement>('.spacer')!;
      for (let tile = 0; tile < 3; tile++) {
        pointer(spacer, 'pointermove', pointIn(el, tile, 0, 0, 2, 2));
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('.tooltip')?.textContent?.replace(/\s+/g, ' '), `tooltip of tile ${tile}`).to.contain(
          `Channel ${tile} · ${labels[tile]}`,
        );
      }

      // A missing file: the error names its URL, and no stale tiles stay.
      const missing = '/test/fixtures/feature-grid/no-such-picture.png';
      el.images = ['/test/fixtures/feature-grid/quadrants-2x2.png', missing];
      await el.updateComplete;
      expect(el.error).to.be.a('string');
      expect(el.error).to.contain(`could not load "${missing}"`);
      expect(el.order).to.deep.equal([]);
      expect(el.shadowRoot!.textContent).to.contain(missing);

      // Good input again: one tile, the muted file's pixels, no error.
      el.images = ['/test/fixtures/feature-grid/muted-2x2.png'];
      el.labels = ['muted'];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0]);
      for (let p = 0; p < 4; p++) {
        expect(pixel(tilesCanvas(el), pointIn(el, 0, Math.floor(p / 2), p % 2, 2, 2)), `muted pixel ${p} after recovery`).to.deep.equal([
          ...MUTED[p],
          255,
        ]);
      }
    });

    it('2048 channels: one atlas, and band canvases that together cover little more than the viewport', async () => {
      const activations = tf.randomUniform([7, 7, 2048], 0, 1, 'float32', 5);
      const el = mount({ activations }, 'width: 640px; height: 400px');
      await el.updateComplete;
      expect(el.order.length).to.equal(2048);
      const canvases = [...el.shadowRoot!.querySelectorAll<HTMLCanvasElement>('canvas.tiles')].filter((canvas) => canvas.style.display !== 'none');
      const covered = canvases.reduce((sum, canvas) => sum + canvas.getBoundingClientRect().height, 0);
      expect(covered).to.be.at.most(400 + 2 * 128 + 2 * geometry(el).pitchY);
      const scroll = el.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
      expect(scroll.scrollHeight).to.be.greaterThan(20 * 400);
      activations.dispose();
    });

    it('scrolled: the bands in view show the tiles at their place, hover finds them, and the scroll ends at the last row', async () => {
      // 600 channels of one value each, channel k = k: its colour is lut[round(k / 599 * 255)].
      const count = 600;
      const el = mount(
        { activations: { data: Float32Array.from({ length: count }, (_, k) => k), shape: [1, 1, count] } },
        'width: 640px; height: 400px; --nn-tile-size: 56px',
      );
      await el.updateComplete;
      const scroll = el.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
      const spacer = el.shadowRoot!.querySelector<HTMLElement>('.spacer')!;
      const g = geometry(el);
      expect(scroll.scrollHeight).to.equal(Math.ceil(count / g.columns) * g.pitchY - 6);
      scroll.scrollTop = 3000;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const slot = Math.floor(3100 / g.pitchY) * g.columns + 3;
      const at = pointIn(el, slot, 0, 0, 1, 1);
      const box = spacer.getBoundingClientRect();
      const client = { x: box.left + at.x, y: box.top + at.y };
      const band = [...el.shadowRoot!.querySelectorAll<HTMLCanvasElement>('canvas.tiles')].find((canvas) => {
        const rect = canvas.getBoundingClientRect();
        return canvas.style.display !== 'none' && rect.top <= client.y && client.y < rect.bottom;
      })!;
      expect(band, 'a band covers the point').to.not.equal(undefined);
      const rect = band.getBoundingClientRect();
      expect(pixel(band, { x: client.x - rect.left, y: client.y - rect.top })).to.deep.equal(lutColor(slot / (count - 1)));
      const hovers: FeatureHoverDetail[] = [];
      el.addEventListener('nn-hover', (event) => hovers.push((event as CustomEvent).detail));
      pointer(spacer, 'pointermove', at);
      expect(hovers.map((hover) => hover.channel)).to.deep.equal([slot]);
      // Export composites one canvas of the visible rows, then gives the bands back.
      const shown = () =>
        [...el.shadowRoot!.querySelectorAll<HTMLCanvasElement>('canvas.tiles')].filter((canvas) => canvas.style.display !== 'none').length;
      const before = shown();
      const png = await el.exportImage();
      expect(png.type).to.equal('image/png');
      expect(shown()).to.equal(before);
      expect(spacer.querySelectorAll('canvas:not(.tiles)').length).to.equal(0);
    });

    it('frees what it made after 50 input swaps, a cancelled optimisation and removal', async () => {
      const model = tinyModel();
      const input = tf.tensor3d(DIGIT, [3, 3, 1]);
      const callers = tf.tensor3d(HWC, [2, 2, 3]);
      const baseline = tensorBaseline();
      const el = mount({});
      for (let i = 0; i < 50; i++) {
        const kind = i % 4;
        el.activations =
          kind === 0
            ? callers
            : kind === 1
              ? { data: HWC, shape: [2, 2, 3] }
              : kind === 2
                ? [
                    [1, 2, 3],
                    [4, 5, 6],
                  ]
                : undefined;
        el.model = kind === 3 ? model : undefined;
        el.layer = 'conv';
        el.input = kind === 3 ? input : undefined;
        el.sort = i % 3 === 0 ? 'max' : 'index';
        await el.updateComplete;
        expect(el.error, `swap ${i}`).to.equal(undefined);
      }
      // An optimisation superseded midway by a new input.
      el.activations = undefined;
      el.model = model;
      el.input = input;
      el.optimize = true;
      el.steps = 400;
      el.channels = [0, 1];
      let started = 0;
      await new Promise<void>((resolve) => {
        el.addEventListener('nn-progress', () => {
          if (++started === 3) resolve();
        });
      });
      el.optimize = false;
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      await removeAndRelease(el);
      baseline.check('after swaps, cancellation and removal');
      expect(callers.isDisposed || input.isDisposed).to.equal(false);
      tf.dispose([callers, input]);
      model.dispose();
    });
  });
});

describe('gridBands', () => {
  const layout = gridLayout({ count: 2048, width: 600, tileSize: 36, dataHeight: 7, dataWidth: 7 });

  it('gridBands(layout) cuts whole rows, at least 96 px, each band (but the first) starting half a gap above its row', () => {
    expect(layout.pitchY).to.equal(56);
    const bands = gridBands(layout);
    expect(bands).to.deep.equal({ rows: 1, span: 56, margin: 3, height: 56, count: layout.rows });
    expect(gridBands(layout, 200).rows).to.equal(3);
    expect([bandTop(bands, 0), bandTop(bands, 1), bandTop(bands, 2)]).to.deep.equal([0, 53, 109]);
  });

  it("bandSlots(layout, bands, band) names the band's rows, the last one short", () => {
    const bands = gridBands(layout, 112);
    expect(bandSlots(layout, bands, 0)).to.deep.equal({ first: 0, end: 2 * layout.columns });
    expect(bandSlots(layout, bands, bands.count - 1).end).to.equal(2048);
  });

  it('bandsIn(bands, top, height) gives the bands meeting those grid rows', () => {
    const bands = gridBands(layout);
    expect(bandsIn(bands, 0, 50)).to.deep.equal({ first: 0, end: 1 });
    // y 53 to 56 is band 1's margin.
    expect(bandsIn(bands, 0, 54)).to.deep.equal({ first: 0, end: 2 });
    expect(bandsIn(bands, 53, 10)).to.deep.equal({ first: 1, end: 2 });
    expect(bandsIn(bands, -200, 100)).to.deep.equal({ first: 0, end: 0 });
    expect(bandsIn(bands, 1e6, 100)).to.deep.equal({ first: bands.count, end: bands.count });
  });
});
