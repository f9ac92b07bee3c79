import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { tf } from '../../../src/tf.js';
import { useBackend } from '../../../src/backend/use-backend.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import '../../../src/elements/saliency-overlay/define.js';
import type { SaliencyOverlay } from '../../../src/elements/saliency-overlay/saliency-overlay.js';
import type { LinkState } from '../../../src/events/events.js';
import { layoutPanel } from '../../../src/elements/saliency-overlay/layout.js';
import { tensorBaseline } from '../../helpers/leaks.js';

function mount(props: Partial<SaliencyOverlay> & Record<string, unknown>, style = 'width: 300px; height: 360px'): SaliencyOverlay {
  const el = document.createElement('nn-saliency-overlay');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

function surface(el: SaliencyOverlay): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[data-surface]')!;
}

/** The client point at the centre of image pixel (x, y) of the first panel, from layoutPanel over the canvas as drawn. */
function pointAt(el: SaliencyOverlay, x: number, y: number): { clientX: number; clientY: number } {
  const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas[data-panel="0"]')!;
  const box = canvas.getBoundingClientRect();
  const [height, width] = el.result!.shape;
  const { map } = layoutPanel(el.mode, width, height, box.width, box.height);
  return { clientX: box.left + map.x + ((x + 0.5) / width) * map.width, clientY: box.top + map.y + ((y + 0.5) / height) * map.height };
}

