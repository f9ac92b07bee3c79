import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';
import '../../src/elements/attention-heatmap/define.js';
import type { AttentionHeatmap, AttentionCellDetail } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import { colormapLut } from '../../src/scales/colormap.js';
import { forEachBackend } from '../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';
import { loadRolloutReference, type RolloutReference } from '../helpers/attention-reference.js';

let reference: RolloutReference;
before(async () => {
  reference = await loadRolloutReference();
});

const TOKENS = ['[CLS]', 'the', 'cat', 'sat', '[SEP]'];
const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function mount(props: Partial<AttentionHeatmap> & Record<string, unknown>, style = 'width: 400px; height: 400px'): AttentionHeatmap {
  const el = document.createElement('nn-attention-heatmap');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

function overlay(el: AttentionHeatmap): HTMLCanvasElement {
  return el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.overlay')!;
}

/** The client position of a point `el.locate()` gave (element coordinates). */
function client(el: AttentionHeatmap, at: { x: number; y: number }): { clientX: number; clientY: number } {
  const box = el.getBoundingClientRect();
  return { clientX: box.left + at.x, clientY: box.top + at.y };
}

/** Where the element says it drew matrix cell (query, key), as a pointer event position. */
function pointAtCell(el: AttentionHeatmap, query: number, key: number): { clientX: number; clientY: number } {
  return client(el, el.locate({ kind: 'cell', query, key })!);
}

function pointer(el: AttentionHeatmap, type: string, at: { clientX: number; clientY: number }, extra: Record<string, unknown> = {}): void {
  overlay(el).dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, ...at, ...extra }));
}

/** Where patch token `key` is drawn, in the cells canvas's CSS pixels. */
function pointAtPatch(el: AttentionHeatmap, key: number): { x: number; y: number } {
  const at = client(el, el.locate({ kind: 'patch', key })!);
  const box = el.shadowRoot!.querySelector('canvas.cells')!.getBoundingClientRect();
  return { x: at.clientX - box.left, y: at.clientY - box.top };
}

/** The legend's words: the colour bar's ticks and, under it, the notes (HTML, so they wrap at narrow widths). */
function legendText(el: AttentionHeatmap): string {
  return el.shadowRoot!.querySelector('.legend-row')!.textContent!;
}

/** The RGBA of the cells canvas at CSS position (x, y). */
function cellsPixel(el: AttentionHeatmap, x: number, y: number): number[] {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.cells')!;
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  return Array.from(canvas.getContext('2d')!.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data);
}

