import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { defineElement } from '../../src/elements/base/define.js';
import { NnErrorEvent, NnRenderEvent } from '../../src/events/events.js';
import { colormapLut } from '../../src/scales/colormap.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';
import { TestMatrixElement } from '../helpers/test-matrix-element.js';

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function mount(props: Partial<TestMatrixElement> = {}, style = 'width: 200px; height: 150px'): TestMatrixElement {
  const el = document.createElement('nn-test-matrix');
  el.setAttribute('style', style);
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

/** The RGBA of the canvas pixel at CSS position (x, y). */
function pixelAt(el: TestMatrixElement, x: number, y: number): number[] {
  const canvas = el.shadowRoot!.querySelector('canvas')!;
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const data = canvas.getContext('2d')!.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
  return Array.from(data);
}

describe('NnElement (the shared base)', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-test-matrix').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend((backend) => {
    it('updateComplete resolves after the data is drawn, and nn-render names the backend', async () => {
      const renders: NnRenderEvent[] = [];
      document.addEventListener('nn-render', (e) => renders.push(e), { once: true });
      const el = mount({
        eager: true,
        values: [
          [0, 1],
          [1, 0],
        ],
      });
      await el.updateComplete;
      expect(el.drawCount).to.equal(1);
      expect(el.backend).to.equal(backend);
      expect(renders).to.have.length(1);
      expect(renders[0].detail.backend).to.equal(backend);
      expect(renders[0].detail.ms).to.be.greaterThan(0);
      // Top-left cell is the minimum (0): the first LUT entry; top-right is 1: the last.
      const lut = colormapLut('viridis');
      expect(pixelAt(el, 10, 10)).to.deep.equal([lut[0], lut[1], lut[2], 255]);
      expect(pixelAt(el, 190, 10)).to.deep.equal([lut[1020], lut[1021], lut[1022], 255]);
    });

    it("frees the tensors it made across 50 input swaps and removal, and never the caller's", async () => {
      const baseline = tensorBaseline();
      const callers = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const el = mount({ eager: true });
      for (let i = 0; i < 50; i++) {
        el.values =
          i % 5 === 4
            ? callers
            : [
                [i, i + 1],
                [i + 2, i + 3],
              ];
        if (i % 10 === 0) el.values = [[1, 2, 3]]; // also swap before the previous run finished
        await el.updateComplete;
      }
      expect(el.error).to.equal(undefined);
      await removeAndRelease(el);
      expect(callers.isDisposed).to.equal(false);
      callers.dispose();
      baseline.check('after 50 swaps and removal');
    });
  });

  describe('on the default backend', () => {
    before(async () => {
      expect(await useBackend('auto')).to.equal('webgpu');
    });

    it('starts lazily: no compute while far below the viewport, compute once scrolled near', async () => {
      const spacer = document.createElement('div');
      spacer.style.height = '5000px';
      document.body.append(spacer);
      const el = mount({ values: [[1]] });
      await frame();
      await frame();
      expect(el.computeCount).to.equal(0);
      el.scrollIntoView();
      await frame();
      await el.updateComplete;
      expect(el.computeCount).to.equal(1);
      expect(el.drawCount).to.equal(1);
      spacer.remove();
      window.scrollTo(0, 0);
    });

    it('bad input shows the message inline, sets error, fires nn-error, and recovers on good input', async () => {
      const errors: NnErrorEvent[] = [];
      const listener = (e: NnErrorEvent) => errors.push(e);
      document.addEventListener('nn-error', listener);
      const el = mount({ eager: true, values: [[[1]]] });
      await el.updateComplete;
      expect(el.error).to.match(/values: expected rank 2, got rank 3/);
      const shown = el.shadowRoot!.querySelector('[part="error"]');
      expect(shown?.textContent).to.equal(el.error);
      expect(shown?.getAttribute('role')).to.equal('alert');
      expect(errors.map((e) => e.detail.message)).to.deep.equal([el.error]);
      expect(errors[0].composed && errors[0].bubbles).to.equal(true);

      el.values = [[5, 6]];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      expect(el.drawCount).to.equal(1);
      document.removeEventListener('nn-error', listener);
    });

    it('an unknown colormap is an error listing valid names, and a valid one redraws', async () => {
      const el = mount({ eager: true, values: [[0, 1]] });
      await el.updateComplete;
      el.colormap = 'no-such-map';
      await el.updateComplete;
      expect(el.error).to.match(/Unknown colormap "no-such-map". Valid names: .*viridis/);
      el.colormap = 'magma';
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const lut = colormapLut('magma');
      expect(pixelAt(el, 10, 10)).to.deep.equal([lut[0], lut[1], lut[2], 255]);
    });

    it('a newer input aborts the older run: only the newest is drawn', async () => {
      const el = mount({ eager: true, delay: 50, values: [[1, 1]] });
      await new Promise((resolve) => setTimeout(resolve, 10));
      el.values = [[1, 2, 3]];
      await el.updateComplete;
      expect(el.computeCount).to.equal(2);
      expect(el.abortedRuns).to.equal(1);
      expect(el.cols).to.equal(3);
      expect(el.drawCount).to.equal(1);
    });

    it('redraws on resize at the device pixel ratio, without recomputing', async () => {
      const el = mount({ eager: true, values: [[0, 1]] });
      await el.updateComplete;
      el.style.width = '300px';
      await frame();
      await el.updateComplete;
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      expect(canvas.width).to.equal(Math.round(300 * devicePixelRatio));
      expect(el.computeCount).to.equal(1);
      expect(el.drawCount).to.be.greaterThan(1);
    });

    it('exportImage() returns a PNG of the view at the element size', async () => {
      const el = mount({
        eager: true,
        values: [
          [0, 1],
          [1, 0],
        ],
      });
      await el.updateComplete;
      const blob = await el.exportImage();
      expect(blob.type).to.equal('image/png');
      const image = await createImageBitmap(blob);
      const view = el.shadowRoot!.querySelector('[part="view"]')!.getBoundingClientRect();
      expect(image.width).to.equal(Math.round(view.width * devicePixelRatio));
      // The exported top-left pixel is the minimum cell's colour.
      const probe = new OffscreenCanvas(image.width, image.height).getContext('2d')!;
      probe.drawImage(image, 0, 0);
      const lut = colormapLut('viridis');
      expect(Array.from(probe.getImageData(2, 2, 1, 1).data)).to.deep.equal([lut[0], lut[1], lut[2], 255]);
      let svgError = '';
      await el.exportImage('image/svg+xml').catch((e: Error) => (svgError = e.message));
      expect(svgError).to.match(/drawn on canvas/);
    });

    it('theme="dark" and "light" switch the tokens; --nn-* properties override them', async () => {
      const el = mount({ eager: true, values: [[1]] });
      await el.updateComplete;
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
      el.theme = 'light';
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
      el.style.setProperty('--nn-background', 'rgb(1, 2, 3)');
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('is one tab stop with a role, a label describing the data, and a live region', async () => {
      const el = mount({ eager: true, values: [[1, 2, 3]] });
      await el.updateComplete;
      expect(el.tabIndex).to.equal(0);
      expect(el.getAttribute('role')).to.equal('figure');
      expect(el.getAttribute('aria-label')).to.equal('Test matrix, 1 by 3');
      expect(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')).to.not.equal(null);
      expect(el.shadowRoot!.querySelector('svg[part="legend"]')?.getAttribute('aria-label')).to.match(/viridis, linear scale from 1 to 3/);
    });

    it('keeps an aria-label the page set, and its own label current across reconnection', async () => {
      const labelled = mount({ eager: true, values: [[1, 2]] });
      labelled.setAttribute('aria-label', 'Figure 3: attention of head 5');
      labelled.values = [[1, 2, 3]];
      await labelled.updateComplete;
      expect(labelled.getAttribute('aria-label')).to.equal('Figure 3: attention of head 5');
      const own = mount({ eager: true, values: [[1, 2]] });
      await own.updateComplete;
      own.remove();
      document.body.append(own);
      own.values = [[1], [2], [3]];
      await own.updateComplete;
      expect(own.getAttribute('aria-label')).to.equal('Test matrix, 3 by 1');
    });

    it("the browser's and the GPU's own failures are said as what failed and what to try, with the original as nn-error's cause", async () => {
      const gpu = new DOMException(
        "Failed to execute 'createBuffer' on 'GPUDevice': Buffer size (4294967296) exceeds the max buffer size limit (268435456).",
        'OperationError',
      );
      const el = mount({ eager: true, values: [[0, 1]], failWith: gpu });
      const seen: NnErrorEvent[] = [];
      el.addEventListener('nn-error', (e) => seen.push(e));
      await el.updateComplete;
      expect(el.error).to.match(
        /^Computing this view on \w+ failed: the GPU could not hold or run it \(the browser said: Failed to execute 'createBuffer'/,
      );
      expect(el.error).to.contain("useBackend('webgl')");
      expect(seen.at(-1)!.detail.cause).to.equal(gpu);
      el.failWith = new TypeError("Cannot read properties of undefined (reading 'map')");
      await el.updateComplete;
      expect(el.error).to.match(/failed inside nnscope or the browser \(Cannot read properties of undefined \(reading 'map'\)\)\. This is a bug/);
      el.failWith = new Error('test-matrix: our own words stay as they are.');
      await el.updateComplete;
      expect(el.error).to.equal('test-matrix: our own words stay as they are.');
      el.failWith = undefined;
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
    });

    it('a display value that fails the first draw keeps the data: fixing it redraws without a recompute', async () => {
      const el = mount({
        eager: true,
        values: [
          [0, 1],
          [1, 0],
        ],
        failDraw: true,
      });
      await el.updateComplete;
      await frame();
      expect(el.error).to.equal('test-matrix: this display value cannot be drawn.');
      el.failDraw = false;
      await el.updateComplete;
      await frame();
      expect(el.error).to.equal(undefined);
      expect(el.computeCount).to.equal(1);
      expect(el.drawCount).to.be.greaterThan(0);
    });

    describe('leaving and coming back to the page', () => {
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      const renders = (el: TestMatrixElement) => {
        const seen: NnRenderEvent[] = [];
        el.addEventListener('nn-render', (e) => seen.push(e));
        return seen;
      };
      const drawnTopRight = (el: TestMatrixElement) => pixelAt(el, 190, 10);

      it('re-added after drawing: draws again from its inputs, fires nn-render, and frees all when removed for good', async () => {
        const baseline = tensorBaseline();
        const el = mount({
          eager: true,
          values: [
            [0, 1],
            [1, 0],
          ],
        });
        const seen = renders(el);
        await el.updateComplete;
        await removeAndRelease(el);
        expect(tf.memory().numTensors).to.equal(baseline.count);
        document.body.append(el);
        await el.updateComplete;
        expect(el.computeCount).to.equal(2);
        expect(seen).to.have.length(2);
        const lut = colormapLut('viridis');
        expect(drawnTopRight(el)).to.deep.equal([lut[1020], lut[1021], lut[1022], 255]);
        await removeAndRelease(el);
        baseline.check('after the final removal');
      });

      it('re-added after being removed mid-compute: the aborted run is dropped and the element draws', async () => {
        const baseline = tensorBaseline();
        const el = mount({
          eager: true,
          delay: 30,
          values: [
            [0, 1],
            [1, 0],
          ],
        });
        const seen = renders(el);
        await nextTask();
        await removeAndRelease(el);
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(seen).to.have.length(0);
        document.body.append(el);
        await el.updateComplete;
        expect(seen).to.have.length(1);
        expect(el.drawCount).to.be.greaterThan(0);
        expect(el.abortedRuns).to.equal(1);
        await removeAndRelease(el);
        baseline.check('after the final removal');
      });

      it('moved within one task after drawing: nothing recomputed, nothing released, still drawn', async () => {
        const el = mount({
          eager: true,
          values: [
            [0, 1],
            [1, 0],
          ],
        });
        await el.updateComplete;
        const seen = renders(el);
        const before = drawnTopRight(el);
        const holder = document.createElement('div');
        document.body.append(holder);
        holder.append(el); // remove and append in one task, as a framework reordering a list does
        await nextTask();
        await el.updateComplete;
        expect(el.computeCount).to.equal(1);
        expect(seen).to.have.length(0);
        expect(drawnTopRight(el)).to.deep.equal(before);
        holder.remove();
      });

      it('an input that fails while detached shows its error once the element is back', async () => {
        const el = mount({ eager: true, values: [[0, 1]] });
        await el.updateComplete;
        await removeAndRelease(el);
        el.values = [1, 2, 3] as never; // rank 1: test-matrix needs rank 2
        await el.updateComplete;
        document.body.append(el);
        await el.updateComplete;
        expect(el.error).to.match(/rank/);
        expect(el.shadowRoot!.querySelector('[part="error"]')).to.not.equal(null);
      });
    });

    it('defineElement() a second time leaves the first registration and does not throw', () => {
      class Other extends TestMatrixElement {}
      expect(() => defineElement('nn-test-matrix', Other)).to.not.throw();
      expect(customElements.get('nn-test-matrix')).to.equal(TestMatrixElement);
    });
  });
});