function centreOf(element: Element): { clientX: number; clientY: number } {
  const box = element.getClientRects()[0];
  return { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
}

function record<T>(el: EventTarget, type: string): T[] {
  const seen: T[] = [];
  el.addEventListener(type, (event) => seen.push((event as CustomEvent).detail as T));
  return seen;
}

function tooltipText(el: SaliencyOverlay): string | undefined {
  return el.shadowRoot!.querySelector('[part="tooltip"]')?.textContent!.replace(/\s+/g, ' ').trim();
}

/** 16 x 16 map whose value at (x, y) is 16 y + x - 100. */
function pixelFigure(): { el: SaliencyOverlay; image: Tensor } {
  const image = tf.zeros([16, 16, 1]);
  const el = mount({ image, saliency: { data: Float32Array.from({ length: 256 }, (_, i) => i - 100), shape: [16, 16] }, signed: true });
  return { el, image };
}

describe('<nn-saliency-overlay> interaction (on cpu)', () => {
  before(async () => {
    expect(await useBackend('cpu')).to.equal('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-saliency-overlay').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('keys follow the one table on an image: Home/End the corners, PageDown the bottom row, Enter pins (nn-select), Escape clears', async () => {
    const { el, image } = pixelFigure();
    await el.updateComplete;
    const hovers = record<unknown>(el, 'nn-hover');
    const selects = record<unknown>(el, 'nn-select');
    el.focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(hovers.at(-1)).to.deep.include({ kind: 'saliency-pixel', x: 15, y: 15, value: 155 });
    expect(tooltipText(el), 'the keyboard cursor shows the hover card').to.equal('pixel x 15, y 15 155');
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'PageDown' });
    await el.updateComplete;
    expect(hovers.at(-1)).to.deep.include({ x: 0, y: 15 });
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Pixel x 0, y 15: 140');
    await sendKeys({ press: 'Enter' });
    expect(selects).to.deep.equal([{ kind: 'saliency-pixel', x: 0, y: 15, value: 140, panel: 0, label: 'Attribution' }]);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(hovers.at(-1)).to.equal(null);
    expect(tooltipText(el)).to.equal(undefined);
    image.dispose();
  });

  it('a click pins the pixel under the pointer (nn-select); a drag does not', async () => {
    const { el, image } = pixelFigure();
    await el.updateComplete;
    const selects = record<{ x: number; y: number }>(el, 'nn-select');
    const at = pointAt(el, 3, 4);
    const canvas = el.shadowRoot!.querySelector('canvas[data-panel="0"]')!;
    canvas.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, pointerId: 1, ...at }));
    canvas.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true, button: 0, pointerId: 1, ...at }));
    expect(selects.map(({ x, y }) => [x, y])).to.deep.equal([[3, 4]]);
    const far = pointAt(el, 9, 9);
    canvas.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, pointerId: 1, ...at }));
    canvas.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, pointerId: 1, ...far }));
    canvas.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true, button: 0, pointerId: 1, ...far }));
    expect(selects.length).to.equal(1);
    image.dispose();
  });

  it("link: hovering a pixel and the arrow keys publish {pixel}; applyLink({pixel}) shows that pixel's card and publishes nothing", async () => {
    const { el, image } = pixelFigure();
    await el.updateComplete;
    const links = record<{ state: LinkState }>(el, 'nn-link');
    surface(el).dispatchEvent(new PointerEvent('pointermove', pointAt(el, 5, 9)));
    expect(links.map((l) => l.state)).to.deep.equal([{ pixel: { x: 5, y: 9 } }]);
    surface(el).dispatchEvent(new PointerEvent('pointerleave'));
    expect(links.at(-1)!.state).to.deep.equal({ pixel: null });
    el.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect(links.at(-1)!.state).to.deep.equal({ pixel: { x: 8, y: 8 } });
    await sendKeys({ press: 'Escape' });
    links.length = 0;
    el.applyLink({ pixel: { x: 2, y: 3 } });
    await el.updateComplete;
    expect(tooltipText(el)).to.equal(`pixel x 2, y 3 ${3 * 16 + 2 - 100}`.replace('-', '\u2212'));
    el.applyLink({ pixel: null });
    await el.updateComplete;
    expect(tooltipText(el)).to.equal(undefined);
    el.signed = false; // a property change is not a gesture
    await el.updateComplete;
    expect(links).to.deep.equal([]);
    image.dispose();
  });

  it('text: keys move a token cursor with its card and announcement; link publishes {token}; applyLink({token}) focuses it silently', async () => {
    const tokens = ['the', 'plot', 'was', 'dull', 'but', 'the', 'acting', 'was', 'superb', 'really', 'truly', 'yes'];
    const el = mount({ tokens, saliency: tokens.map((_, i) => i / 10), signed: true });
    await el.updateComplete;
    const hovers = record<unknown>(el, 'nn-hover');
    const links = record<{ state: LinkState }>(el, 'nn-link');
    el.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Shift+ArrowRight' });
    await el.updateComplete;
    expect(hovers.at(-1)).to.deep.equal({ kind: 'saliency-token', token: 10, text: 'truly', value: Math.fround(1) });
    expect(links.map((l) => l.state)).to.deep.equal([{ token: 0 }, { token: 10 }]);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Token 11 of 12, "truly": 1');
    expect(tooltipText(el)).to.equal('token truly (11 of 12) 1');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    expect(hovers.at(-1)).to.deep.include({ token: 11 });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    const spans = [...el.shadowRoot!.querySelectorAll('[part="token"]')];
    spans[2].dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, ...centreOf(spans[2]) }));
    expect(links.at(-1)!.state).to.deep.equal({ token: 2 });
    surface(el).dispatchEvent(new PointerEvent('pointerleave'));
    links.length = 0;
    el.applyLink({ token: 4 });
    await el.updateComplete;
    expect(spans[4].classList.contains('focused')).to.equal(true);
    expect(tooltipText(el)).to.equal('token but (5 of 12) 0.4');
    expect(links).to.deep.equal([]);
  });

  it("a bad mode, method or baseline attribute shows oneOf's message inside the element, and the page sees no error", async () => {
    const pageErrors: string[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.message);
    window.addEventListener('error', onError);
    try {
      const model = (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]);
      const image = tf.zeros([8, 8, 1]);
      const el = mount({ image, model, target: 0 });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const cases: [string, string, string, string][] = [
        ['mode', 'glow', 'heatmap', 'mode must be one of "overlay", "side-by-side", "heatmap", "mask"; got "glow".'],
        [
          'method',
          'lime',
          'gradient',
          'method must be one of "gradient", "gradient-x-input", "smoothgrad", "integrated-gradients", "grad-cam", "occlusion"; got "lime".',
        ],
        ['baseline', 'grey', 'white', 'baseline must be one of "black", "white", "blur", "noise"; got "grey".'],
      ];
      for (const [attribute, bad, good, message] of cases) {
        el.setAttribute(attribute, bad);
        await el.updateComplete;
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(el.error, attribute).to.equal(message);
        expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.equal(message);
        el.setAttribute(attribute, good);
        await el.updateComplete;
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(el.error, `${attribute} recovers`).to.equal(undefined);
      }
      image.dispose();
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(pageErrors).to.deep.equal([]);
  });

  it("JSON attributes that do not parse (tokens, token-ids, compare) show validate.ts's message inside the element, never a page error", async () => {
    const pageErrors: string[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.message);
    window.addEventListener('error', onError);
    try {
      const text = document.createElement('nn-saliency-overlay');
      text.setAttribute('eager', '');
      text.setAttribute('tokens', "['it's', 'fine']");
      text.setAttribute('saliency-src', 'unused.npy');
      document.body.append(text);
      await text.updateComplete;
      expect(text.error).to.match(/^tokens must be a JSON array of strings, like \["The", "cat"\]; got .*\. If a value contains an apostrophe/);
      text.setAttribute('tokens', '["it", "is"]');
      text.removeAttribute('saliency-src');
      text.setAttribute('model', '/models/review-sentiment/model.json');
      text.setAttribute('target', '1');
      text.setAttribute('token-ids', '[4, 17');
      await text.updateComplete;
      expect(text.error).to.match(/^token-ids must be a JSON array of [a-z ]+, like \[0, 11\]/);
      const image = tf.zeros([8, 8, 1]);
      const el = mount({ image, model: (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]), target: 0 });
      el.setAttribute('compare', '["gradient", "lime"]');
      await el.updateComplete;
      expect(el.error).to.equal(
        'compare must be one of "gradient", "gradient-x-input", "smoothgrad", "integrated-gradients", "grad-cam", "occlusion"; got "lime".',
      );
      image.dispose();
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(pageErrors).to.deep.equal([]);
  });

  it('switching mode never reloads the map file or reruns the model; signed re-reduces without running the method again', async () => {
    const map = { data: Array.from({ length: 8 * 8 }, (_, i) => i - 30), shape: [8, 8] };
    const file = URL.createObjectURL(new Blob([JSON.stringify(map)], { type: 'application/json' }));
    const realFetch = window.fetch;
    let fetches = 0;
    window.fetch = (...args: Parameters<typeof fetch>) => {
      if (String(args[0] instanceof Request ? args[0].url : args[0]) === file) fetches++;
      return realFetch(...args);
    };
    try {
      const image = tf.fill([8, 8, 1], 0.5);
      const el = mount({ image, saliencySrc: file });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(fetches).to.equal(1);
      for (const mode of ['heatmap', 'mask', 'side-by-side', 'overlay'] as const) {
        el.mode = mode;
        await el.updateComplete;
      }
      el.signed = true;
      await el.updateComplete;
      expect(el.result!.data[0]).to.equal(-30);
      expect(fetches, 'the file is fetched once').to.equal(1);

      let calls = 0;
      const model = (batch: Tensor) => {
        calls++;
        return tf.reshape(tf.sum(tf.mul(batch, batch), [1, 2, 3]), [-1, 1]);
      };
      el.saliencySrc = undefined;
      el.model = model;
      el.target = 0;
      await el.updateComplete;
      const once = calls;
      expect(once).to.be.greaterThan(0);
      for (const mode of ['heatmap', 'mask', 'side-by-side', 'overlay'] as const) {
        el.mode = mode;
        await el.updateComplete;
      }
      el.signed = false;
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(calls, 'no model call for a mode switch or a new reduction').to.equal(once);
      el.method = 'gradient-x-input';
      await el.updateComplete;
      expect(calls, 'a new method runs the model').to.be.greaterThan(once);
      image.dispose();
    } finally {
      window.fetch = realFetch;
      URL.revokeObjectURL(file);
    }
  });

  it('an element moved after drawing stays interactive; one removed for a task reads nothing while it redraws, then works', async () => {
    const { el, image } = pixelFigure();
    await el.updateComplete;
    const pageErrors: string[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.message);
    window.addEventListener('error', onError);
    const hovers = record<unknown>(el, 'nn-hover');
    const expected = { kind: 'saliency-pixel', x: 5, y: 9, value: 9 * 16 + 5 - 100, panel: 0, label: 'Attribution' };
    try {
      const other = document.createElement('div');
      document.body.append(other);
      other.append(el); // moved within one task: nothing is released
      surface(el).dispatchEvent(new PointerEvent('pointermove', pointAt(el, 5, 9)));
      expect(hovers).to.deep.equal([expected]);
      surface(el).dispatchEvent(new PointerEvent('pointerleave', pointAt(el, 5, 9)));
      hovers.length = 0;
      // Removed for a task: the data is released; hovering the old surface before the redraw reads nothing.
      const at = pointAt(el, 5, 9); // where the pixel was drawn (the layout goes with the data)
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const canvas = el.shadowRoot!.querySelector('canvas[data-panel="0"]')!;
      other.append(el);
      canvas.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, ...at }));
      expect(hovers).to.deep.equal([]);
      await el.updateComplete;
      surface(el).dispatchEvent(new PointerEvent('pointermove', pointAt(el, 5, 9)));
      expect(hovers).to.deep.equal([expected]);
      other.remove();
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(pageErrors).to.deep.equal([]);
    image.dispose();
  });
});