describe('<nn-attention-heatmap>', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-attention-heatmap').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend((backend) => {
    it('result is head h of layer l for rank 4 input, and the mean / max over heads match numpy', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, tokens: TOKENS, layer: 2, head: 1 });
      await el.updateComplete;
      expect(el.backend).to.equal(backend);
      expect(el.result!.shape).to.deep.equal([5, 5]);
      const offset = (2 * 2 + 1) * 25;
      expectClose(el.result!.data, reference.attention.slice(offset, offset + 25), 0, 'layer 2 head 1');
      el.head = 'mean';
      await el.updateComplete;
      expectClose(el.result!.data, reference.mean_heads[2], 1e-6, 'mean of layer 2');
      el.head = 'max';
      await el.updateComplete;
      expectClose(el.result!.data, reference.max_heads[2], 1e-6, 'max of layer 2');
    });

    it('rollout through each layer matches numpy, from a GPU tensor input as from an array', async () => {
      const attention = tf.tensor4d(reference.attention, reference.shape);
      for (const input of [attention, { data: new Float32Array(reference.attention), shape: reference.shape }]) {
        const el = mount({ attention: input, rollout: true });
        for (let layer = 0; layer < 3; layer++) {
          el.layer = layer;
          await el.updateComplete;
          expectClose(el.result!.data, reference.rollout[layer], 1e-5, `rollout through layer ${layer}`);
        }
        el.remove();
      }
      expect(attention.isDisposed).to.equal(false);
      attention.dispose();
    });

    it("accepts Hugging Face's outputs.attentions (a list of [1, heads, q, k] tensors) and leaves them alive", async () => {
      const layers = [0, 1, 2].map((l) => tf.tensor4d(reference.attention.slice(l * 50, (l + 1) * 50), [1, 2, 5, 5]));
      const el = mount({ attention: layers, layer: 1, head: 'mean' });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expectClose(el.result!.data, reference.mean_heads[1], 1e-6, 'mean of layer 1');
      el.remove();
      expect(layers.every((t) => !t.isDisposed)).to.equal(true);
      tf.dispose(layers);
    });

    it('frees everything it made after 50 input swaps of every kind, selection changes and removal', async () => {
      const baseline = tensorBaseline();
      const callers = tf.tensor3d(reference.attention.slice(0, 50), [2, 5, 5]);
      const el = mount({ tokens: TOKENS });
      for (let i = 0; i < 50; i++) {
        const kind = i % 5;
        el.attention =
          kind === 0
            ? callers
            : kind === 1
              ? { data: new Float32Array(reference.attention), shape: reference.shape }
              : kind === 2
                ? [tf.tensor4d(reference.attention.slice(0, 50), [1, 2, 5, 5])]
                : kind === 3
                  ? [
                      [
                        [1, 0, 0, 0, 0],
                        [0.5, 0.5, 0, 0, 0],
                        [0.2, 0.2, 0.6, 0, 0],
                        [0.1, 0.2, 0.3, 0.4, 0],
                        [0.2, 0.2, 0.2, 0.2, 0.2],
                      ],
                    ]
                  : { data: new Float32Array(reference.attention), shape: reference.shape };
        el.head = i % 3 === 0 ? 'mean' : 0;
        el.rollout = i % 4 === 1;
        el.view = i % 6 === 5 ? 'model' : 'matrix';
        await el.updateComplete;
        if (Array.isArray(el.attention) && el.attention[0] instanceof tf.Tensor) (el.attention as tf.Tensor[]).forEach((t) => t.dispose());
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

    it('paints each cell in the colormap colour of its value (viridis over [0, max])', async () => {
      // Row-major 2 x 2: 0 is the bottom of the scale, 1 the top.
      const el = mount({
        attention: [
          [0, 1],
          [0.5, 0.25],
        ],
        tokens: ['a', 'b'],
      });
      await el.updateComplete;
      const lut = colormapLut('viridis');
      const { clientX, clientY } = pointAtCell(el, 0, 0);
      const box = overlay(el).getBoundingClientRect();
      expect(cellsPixel(el, clientX - box.left, clientY - box.top)).to.deep.equal([lut[0], lut[1], lut[2], 255]);
      const top = pointAtCell(el, 0, 1);
      expect(cellsPixel(el, top.clientX - box.left, top.clientY - box.top)).to.deep.equal([lut[1020], lut[1021], lut[1022], 255]);
    });

    it('token count mismatch is an error naming both numbers; good tokens recover', async () => {
      const errors: string[] = [];
      const el = mount({
        attention: [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        tokens: ['only-one'],
      });
      el.addEventListener('nn-error', (e) => errors.push(e.detail.message));
      await el.updateComplete;
      expect(el.error).to.match(/tokens has 1 tokens but the attention has 2 query positions/);
      expect(errors).to.deep.equal([el.error]);
      el.tokens = ['a', 'b'];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
    });

    it('cross-attention: queryTokens and keyTokens are checked against their own axes', async () => {
      const el = mount({
        attention: { data: new Float32Array(6).fill(1 / 3), shape: [2, 3] },
        queryTokens: ['le', 'chat'],
        keyTokens: ['the', 'cat'],
      });
      await el.updateComplete;
      expect(el.error).to.match(/keyTokens has 2 tokens but the attention has 3 key positions \(attention shape \[2,3\]\)/);
      el.keyTokens = ['the', 'cat', '.'];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.result!.shape).to.deep.equal([2, 3]);
    });

    it('bad rank, a layer out of range, a bad mask and an unknown head are specific errors', async () => {
      const el = mount({ attention: [1, 2, 3] });
      await el.updateComplete;
      expect(el.error).to.match(/attention: expected rank 2, 3 or 4, got rank 1/);
      el.attention = { data: new Float32Array(reference.attention), shape: reference.shape };
      el.layer = 3;
      await el.updateComplete;
      expect(el.error).to.equal('layer 3 is out of range: the attention has 3 layers (0 to 2).');
      el.layer = 0;
      el.head = 7;
      await el.updateComplete;
      expect(el.error).to.match(/head 7 is out of range: each layer has 2 heads/);
      el.head = 0;
      el.setAttribute('mask', '[0, 9]');
      await el.updateComplete;
      expect(el.error).to.match(/mask: token index 9 is outside the matrix/);
      el.setAttribute('mask', 'zero');
      await el.updateComplete;
      expect(el.error).to.match(/mask must be a JSON array of token indices/);
      el.mask = [0];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      // Row 0 and column 0 hidden.
      expect(Number.isNaN(el.result!.data[0])).to.equal(true);
      expect(Number.isNaN(el.result!.data[5 * 3])).to.equal(true);
      expect(Number.isNaN(el.result!.data[5 + 1])).to.equal(false);
    });

    it('causal attention: the upper half is "no value" in result and says so in the legend', async () => {
      const el = mount({ src: '/test/fixtures/attention/causal.npy', layer: 1, head: 2 });
      await el.updateComplete;
      const { data, shape } = el.result!;
      expect(shape).to.deep.equal([6, 6]);
      for (let r = 0; r < 6; r++) {
        for (let c = 0; c < 6; c++) expect(Number.isNaN(data[r * 6 + c]), `(${r}, ${c})`).to.equal(c > r);
      }
      expect(legendText(el)).to.contain('causal: upper half has no value');
    });

    it('rows that do not sum to 1, negative values, NaN and all-zero input are drawn, and the legend says so', async () => {
      const el = mount({
        attention: [
          [-1, 2],
          [NaN, 0.5],
        ],
      });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const legend = el.shadowRoot!.querySelector('svg[part="legend"]')!;
      expect(legendText(el)).to.contain('not 1');
      expect(legend.getAttribute('aria-label')).to.contain('PuOr'); // signed data: a diverging scheme around 0
      expect(legendText(el)).to.contain('no value');
      el.attention = [
        [0, 0],
        [0, 0],
      ];
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      el.scale = 'log';
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
    });

    it('token strings are text: markup in a token is shown, never parsed', async () => {
      const evil = ['<img src=x onerror="window.__pwned=1">', '</script><b>bold</b>'];
      const el = mount({
        attention: [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
        tokens: evil,
        view: 'text',
      });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('img, b, script')).to.equal(null);
      const texts = Array.from(el.shadowRoot!.querySelectorAll('svg.text-view text')).map((t) => t.textContent);
      expect(texts).to.deep.equal(evil);
      el.view = 'lines';
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('img, b, script')).to.equal(null);
      el.view = 'matrix';
      await el.updateComplete;
      pointer(el, 'pointermove', pointAtCell(el, 0, 1));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.tooltip')!.textContent).to.contain(evil[1]);
      expect(el.shadowRoot!.querySelector('img, b, script')).to.equal(null);
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('hover fires nn-hover with indices, tokens and value, and shows them in the tooltip; click pins with nn-select', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, tokens: TOKENS, layer: 1, head: 0 });
      await el.updateComplete;
      const hovers: (AttentionCellDetail | null)[] = [];
      const selects: AttentionCellDetail[] = [];
      el.addEventListener('nn-hover', (e) => hovers.push(e.detail as unknown as AttentionCellDetail));
      el.addEventListener('nn-select', (e) => selects.push(e.detail as unknown as AttentionCellDetail));
      const at = pointAtCell(el, 3, 2);
      pointer(el, 'pointermove', at);
      await el.updateComplete;
      const expected = reference.attention[(1 * 2 + 0) * 25 + 3 * 5 + 2];
      expect(hovers).to.have.length(1);
      expect(hovers[0]).to.include({ layer: 1, head: 0, query: 3, key: 2, queryToken: 'sat', keyToken: 'cat' });
      expect(hovers[0]!.value).to.be.closeTo(expected, 1e-7);
      const tooltip = el.shadowRoot!.querySelector('[part="tooltip"]')!.textContent!.replace(/\s+/g, ' ');
      expect(tooltip).to.contain('query sat (3)').and.to.contain('key cat (2)');
      pointer(el, 'pointerdown', at);
      pointer(el, 'pointerup', at);
      expect(selects).to.have.length(1);
      expect(selects[0]).to.include({ query: 3, key: 2 });
      pointer(el, 'pointerleave', at);
      expect(hovers[hovers.length - 1]).to.equal(null);
    });

    it('keyboard: arrows move the focus cell and announce its value; Enter pins', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, tokens: TOKENS });
      await el.updateComplete;
      const selects: AttentionCellDetail[] = [];
      el.addEventListener('nn-select', (e) => selects.push(e.detail as unknown as AttentionCellDetail));
      el.focus();
      const key = (k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      key('ArrowDown'); // first press focuses (0, 0)
      key('ArrowDown');
      key('ArrowRight');
      await el.updateComplete;
      expect([el.focusQuery, el.focusKey]).to.deep.equal([1, 1]);
      const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!;
      expect(live).to.contain('query 1 "the" to key 1 "the"');
      expect(live).to.contain(String(Math.round(reference.attention[6] * 1e4) / 1e4).slice(0, 5));
      key('Enter');
      expect(selects.map((s) => [s.query, s.key])).to.deep.equal([[1, 1]]);
      expect(el.tabIndex).to.equal(0);
      expect(el.getAttribute('aria-label')).to.match(/Attention heatmap \(matrix view\) of 3 layers x 2 heads, 5 query x 5 key tokens/);
    });

    it('focusQuery / focusKey set from outside highlight the row and column (for linked views)', async () => {
      const el = mount({
        attention: [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
        tokens: ['a', 'b'],
      });
      await el.updateComplete;
      const ctx = overlay(el).getContext('2d')!;
      const box = overlay(el).getBoundingClientRect();
      const ratio = overlay(el).width / box.width;
      const row1 = pointAtCell(el, 1, 0).clientY - box.top;
      const gutterPixel = () => ctx.getImageData(Math.floor(4 * ratio), Math.floor(row1 * ratio), 1, 1).data[3];
      expect(gutterPixel()).to.equal(0);
      el.focusQuery = 1;
      await el.updateComplete;
      expect(gutterPixel()).to.be.greaterThan(0);
    });

    it('downsamples a 600 x 600 matrix into a 300-pixel plot by max, says so, and keeps result at full size', async () => {
      const n = 600;
      const data = new Float32Array(n * n).fill(0.001);
      data[123 * n + 456] = 0.9; // one peak must survive max pooling
      const el = mount({ attention: { data, shape: [n, n] } }, 'width: 320px; height: 380px');
      await el.updateComplete;
      expect(el.result!.shape).to.deep.equal([n, n]);
      const legend = legendText(el);
      const block = Number(/max of (\d)×\1 cells/.exec(legend)?.[1]);
      expect(block).to.be.greaterThan(1);
      // The peak's block is drawn in the top colour (sampled at the block's centre).
      const centre = (cell: number) => (Math.floor(cell / block) + 0.5) * block - 0.5;
      const at = pointAtCell(el, centre(123), centre(456));
      const box = overlay(el).getBoundingClientRect();
      const lut = colormapLut('viridis');
      expect(cellsPixel(el, at.clientX - box.left, at.clientY - box.top)).to.deep.equal([lut[1020], lut[1021], lut[1022], 255]);
    });

    it('wheel zooms in around the pointer, and Reset zoom shows the whole matrix again', async () => {
      const n = 40;
      const el = mount({ attention: { data: new Float32Array(n * n).fill(1 / n), shape: [n, n] } });
      await el.updateComplete;
      // 100 px up: the span shrinks by d3-zoom's 2^(-0.2), 40 -> 35 cells, keeping cell 20 under the pointer.
      overlay(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true, ...pointAtCell(el, 20, 20) }));
      await el.updateComplete;
      const toolbar = el.shadowRoot!.querySelector('[part="toolbar"]');
      expect(toolbar?.textContent).to.match(/rows 3–37, columns 3–37/);
      // A wheel that counts in lines (Firefox) zooms as far as the same distance in pixels: 2 lines = 50 px, 35 -> 33 cells.
      overlay(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -2, deltaMode: 1, bubbles: true, cancelable: true, ...pointAtCell(el, 20, 20) }));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="toolbar"]')?.textContent).to.match(/rows 4–36, columns 4–36/);
      toolbar!.querySelector('button')!.click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="toolbar"]')).to.equal(null);
    });

    it('model view: every head as a thumbnail; clicking one selects its layer and head', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, view: 'model' });
      await el.updateComplete;
      const selects: unknown[] = [];
      el.addEventListener('nn-select', (e) => selects.push(e.detail));
      const at = client(el, el.locate({ kind: 'head', layer: 2, head: 1 })!);
      pointer(el, 'pointerdown', at);
      pointer(el, 'pointerup', at);
      await el.updateComplete;
      expect(selects).to.deep.equal([{ kind: 'attention-head', layer: 2, head: 1 }]);
      expect([el.layer, el.head]).to.deep.equal([2, 1]);
    });

    it('model view thumbnails are the same drawn from a GPU tensor (pooling ops) as from memory (one CPU pass)', async () => {
      const a = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, view: 'model' });
      const tensor = tf.tensor4d(reference.attention, reference.shape);
      const b = mount({ attention: tensor, view: 'model' });
      await Promise.all([a.updateComplete, b.updateComplete]);
      const pixels = (el: AttentionHeatmap) => {
        const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.cells')!;
        return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      };
      const pa = pixels(a);
      const pb = pixels(b);
      let differing = 0;
      for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) differing++;
      expect(differing).to.equal(0);
      b.remove();
      tensor.dispose();
    });

    it('exports PNG for the matrix view and SVG for the lines view', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, tokens: TOKENS, head: 'mean' });
      await el.updateComplete;
      const png = await el.exportImage();
      expect(png.type).to.equal('image/png');
      expect((await createImageBitmap(png)).width).to.equal(Math.round(400 * devicePixelRatio));
      el.view = 'lines';
      await el.updateComplete;
      const svgText = await (await el.exportImage('image/svg+xml')).text();
      expect(svgText).to.match(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect((svgText.match(/<line /g) ?? []).length).to.be.greaterThan(10);
      el.view = 'text';
      await el.updateComplete;
      const textPng = await el.exportImage();
      expect(textPng.size).to.be.greaterThan(1000);
    });

    it("text view: tokens shaded by the focused token's row, values in their labels", async () => {
      const el = mount({
        attention: [
          [0.7, 0.3],
          [0.1, 0.9],
        ],
        tokens: ['hello', 'world'],
        view: 'text',
        focusQuery: 1,
      });
      await el.updateComplete;
      const labels = Array.from(el.shadowRoot!.querySelectorAll('svg.text-view [role="listitem"]')).map((g) => g.getAttribute('aria-label'));
      expect(labels).to.deep.equal(['hello: 0.1', 'world: 0.9']);
      el.textDirection = 'given';
      await el.updateComplete;
      const given = Array.from(el.shadowRoot!.querySelectorAll('svg.text-view [role="listitem"]')).map((g) => g.getAttribute('aria-label'));
      expect(given).to.deep.equal(['hello: 0.3', 'world: 0.9']);
    });

    it('lines view: one head at first, heads toggle from the picker, a hovered token keeps only its lines', async () => {
      const el = mount({ attention: { data: new Float32Array(reference.attention), shape: reference.shape }, tokens: TOKENS, view: 'lines' });
      await el.updateComplete;
      const lineCount = () => el.shadowRoot!.querySelectorAll('svg.lines line').length;
      // Head 0 of layer 0 alone (the head attribute's head), not every head at once.
      expect(lineCount()).to.equal(reference.attention.slice(0, 25).filter((w) => w > 0.001).length);
      const swatches = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.heads button');
      swatches[1].click();
      await el.updateComplete;
      expect(lineCount()).to.equal(reference.attention.slice(0, 50).filter((w) => w > 0.001).length);
      swatches[0].click();
      await el.updateComplete;
      expect(lineCount()).to.equal(reference.attention.slice(25, 50).filter((w) => w > 0.001).length);
      el.shadowRoot!.querySelector('svg.lines [part="token"]')!.dispatchEvent(new PointerEvent('pointerenter'));
      await el.updateComplete;
      expect(lineCount()).to.equal(reference.attention.slice(25, 30).filter((w) => w > 0.001).length);
    });

    it("patches view (ViT): the focused token's attention over a 2 x 2 patch grid, [CLS] listed beside; clicking a patch focuses it", async () => {
      // 5 tokens: [CLS] + 4 patches. Row i is token i's attention.
      const attention = [
        [0.2, 0.1, 0.2, 0.3, 0.2],
        [0.1, 0.6, 0.1, 0.1, 0.1],
        [0.1, 0.1, 0.6, 0.1, 0.1],
        [0.1, 0.1, 0.1, 0.6, 0.1],
        [0.1, 0.1, 0.1, 0.1, 0.6],
      ];
      const image = new ImageData(new Uint8ClampedArray(20 * 20 * 4).fill(255), 20, 20);
      const el = mount({ attention, tokens: ['[CLS]', 'p0', 'p1', 'p2', 'p3'], patchGrid: [2, 2], image, view: 'patches' });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const extras = el.shadowRoot!.querySelectorAll('.extras button');
      expect(Array.from(extras).map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['[CLS] 0.2']);
      // Bottom-right patch (p3, token 4): [CLS] gives it 0.2.
      const at = client(el, el.locate({ kind: 'patch', key: 4 })!);
      const hovers: AttentionCellDetail[] = [];
      el.addEventListener('nn-hover', (e) => hovers.push(e.detail as unknown as AttentionCellDetail));
      pointer(el, 'pointermove', at);
      await el.updateComplete;
      expect(hovers[0]).to.include({ query: 0, key: 4, value: attention[0][4] === 0.2 ? Math.fround(0.2) : NaN });
      pointer(el, 'pointerdown', at);
      pointer(el, 'pointerup', at);
      await el.updateComplete;
      expect(el.focusQuery).to.equal(4);
      // The top-left patch now shows token 4's attention to p0: 0.1 on a [0, 0.6] scale, blended at 65 % over white.
      const lut = colormapLut('viridis');
      const entry = Math.round((Math.fround(0.1) / Math.fround(0.6)) * 255) * 4;
      const topLeft = pointAtPatch(el, 1);
      const top = cellsPixel(el, topLeft.x, topLeft.y);
      const blend = (channel: number) => Math.round(0.65 * lut[entry + channel] + 0.35 * 255);
      top.slice(0, 3).forEach((value, channel) => expect(value).to.be.closeTo(blend(channel), 2));
    });

    it('patches view errors: grid larger than the key axis, missing image, unloadable image URL', async () => {
      const el = mount({
        attention: [
          [1, 0],
          [0, 1],
        ],
        patchGrid: '[2, 2]',
        view: 'patches',
      });
      await el.updateComplete;
      expect(el.error).to.equal('patch-grid [2, 2] has 4 patches, but the attention has 2 key tokens.');
      el.patchGrid = [1, 2];
      await el.updateComplete;
      expect(el.error).to.match(/needs an image/);
      el.image = '/no/such/picture.png';
      await el.updateComplete;
      expect(el.error).to.equal('image: could not load "/no/such/picture.png" (missing, not an image, or blocked by CORS).');
      el.patchGrid = 'four';
      await el.updateComplete;
      expect(el.error).to.match(/patch-grid must be "\[rows, cols\]"/);
    });

    it('lines view past 20,000 lines keeps the strongest and says how many it left out', async () => {
      const n = 200;
      // Two heads; weight of (i, j) in head h grows with (i * n + j), so the strongest lines are known.
      const data = new Float32Array(2 * n * n).map((_, index) => 0.002 + (index % (n * n)) / (n * n));
      const el = mount({ attention: { data, shape: [2, n, n] }, view: 'lines' });
      await el.updateComplete;
      // Both heads drawn: head 0 is shown at first, head 1 toggled on in the picker.
      el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.heads button')[1].click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('svg.lines line').length).to.equal(20_000);
      expect(el.shadowRoot!.querySelector('.note')!.textContent).to.match(
        /Showing the 20,000 strongest of 80,000 lines \(weights under 0\.75\d* left out\)/,
      );
    });

    it('first paint of in-memory data needs no animation frame before updateComplete resolves', async () => {
      const n = 64;
      const data = new Float32Array(n * n).fill(1 / n);
      let frames = 0;
      let counting = true;
      const tick = () => {
        if (!counting) return;
        frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const el = mount({ attention: { data, shape: [n, n] } });
      await el.updateComplete;
      counting = false;
      expect(el.result!.shape).to.deep.equal([n, n]);
      // Loading, selecting and drawing run in microtasks; a redraw queued for
      // state the pipeline set itself would have waited a frame.
      expect(frames).to.equal(0);
    });

    it('renders in the dark theme with dark label text', async () => {
      const el = mount({
        attention: [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
        tokens: ['a', 'b'],
        theme: 'dark',
      });
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
      await frame();
    });
  });
});
