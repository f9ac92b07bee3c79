import { expect } from 'chai';
import { html } from 'lit';
import { tf } from '../../../src/tf.js';
import { useBackend } from '../../../src/backend/use-backend.js';
import '../../../src/elements/attention-heatmap/define.js';
import { AttentionHeatmap } from '../../../src/elements/attention-heatmap/attention-heatmap.js';
import type { AttentionHost, AttentionViewModule } from '../../../src/elements/attention-heatmap/views/host.js';
import { registerView } from '../../../src/elements/base/view.js';
import type { NnLinkEvent } from '../../../src/events/events.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';

const TOKENS = ['[CLS]', 'the', 'cat', 'sat', '[SEP]'];

/** 2 layers x 2 heads x 5 x 5 rows that sum to 1. */
function attention(): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(2 * 2 * 5 * 5);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 5) + 1;
  for (let r = 0; r < data.length; r += 5) {
    const sum = data.slice(r, r + 5).reduce((a, b) => a + b, 0);
    for (let c = 0; c < 5; c++) data[r + c] /= sum;
  }
  return { data, shape: [2, 2, 5, 5] };
}

function mount(props: Record<string, unknown>): AttentionHeatmap {
  const el = document.createElement('nn-attention-heatmap');
  el.setAttribute('style', 'width: 400px; height: 400px');
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

const key = (el: HTMLElement, k: string, more: KeyboardEventInit = {}) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...more }));

