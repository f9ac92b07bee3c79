import { expect } from 'chai';
import { tf } from '../../../src/tf.js';
import { useBackend } from '../../../src/backend/use-backend.js';
import '../../../src/elements/attention-heatmap/define.js';
import type { AttentionHeatmap } from '../../../src/elements/attention-heatmap/attention-heatmap.js';
import { labelText } from '../../../src/elements/attention-heatmap/draw-matrix.js';
import { HEAD_COLORS } from '../../../src/elements/attention-heatmap/lines-view.js';
import { contrast } from '../../../src/elements/attention-heatmap/text-view.js';
import { colormapLut } from '../../../src/scales/colormap.js';
import { forEachBackend } from '../../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';

// Issue 12: figures that fit an article. Each test measures what is drawn
// (rects, canvas pixels, the strings drawn on the canvas) against what the
// figure must show.

const TOKENS = ['[CLS]', 'the', 'cat', 'sat', '[SEP]'];
const SENTENCE = ['[CLS]', 'the', 'girl', 'saw', 'the', 'dog', ',', 'and', 'the', 'dog', 'saw', 'her', '.', '[SEP]'];

/** An article column: 704 px of 19 px serif prose, as in a Distill-style page. */
function column(width = 704): HTMLElement {
  const main = document.createElement('main');
  main.setAttribute('style', `width: ${width}px; font: 19px/1.6 Georgia, serif`);
  document.body.append(main);
  return main;
}

function mount(props: Record<string, unknown>, style = '', parent: HTMLElement = column()): AttentionHeatmap {
  const el = document.createElement('nn-attention-heatmap');
  if (style) el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  parent.append(el);
  return el;
}

/** Rows of `n` weights that sum to 1, the diagonal strongest. */
function selfAttention(n: number, heads = 1, layers = 1): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(layers * heads * n * n);
  for (let m = 0; m < layers * heads; m++) {
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let c = 0; c < n; c++) sum += data[(m * n + r) * n + c] = r === c ? 4 + m : 1 + ((r + c + m) % 3);
      for (let c = 0; c < n; c++) data[(m * n + r) * n + c] /= sum;
    }
  }
  return { data, shape: layers === 1 && heads === 1 ? [n, n] : [layers, heads, n, n] };
}

/** The plot's edges in client pixels, from where the element says its corner cells are drawn. */
function plotRect(el: AttentionHeatmap, q: number, k: number): { left: number; right: number; top: number; bottom: number } {
  const box = el.getBoundingClientRect();
  const first = el.locate({ kind: 'cell', query: 0, key: 0 })!;
  const last = el.locate({ kind: 'cell', query: q - 1, key: k - 1 })!;
  const cellWidth = (last.x - first.x) / Math.max(1, k - 1);
  const cellHeight = (last.y - first.y) / Math.max(1, q - 1);
  return {
    left: box.left + first.x - cellWidth / 2,
    right: box.left + last.x + cellWidth / 2,
    top: box.top + first.y - cellHeight / 2,
    bottom: box.top + last.y + cellHeight / 2,
  };
}

/** The colour bar of the legend, in client pixels. */
function barRect(el: AttentionHeatmap): DOMRect {
  return el.shadowRoot!.querySelector('svg.legend > rect')!.getBoundingClientRect();
}

interface Drawn {
  text: string;
  /** Drawn rotated (the canvas transform had a rotation). */
  rotated: boolean;
  /** A box was stroked just before this text (punctuation is boxed). */
  boxed: boolean;
  /** Where the ink is, in canvas CSS pixels: [left, top, right, bottom]. */
  bounds: [number, number, number, number];
}