describe('<nn-saliency-overlay> removal mid-compute frees everything', () => {
  for (const backend of ['cpu', 'webgl', 'webgpu'] as const) {
    describe(`on ${backend}`, function () {
      this.timeout(120_000);
      let warmImage: Tensor | undefined;
      before(async () => {
        expect(await useBackend(backend)).to.equal(backend);
        // Warm up: the model's first load and run on this backend (compiled shaders, cached constants).
        const el = mount({ model: '/models/mnist-cnn/model.json', target: 3, image: (warmImage ??= tf.zeros([28, 28, 1])) });
        await el.updateComplete;
        expect(el.error).to.equal(undefined);
        el.remove();
      });
      after(() => {
        warmImage?.dispose();
        warmImage = undefined;
      });

      // Removed two tasks after the last batch reports: the batch loop has passed its abort check
      // and the method is reading its gradient check back, the window in which the element used to
      // keep the finished attribution in slots it had already cleared (one tensor leaked on webgl
      // and webgpu, with SmoothGrad alone and in the sanity check). On cpu that read is immediate
      // and two tasks later the map is drawn, so there it is removed inside the progress call.
      const cases: [string, Record<string, unknown>, number][] = [
        ['SmoothGrad (64 samples, model URL)', { method: 'smoothgrad', samples: 64 }, 1],
        ['Integrated Gradients', { method: 'integrated-gradients', steps: 64 }, 1],
        ['the sanity check (SmoothGrad on the model and its randomised copy)', { method: 'smoothgrad', samples: 64, compare: 'sanity-check' }, 1],
      ];
      for (const [name, props, at] of cases) {
        it(`removed during ${name}: tf.memory().numTensors returns to the baseline once the compute stops`, async () => {
          const baseline = tensorBaseline();
          const image = tf.randomUniform([28, 28, 1], 0, 1, 'float32', 7);
          const el = mount({ image, model: '/models/mnist-cnn/model.json', target: 3, ...props });
          let rendered = false;
          el.addEventListener('nn-render', () => (rendered = true));
          await new Promise<void>((resolve) => {
            const onProgress = (event: Event) => {
              const { done, total } = (event as CustomEvent<{ done: number; total: number }>).detail;
              if (done < at * total) return;
              el.removeEventListener('nn-progress', onProgress);
              const remove = () => {
                el.remove();
                resolve();
              };
              if (backend === 'cpu') remove();
              else setTimeout(() => setTimeout(remove));
            };
            el.addEventListener('nn-progress', onProgress);
          });
          expect(rendered, 'removed before the attribution was drawn').to.equal(false);
          // updateComplete waits for the aborted compute to stop; then nothing it made may be left.
          await el.updateComplete;
          await new Promise((resolve) => setTimeout(resolve, 0));
          image.dispose();
          baseline.check(`${backend}: removed during ${name}`);
        });
      }
    });
  }
});