describe('<nn-attention-heatmap> on the shared architecture', () => {
  before(async () => {
    await useBackend('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-attention-heatmap').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('switching views never reloads the source or recomputes the matrix (stages keyed by their arguments)', async () => {
    // A GPU-side source: every load clones the caller's tensor, every matrix is a read-back; count both.
    const input = tf.tensor4d(attention().data, [2, 2, 5, 5]);
    const baseline = tensorBaseline();
    const el = mount({ attention: input, tokens: TOKENS });
    await el.updateComplete;
    const clones = () => tf.memory().numTensors - baseline.count;
    expect(clones()).to.equal(1); // the element's own copy of the source
    const first = el.result!.data;
    for (const view of ['model', 'lines', 'text', 'matrix', 'model', 'matrix'] as const) {
      el.view = view;
      await el.updateComplete;
      expect(el.error, view).to.equal(undefined);
      expect(clones(), `${view}: the source was not loaded again`).to.equal(1);
    }
    // The same matrix object: not recomputed by any of the switches.
    expect(el.result!.data).to.equal(first);
    el.head = 1;
    await el.updateComplete;
    expect(el.result!.data).not.to.equal(first);
    await removeAndRelease(el);
    baseline.check('after removal');
    input.dispose();
  });

  it('a bad value of each enumerated or typed attribute shows inside the element, never on the page', async () => {
    const pageErrors: string[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.message);
    window.addEventListener('error', onError);
    const el = mount({ attention: attention(), tokens: TOKENS });
    await el.updateComplete;
    const cases: [string, string, RegExp][] = [
      ['view', 'bogus', /^view must be one of "matrix", "model", "lines", "text", "patches"; got "bogus"\.$/],
      ['scale', 'bogus', /^scale must be one of "auto", "linear", "sqrt", "log"; got "bogus"\.$/],
      ['normalize', 'bogus', /^normalize must be one of "none", "row", "column"; got "bogus"\.$/],
      ['downsample', 'avg', /^downsample must be one of "max", "mean"; got "avg"\.$/],
      ['text-direction', 'up', /^text-direction must be one of "received", "given"; got "up"\.$/],
      ['head', 'abc', /^head must be a head index or "mean" \/ "max"; got "abc"\.$/],
      ['mask', '{"a":1}', /^mask must be an array of token indices, like \[0, 11\]; got an object\.$/],
      ['tokens', '["don\'t"', /tokens must be a JSON array of strings, .*apostrophe/],
    ];
    for (const [name, value, message] of cases) {
      const errors: string[] = [];
      el.addEventListener('nn-error', (e) => errors.push(e.detail.message), { once: true });
      el.setAttribute(name, value);
      await el.updateComplete;
      expect(el.error, name).to.match(message);
      expect(errors, `${name}: nn-error`).to.have.length(1);
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.match(message);
      el.removeAttribute(name);
      if (name === 'view') el.view = 'matrix';
      if (name === 'head') el.head = 0;
      await el.updateComplete;
      expect(el.error, `${name} recovers`).to.equal(undefined);
    }
    el.view = 42 as never;
    await el.updateComplete;
    expect(el.error).to.equal('view must be one of "matrix", "model", "lines", "text", "patches"; got 42.');
    window.removeEventListener('error', onError);
    expect(pageErrors).to.deep.equal([]);
  });

  it('empty axes are an error before anything is drawn, and a bad focus-query / focus-key shows inside the element', async () => {
    const pageErrors: string[] = [];
    const onError = (event: ErrorEvent) => pageErrors.push(event.message);
    window.addEventListener('error', onError);
    const el = mount({ attention: { data: new Float32Array(0), shape: [3, 0] } });
    await el.updateComplete;
    expect(el.error).to.equal('The attention has no key tokens (shape [3, 0]): there is nothing to show.');
    for (const shape of [
      [0, 0],
      [0, 4],
      [2, 0, 5],
    ]) {
      el.attention = { data: new Float32Array(0), shape };
      await el.updateComplete;
      expect(el.error, `[${shape}]`).to.match(/^The attention has no (query|key) tokens/);
    }
    // Keys and pointer on the error state do nothing (before: ImageData of width zero thrown to the page).
    key(el, 'ArrowRight');
    el.shadowRoot!.querySelector('canvas')?.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 5, clientY: 5 }));
    el.attention = attention();
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    el.setAttribute('focus-key', 'abc');
    await el.updateComplete;
    expect(el.error).to.equal('focus-key must be an integer from 0 to 4; got NaN.');
    key(el, 'ArrowRight');
    key(el, 'Enter');
    el.setAttribute('focus-query', '9');
    await el.updateComplete;
    expect(el.error).to.equal('focus-query must be an integer from 0 to 4; got 9.');
    el.setAttribute('focus-key', '2');
    el.setAttribute('focus-query', '1');
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    window.removeEventListener('error', onError);
    expect(pageErrors).to.deep.equal([]);
  });

  it('a complex or string tensor is refused, not drawn as its real part', async () => {
    const complex = tf.complex(tf.ones([3, 3]), tf.ones([3, 3]));
    const el = mount({ attention: complex });
    await el.updateComplete;
    expect(el.error).to.equal("attention: unsupported tensor dtype 'complex64'; pass a numeric tensor (for complex, tf.abs(x) or tf.real(x))");
    el.attention = [tf.complex(tf.ones([1, 1, 3, 3]), tf.zeros([1, 1, 3, 3]))];
    await el.updateComplete;
    expect(el.error).to.equal("attention: layer 0 of the list has dtype 'complex64'; pass numeric tensors");
    (el.attention as tf.Tensor[])[0].dispose();
    complex.dispose();
    el.attention = attention();
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
  });

  it('the link seam: gestures publish nn-link; applyLink shows a state without publishing it', async () => {
    const el = mount({ attention: attention(), tokens: TOKENS });
    await el.updateComplete;
    const links: NnLinkEvent['detail'][] = [];
    el.addEventListener('nn-link', (e) => links.push(e.detail));
    key(el, 'ArrowDown');
    key(el, 'ArrowDown');
    expect(links).to.deep.equal([{ state: { token: 0 } }, { state: { token: 1 } }]);
    links.length = 0;
    el.applyLink({ token: 3, layer: 1, head: 1 });
    await el.updateComplete;
    expect([el.focusQuery, el.layer, el.head]).to.deep.equal([3, 1, 1]);
    expect(links).to.deep.equal([]);
    el.view = 'model';
    await el.updateComplete;
    key(el, 'ArrowLeft');
    expect(links).to.deep.equal([{ state: { layer: 1, head: 0 } }]);
  });

  it('keys follow the one table: Home/End and PageDown move the cursor, 0 resets zoom with an announcement, Escape clears the pin', async () => {
    const el = mount({ attention: attention(), tokens: TOKENS });
    await el.updateComplete;
    const live = () => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!;
    key(el, 'ArrowRight'); // first press focuses (0, 0)
    key(el, 'End');
    await el.updateComplete;
    expect([el.focusQuery, el.focusKey]).to.deep.equal([0, 4]);
    key(el, 'PageDown');
    expect([el.focusQuery, el.focusKey]).to.deep.equal([4, 4]);
    key(el, 'Home');
    expect([el.focusQuery, el.focusKey]).to.deep.equal([4, 0]);
    key(el, 'ArrowUp', { shiftKey: true }); // ten rows up, clamped
    expect([el.focusQuery, el.focusKey]).to.deep.equal([0, 0]);
    key(el, '+');
    await el.updateComplete;
    expect(live()).to.match(/^Zoomed in: rows 0 to 3, columns 0 to 3\.$/);
    key(el, '0');
    await el.updateComplete;
    expect(live()).to.equal('Whole matrix shown.');
    expect(el.shadowRoot!.querySelector('[part="toolbar"]')).to.equal(null);
    key(el, 'Enter');
    await el.updateComplete;
    expect(live()).to.match(/^Pinned: query 0/);
    key(el, 'Escape');
    await el.updateComplete;
    expect(live()).to.equal('Cursor and pin cleared, whole matrix shown.');
    expect([el.focusQuery, el.focusKey]).to.deep.equal([undefined, undefined]);
  });

  it('model view: a burst of keys moves from where the last key left the selection, not from the last compute', async () => {
    const el = mount({ attention: attention(), tokens: TOKENS, view: 'model' });
    await el.updateComplete;
    for (const k of ['ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowLeft']) key(el, k); // no await between them
    await el.updateComplete;
    expect([el.layer, el.head]).to.deep.equal([1, 0]);
    expect(el.error).to.equal(undefined);
  });

  it('keyboard focus shows the same value card as hover', async () => {
    const el = mount({ attention: attention(), tokens: TOKENS });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="tooltip"]')).to.equal(null);
    key(el, 'ArrowRight');
    key(el, 'ArrowRight');
    await el.updateComplete;
    const card = el.shadowRoot!.querySelector('[part="tooltip"]')!.textContent!.replace(/\s+/g, ' ');
    expect(card).to.contain('query [CLS] (0)').and.to.contain('key the (1)');
  });

  it('a new view is one module registered in the table (the new-view drill)', async () => {
    // The diagonal of the shown matrix as text: template, keyboard and legend, nothing else.
    const diagonal: AttentionViewModule = {
      template: (host: AttentionHost) => {
        const [, , q] = host.data.source.shape;
        const values = Array.from({ length: q }, (_, i) => host.data.shown[i * q + i].toFixed(3));
        return html`<p class="diagonal">${values.join(' ')}</p>${host.legend(host.display().scale, ['diagonal'])}`;
      },
      command: (host, command) => {
        if (command.kind !== 'move') return false;
        host.announce(`diagonal ${command.dx}`);
        return true;
      },
    };
    registerView(AttentionHeatmap, 'diagonal', diagonal);
    try {
      const data = attention();
      const el = mount({ attention: data, tokens: TOKENS, view: 'diagonal' });
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const expected = [0, 1, 2, 3, 4].map((i) => data.data[i * 5 + i].toFixed(3)).join(' ');
      expect(el.shadowRoot!.querySelector('.diagonal')!.textContent).to.equal(expected);
      expect(el.shadowRoot!.querySelector('.legend-row')!.textContent).to.contain('diagonal');
      key(el, 'ArrowRight');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.equal('diagonal 1');
    } finally {
      delete AttentionHeatmap.views.diagonal;
    }
  });
});