/** Records every string the element's canvases draw while `body` runs. */
async function drawnStrings(body: () => Promise<void>): Promise<Drawn[]> {
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  const strokeRect = proto.strokeRect;
  const drawn: Drawn[] = [];
  let boxedAt = -1;
  proto.strokeRect = function (this: CanvasRenderingContext2D, ...args: Parameters<CanvasRenderingContext2D['strokeRect']>) {
    boxedAt = drawn.length;
    return strokeRect.apply(this, args);
  };
  proto.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<CanvasRenderingContext2D['fillText']>) {
    const t = this.getTransform();
    const scale = Math.hypot(t.a, t.b);
    const [x, y] = [t.e / scale, t.f / scale];
    const width = Math.min(this.measureText(String(args[0])).width, args[3] ?? Infinity);
    const size = Number.parseFloat(this.font);
    const rotated = Math.abs(t.b) > 1e-6;
    // Labels are drawn at the origin after translate/rotate, with textBaseline middle.
    const along = this.textAlign === 'right' ? [-width, 0] : this.textAlign === 'center' ? [-width / 2, width / 2] : [0, width];
    const bounds: Drawn['bounds'] = rotated
      ? [x - size / 2, y - along[1], x + size / 2, y - along[0]]
      : [x + along[0], y - size / 2, x + along[1], y + size / 2];
    drawn.push({ text: String(args[0]), rotated, boxed: boxedAt === drawn.length, bounds });
    return fillText.apply(this, args);
  };
  try {
    await body();
  } finally {
    proto.fillText = fillText;
    proto.strokeRect = strokeRect;
  }
  return drawn;
}

const live = (el: AttentionHeatmap) => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim();
const key = (el: HTMLElement, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

/** Elements in the shadow root that take keyboard focus on their own (a second tab stop). */
function tabStops(el: AttentionHeatmap): number {
  const candidates = el.shadowRoot!.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]');
  return [...candidates].filter((node) => node.tabIndex >= 0 && !(node as HTMLButtonElement).disabled).length;
}

/** The RGBA of the cells canvas at client position (x, y). */
function cellsPixel(el: AttentionHeatmap, x: number, y: number): number[] {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.cells')!;
  const box = canvas.getBoundingClientRect();
  const ratio = canvas.width / box.width;
  return Array.from(canvas.getContext('2d')!.getImageData(Math.floor((x - box.left) * ratio), Math.floor((y - box.top) * ratio), 1, 1).data);
}

describe('<nn-attention-heatmap> as a figure in an article (issue 12)', () => {
  afterEach(async () => {
    document.querySelectorAll('main').forEach((main) => main.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  describe('on cpu', () => {
    before(async () => {
      expect(await useBackend('cpu')).to.equal('cpu');
    });

    it('with no height set, a small matrix fills the column sensibly with square cells, and the element is as tall as its content', async () => {
      const el = mount({ attention: selfAttention(5), tokens: TOKENS });
      await el.updateComplete;
      const plot = plotRect(el, 5, 5);
      // README snippet: 5 tokens in a 704 px column drew a ~130 px matrix; cells are now up to 80 px.
      expect(plot.right - plot.left).to.be.within(399, 401);
      expect(plot.bottom - plot.top).to.be.closeTo(plot.right - plot.left, 1);
      const legend = el.shadowRoot!.querySelector('.legend-row')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      // No blank band: the legend is the last thing in the element, right under the matrix.
      expect(box.bottom - legend.bottom).to.be.lessThan(1);
      expect(legend.top - plot.bottom).to.be.lessThan(8);
    });

    it('with no height set, a 14-token matrix is as wide as the column allows', async () => {
      const el = mount({ attention: selfAttention(14), tokens: SENTENCE });
      await el.updateComplete;
      const plot = plotRect(el, 14, 14);
      const box = el.getBoundingClientRect();
      // As wide as the column, unless that would be taller than most of the screen (then it could not be seen whole).
      const tallest = Math.max(320, Math.round(innerHeight * 0.8));
      if (plot.bottom - plot.top < tallest - 1) expect(box.right - plot.right).to.be.within(0, 8);
      expect(plot.right - plot.left).to.be.greaterThan(Math.min(560, tallest - 1));
      expect(plot.bottom - plot.top).to.be.closeTo(plot.right - plot.left, 1);
      expect(box.bottom - el.shadowRoot!.querySelector('.legend-row')!.getBoundingClientRect().bottom).to.be.lessThan(1);
    });

    it('a set height is honoured, with the legend right under the matrix (no band between)', async () => {
      // Taller than the column is wide: the matrix is width-bound, and the legend must follow it, not the element's bottom.
      const el = mount({ attention: selfAttention(14), tokens: SENTENCE }, 'height: 600px', column(400));
      await el.updateComplete;
      const box = el.getBoundingClientRect();
      expect(box.height).to.equal(600);
      const plot = plotRect(el, 14, 14);
      const legend = el.shadowRoot!.querySelector('.legend-row')!.getBoundingClientRect();
      expect(legend.top - plot.bottom).to.be.within(0, 8);
      expect(legend.bottom).to.be.at.most(box.bottom + 0.5);
    });

    it('the text view is as tall as its text', async () => {
      const el = mount({ attention: selfAttention(5), tokens: TOKENS, view: 'text' });
      await el.updateComplete;
      const box = el.getBoundingClientRect();
      const svg = el.shadowRoot!.querySelector('svg.text-view')!.getBoundingClientRect();
      const legend = el.shadowRoot!.querySelector('.legend-row')!.getBoundingClientRect();
      // One line of five tokens: the old fixed 240 px left ~130 px empty.
      expect(box.bottom - legend.bottom).to.be.lessThan(1);
      expect(legend.top - svg.bottom).to.be.lessThan(8);
      expect(box.height).to.be.lessThan(200);
    });

    it('the colour bar starts and ends with the matrix (within 1 px), at 704 and at 400 px', async () => {
      for (const width of [704, 400]) {
        const el = mount({ attention: selfAttention(14), tokens: SENTENCE }, '', column(width));
        await el.updateComplete;
        const plot = plotRect(el, 14, 14);
        const bar = barRect(el);
        expect(Math.abs(bar.left - plot.left), `${width}: left`).to.be.lessThan(1);
        expect(Math.abs(bar.right - plot.right), `${width}: right`).to.be.lessThan(1);
        // Nothing drawn past the element's box.
        expect(el.shadowRoot!.querySelector('.legend-row')!.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
      }
    });

    it('the model view legend spans the thumbnail grid', async () => {
      const el = mount({ attention: selfAttention(6, 4, 3), view: 'model' });
      await el.updateComplete;
      const box = el.getBoundingClientRect();
      const first = el.locate({ kind: 'head', layer: 0, head: 0 })!;
      const last = el.locate({ kind: 'head', layer: 0, head: 3 })!;
      const pitch = (last.x - first.x) / 3;
      const bar = barRect(el);
      const thumb = el.shadowRoot!.querySelector('canvas.cells')!.getBoundingClientRect().width; // sanity: drawn
      expect(thumb).to.be.greaterThan(0);
      // The thumbnails' outer edges: centre ± half a thumbnail (pitch less the 3 px gap).
      expect(Math.abs(bar.left - (box.left + first.x - (pitch - 3) / 2))).to.be.lessThan(1);
      expect(Math.abs(bar.right - (box.left + last.x + (pitch - 3) / 2))).to.be.lessThan(1);
    });

    it('the patches view legend spans the picture', async () => {
      const image = new ImageData(40, 20);
      image.data.fill(200);
      const n = 9;
      const data = new Float32Array(n * n).map((_, i) => ((i * 7) % 5) / 5 + 0.1);
      const el = mount({ attention: { data, shape: [n, n] }, view: 'patches', patchGrid: [2, 4], image, focusQuery: 0 });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      // Patch tokens 1 and 4 are the top row's first and last patches (token 0 is the extra [CLS]).
      const box = el.getBoundingClientRect();
      const first = el.locate({ kind: 'patch', key: 1 })!;
      const last = el.locate({ kind: 'patch', key: 4 })!;
      const patch = (last.x - first.x) / 3;
      const bar = barRect(el);
      expect(Math.abs(bar.left - (box.left + first.x - patch / 2))).to.be.lessThan(1);
      expect(Math.abs(bar.right - (box.left + last.x + patch / 2))).to.be.lessThan(1);
      // Drawn at the picture's aspect (square patches of a 40 x 20 picture) across the column, and the canvas no taller than it.
      const below = el.locate({ kind: 'patch', key: 5 })!;
      expect(below.y - first.y).to.be.closeTo(patch, 0.5);
      expect(patch * 4).to.be.greaterThan(box.width - 30);
      expect(el.shadowRoot!.querySelector('canvas.cells')!.getBoundingClientRect().height).to.be.closeTo(patch * 2, 1);
    });

    it('axis titles name query and key; cross-attention says which side is source and which target', async () => {
      const drawn = await drawnStrings(async () => {
        const el = mount({ attention: selfAttention(5), tokens: TOKENS });
        await el.updateComplete;
      });
      expect(drawn.map((d) => d.text)).to.include.members(['query', 'key']);
      const cross = await drawnStrings(async () => {
        const el = mount({
          attention: [
            [0.5, 0.3, 0.2],
            [0.1, 0.8, 0.1],
          ],
          queryTokens: ['Le', 'chat'],
          keyTokens: ['The', 'cat', '.'],
        });
        await el.updateComplete;
      });
      expect(cross.map((d) => d.text)).to.include.members(['query (target)', 'key (source)']);
      // The lines view titles its two columns the same way.
      const lines = mount({
        attention: [
          [0.5, 0.3, 0.2],
          [0.1, 0.8, 0.1],
        ],
        queryTokens: ['Le', 'chat'],
        keyTokens: ['The', 'cat', '.'],
        view: 'lines',
      });
      await lines.updateComplete;
      const titles = [...lines.shadowRoot!.querySelectorAll('svg.lines .titles text')].map((t) => t.textContent);
      expect(titles).to.deep.equal(['query (target)', 'key (source)']);
    });

    it('sampled labels of a 512-token matrix carry their positions, and no two labels overlap (not at the corner either)', async () => {
      const tokens = Array.from({ length: 512 }, (_, i) =>
        i === 0 ? '[CLS]' : i === 511 ? '[SEP]' : ['the', 'cat', 'sat', 'on', 'mat', '.'][i % 6],
      );
      let el!: AttentionHeatmap;
      const drawn = await drawnStrings(async () => {
        el = mount({ attention: selfAttention(512), tokens }, '', column(704));
        await el.updateComplete;
      });
      const labels = drawn.map((d) => d.text).filter((text) => text.includes(' · '));
      expect(labels.length).to.be.greaterThan(10);
      // Every sampled label is "position · token", and the token is the one at that position.
      for (const label of labels) {
        const [position, token] = label.split(' · ');
        expect(tokens[Number(position)], label).to.equal(token);
      }
      expect(labels).to.include('0 · [CLS]');
      // No two labels overlap: not the first row's and first column's at the corner, not neighbours.
      const boxes = drawn.filter((d) => d.text.includes(' · ')).map((d) => d.bounds);
      const overlap = (a: Drawn['bounds'], b: Drawn['bounds']) => a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
      let overlaps = 0;
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) overlaps++;
      expect(overlaps).to.equal(0);
      expect(labelText(['a', 'the'], 1, true)).to.equal('1 · the');
      expect(labelText(['a', 'the'], 1, false)).to.equal('the');
    });

    it('short tokens are drawn across, long ones rotated, and punctuation in a box', async () => {
      const tokens = ['[CLS]', 'a', '.', 'internationalization', ',', '[SEP]'];
      const drawn = await drawnStrings(async () => {
        const el = mount({ attention: selfAttention(6), tokens });
        await el.updateComplete;
      });
      // The key labels are drawn after the six query labels.
      const keys = drawn.slice(6, 12);
      expect(keys.map((d) => d.text)).to.deep.equal(tokens.map((t) => (t.length > 16 ? `${t.slice(0, 15)}…` : t)));
      expect(keys.find((d) => d.text === 'a')!.rotated).to.equal(false);
      expect(keys.find((d) => d.text === '.')!.rotated).to.equal(false);
      expect(keys.find((d) => d.text.startsWith('international'))!.rotated).to.equal(true);
      expect(drawn.filter((d) => d.text === '.' || d.text === ',').every((d) => d.boxed)).to.equal(true);
      expect(drawn.filter((d) => d.text === 'a' || d.text === '[CLS]').some((d) => d.boxed)).to.equal(false);
    });

    it('canvas labels are set in the page type: the label size follows the font size', async () => {
      const sizes: string[] = [];
      const proto = CanvasRenderingContext2D.prototype;
      const fillText = proto.fillText;
      proto.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<CanvasRenderingContext2D['fillText']>) {
        sizes.push(this.font);
        return fillText.apply(this, args);
      };
      try {
        const el = mount({ attention: selfAttention(5), tokens: TOKENS });
        await el.updateComplete;
      } finally {
        proto.fillText = fillText;
      }
      // 19 px prose: labels at 0.8 of it, 15 px, in the page's serif.
      expect(sizes.length).to.be.greaterThan(0);
      expect(
        sizes.every((font) => /^15px .*Georgia/.test(font)),
        sizes[0],
      ).to.equal(true);
    });

    it('lines view: one head at first, a swatch picker with the layer named, 16 distinct head colours, keys inside one tab stop', async () => {
      expect(new Set(HEAD_COLORS.slice(0, 16)).size).to.equal(16);
      const el = mount({ attention: selfAttention(4, 16, 2), view: 'lines', layer: 1 });
      await el.updateComplete;
      const strokes = () => new Set([...el.shadowRoot!.querySelectorAll('svg.lines line')].map((line) => line.getAttribute('stroke')));
      const swatches = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.heads button')];
      expect(swatches().length).to.equal(16);
      expect(swatches().filter((b) => b.getAttribute('aria-pressed') === 'true').length).to.equal(1);
      expect(strokes().size).to.equal(1);
      expect(el.shadowRoot!.querySelector('.layer-name')!.textContent!.trim()).to.equal('layer 1');
      expect(tabStops(el)).to.equal(0);
      // Right arrow walks the picker, Enter toggles the head there.
      key(el, 'ArrowRight');
      await el.updateComplete;
      expect(live(el)).to.match(/^Head 1 of layer 1, hidden/);
      key(el, 'Enter');
      await el.updateComplete;
      expect(strokes().size).to.equal(2);
      expect(live(el)).to.match(/^Head 1 shown; drawn: heads 0, 1\./);
      // Every head on: sixteen colours, none repeated.
      for (const button of swatches().slice(2)) button.click();
      await el.updateComplete;
      expect(strokes().size).to.equal(16);
    });

    it('text view: one tab stop; Enter switches the direction and says so', async () => {
      const el = mount({ attention: selfAttention(5), tokens: TOKENS, view: 'text' });
      await el.updateComplete;
      expect(el.tabIndex).to.equal(0);
      expect(tabStops(el)).to.equal(0);
      key(el, 'Enter');
      await el.updateComplete;
      expect(el.textDirection).to.equal('given');
      expect(live(el)).to.contain('each token pays to the focused token');
    });

    it('matrix: zoomed, still one tab stop; + and Escape announce', async () => {
      const el = mount({ attention: selfAttention(14), tokens: SENTENCE });
      await el.updateComplete;
      key(el, '+');
      await el.updateComplete;
      expect(live(el)).to.match(/^Zoomed in: rows \d+ to \d+, columns \d+ to \d+\.$/);
      expect(el.shadowRoot!.querySelector('.toolbar button')).to.not.equal(null);
      expect(tabStops(el)).to.equal(0);
      key(el, 'Escape');
      await el.updateComplete;
      expect(live(el)).to.equal('Cursor and pin cleared, whole matrix shown.');
    });

    it('model view: the tooltip of the rightmost head is a card, not one character per line', async () => {
      const el = mount({ attention: selfAttention(6, 12, 2), view: 'model' });
      await el.updateComplete;
      const at = el.locate({ kind: 'head', layer: 0, head: 11 })!;
      const box = el.getBoundingClientRect();
      el.shadowRoot!.querySelector('canvas.overlay')!.dispatchEvent(
        new PointerEvent('pointermove', { bubbles: true, composed: true, pointerId: 1, clientX: box.left + at.x, clientY: box.top + at.y }),
      );
      await el.updateComplete;
      const tooltip = el.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!.getBoundingClientRect();
      expect(tooltip.width).to.be.greaterThan(80);
      expect(tooltip.height).to.be.lessThan(60);
      expect(tooltip.right).to.be.at.most(box.right + 0.5);
    });

    it('dark text view: chips are designed for the background (top token ≥ 3:1, every chip outlined ≥ 3:1, focus ring visible)', async () => {
      const values = [
        [0.05, 0.1, 0.7, 0.1, 0.05],
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.2, 0.2, 0.2, 0.2, 0.2],
      ];
      for (const colormap of ['Blues', 'viridis']) {
        const el = mount({ attention: values, tokens: TOKENS, view: 'text', focusQuery: 0, colormap, theme: 'dark' });
        el.setAttribute('theme', 'dark');
        await el.updateComplete;
        const background = getComputedStyle(el).backgroundColor;
        const chips = [...el.shadowRoot!.querySelectorAll('svg.text-view rect')];
        const fills = chips.map((rect) => rect.getAttribute('fill')!);
        // The most-attended token ("cat", 0.7) stands out from the page; the least is still a chip.
        expect(contrast(fills[2], background), `${colormap}: top chip ${fills[2]}`).to.be.at.least(3);
        expect(contrast(fills[2], background)).to.be.greaterThan(contrast(fills[0], background));
        for (const rect of chips.slice(1)) expect(contrast(rect.getAttribute('stroke')!, background), `${colormap}: outline`).to.be.at.least(3);
        // The focused token's ring: the accent, visible on the page.
        expect(contrast(chips[0].getAttribute('stroke')!, background)).to.be.at.least(3);
        // Chip text reads on its chip.
        const texts = [...el.shadowRoot!.querySelectorAll<SVGTextElement>('svg.text-view text')];
        texts.forEach((text, i) => expect(contrast(getComputedStyle(text).fill, fills[i]), `${colormap}: text ${i}`).to.be.at.least(4.5));
        el.remove();
      }
    });
  });

  forEachBackend(() => {
    it('model view: each head scaled to its own max by default, stated in the legend; the drawn colours are that normalisation', async () => {
      // 2 layers x 2 heads of 3 x 3; head h of layer l has its values times (1 + l + 2h), so on one shared scale the first head is dim.
      const base = [0.1, 0.2, 0.7, 0.3, 0.3, 0.4, 0.6, 0.2, 0.2];
      const data = new Float32Array(36);
      for (let m = 0; m < 4; m++) for (let i = 0; i < 9; i++) data[m * 9 + i] = base[i] * (1 + m);
      const baseline = tensorBaseline();
      const input = tf.tensor4d(data, [2, 2, 3, 3]);
      const el = mount({ attention: input, view: 'model', scale: 'linear' });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('.legend-row')!.textContent).to.contain('each head scaled to its own max');
      const lut = colormapLut('viridis');
      const box = el.getBoundingClientRect();
      for (let m = 0; m < 4; m++) {
        const [layer, head] = [Math.floor(m / 2), m % 2];
        const centre = el.locate({ kind: 'head', layer, head })!;
        const first = el.locate({ kind: 'head', layer: 0, head: 0 })!;
        const second = el.locate({ kind: 'head', layer: 0, head: 1 })!;
        const thumb = second.x - first.x - 3; // pitch less the gap
        for (let i = 0; i < 9; i++) {
          const [r, c] = [Math.floor(i / 3), i % 3];
          const x = box.left + centre.x - thumb / 2 + ((c + 0.5) * thumb) / 3;
          const y = box.top + centre.y - thumb / 2 + ((r + 0.5) * thumb) / 3;
          // By hand: each head divided by its own max (0.7 × (1 + m)) is base / 0.7, whatever m is.
          const index = Math.round((base[i] / 0.7) * 255) * 4;
          expect(cellsPixel(el, x, y), `layer ${layer} head ${head} cell ${i}`).to.deep.equal([lut[index], lut[index + 1], lut[index + 2], 255]);
        }
      }
      await removeAndRelease(el);
      input.dispose();
      baseline.check('model view');
    });

    it('model view: with scale auto, skewed attention ([CLS]-dominated) is drawn on a sqrt scale, and the legend says so', async () => {
      const n = 8;
      const data = new Float32Array(2 * n * n);
      for (let m = 0; m < 2; m++) for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) data[(m * n + r) * n + c] = c === 0 ? 0.9 : 0.1 / (n - 1);
      const el = mount({ attention: { data, shape: [1, 2, n, n] }, view: 'model' });
      await el.updateComplete;
      const legend = el.shadowRoot!.querySelector('.legend-row')!;
      expect(legend.textContent).to.contain('sqrt scale');
      expect(legend.querySelector('svg')!.getAttribute('aria-label')).to.contain('sqrt scale from 0 to 1');
      // A small weight (0.1/7 of 0.9, normalised 0.0159) lands at sqrt: 0.126 of the colormap, not at 0.016.
      const box = el.getBoundingClientRect();
      const centre = el.locate({ kind: 'head', layer: 0, head: 0 })!;
      const second = el.locate({ kind: 'head', layer: 0, head: 1 })!;
      const thumb = second.x - centre.x - 3;
      const x = box.left + centre.x - thumb / 2 + (1.5 * thumb) / n;
      const y = box.top + centre.y - thumb / 2 + (0.5 * thumb) / n;
      const lut = colormapLut('viridis');
      const index = Math.round(Math.sqrt(0.1 / (n - 1) / 0.9) * 255) * 4;
      expect(cellsPixel(el, x, y)).to.deep.equal([lut[index], lut[index + 1], lut[index + 2], 255]);
      await removeAndRelease(el);
    });
  });
});
