import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../src/tf.js';
import '../../../src/elements/feature-grid/define.js';
import type { FeatureGrid, FeatureHoverDetail, FeatureSelectDetail } from '../../../src/elements/feature-grid/feature-grid.js';
import type { LinkState } from '../../../src/events/events.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';

/** Activations [2, 2, 3]: channel 0 = [[0, 1], [2, 3]], channel 1 = [[4, 0], [0, 0]], channel 2 = 0.5 everywhere. */
const CHANNELS = [
  [0, 1, 2, 3],
  [4, 0, 0, 0],
  [0.5, 0.5, 0.5, 0.5],
];
const HWC = { data: Float32Array.from({ length: 12 }, (_, i) => CHANNELS[i % 3][Math.floor(i / 3)]), shape: [2, 2, 3] };

function mount(props: Record<string, unknown>, style = 'width: 400px; height: 300px; --nn-tile-size: 40px'): FeatureGrid {
  const el = document.createElement('nn-feature-grid');
  el.setAttribute('style', style);
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

function pointer(target: Element, type: string, at: { x: number; y: number }): void {
  const box = target.getBoundingClientRect();
  target.dispatchEvent(
    new PointerEvent(type, { bubbles: true, composed: true, pointerId: 1, button: 0, clientX: box.left + at.x, clientY: box.top + at.y }),
  );
}

function key(el: Element, key: string, shiftKey = false): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true }));
}

/** Records `type` events' details on `el`. */
function record<T>(el: Element, type: string): T[] {
  const seen: T[] = [];
  el.addEventListener(type, (event) => seen.push((event as CustomEvent).detail));
  return seen;
}

/** Errors that reach the page (what a throwing Lit converter or listener would cause). */
function pageErrors(): { messages: string[]; stop(): void } {
  const messages: string[] = [];
  const listener = (event: ErrorEvent) => messages.push(event.message);
  window.addEventListener('error', listener);
  return { messages, stop: () => window.removeEventListener('error', listener) };
}

const shadowText = (el: FeatureGrid, selector: string) => el.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<nn-feature-grid> on the shared layer (cpu)', () => {
  before(async () => {
    const { useBackend } = await import('../../../src/backend/use-backend.js');
    await useBackend('cpu');
  });
  afterEach(async () => {
    document.querySelectorAll('nn-feature-grid').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('switching view grid -> spatial -> grid -> spatial never fetches or computes the data again', async () => {
    const url = '/test/fixtures/npy_f4_le_c.npy'; // [2, 3, 4]: 2 x 3 positions, 4 channels
    const fetches: string[] = [];
    const fetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      fetches.push(String(input instanceof Request ? input.url : input));
      return fetch.call(window, input, init);
    };
    const input = tf.ones([4, 6, 1]);
    const baseline = tensorBaseline();
    let el: FeatureGrid;
    try {
      el = mount({ src: url, layout: 'hwc', input }, 'width: 600px; height: 320px');
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.order).to.deep.equal([0, 1, 2, 3]);
      const held = tf.memory().numTensors;
      for (const view of ['spatial', 'grid', 'spatial', 'grid'] as const) {
        el.view = view;
        await el.updateComplete;
        expect(el.error, view).to.equal(undefined);
        expect(el.shadowRoot!.querySelector(view === 'grid' ? '.scroll' : 'canvas.input'), view).to.not.equal(null);
        expect(tf.memory().numTensors, `tensors after switching to ${view}`).to.equal(held);
      }
    } finally {
      window.fetch = fetch;
    }
    expect(fetches.filter((address) => address.endsWith('npy_f4_le_c.npy')).length, 'fetches of src').to.equal(1);
    expect(el.stages.computed).to.deep.equal({ example: 1, source: 1, atlas: 1, picture: 1 });
    await removeAndRelease(el);
    baseline.check('after removal');
    input.dispose();
  });

  it("a bad value of each enumerated attribute shows oneOf's message inside the element; the page sees no error; a good value recovers", async () => {
    const errors = pageErrors();
    const baseline = tensorBaseline();
    try {
      const el = mount({ activations: HWC });
      await el.updateComplete;
      const events = record<{ message: string }>(el, 'nn-error');
      const cases: [string, string, string, string][] = [
        ['view', 'bogus', 'view must be one of "grid", "spatial"; got "bogus".', 'grid'],
        ['layout', 'nhwc', 'layout must be one of "hwc", "chw"; got "nhwc".', 'hwc'],
        ['normalize', 'bogus', 'normalize must be one of "global", "tile"; got "bogus".', 'global'],
        ['sort', 'bogus', 'sort must be one of "index", "mean", "max"; got "bogus".', 'max'],
      ];
      for (const [attribute, bad, message, good] of cases) {
        el.setAttribute(attribute, bad);
        await el.updateComplete;
        expect(el.error, attribute).to.equal(message);
        expect(shadowText(el, '[part="error"]'), attribute).to.equal(message);
        expect(events.at(-1)?.message, attribute).to.equal(message);
        el.setAttribute(attribute, good);
        await el.updateComplete;
        expect(el.error, `${attribute}="${good}"`).to.equal(undefined);
      }
      expect(el.order).to.deep.equal([1, 0, 2]);
      // objective is read when optimising.
      const model = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2, name: 'conv' })] });
      const opt = mount({ model, layer: 'conv', optimize: true, steps: 2, channels: [0] });
      opt.setAttribute('objective', 'bogus');
      await opt.updateComplete;
      expect(opt.error).to.equal('objective must be one of "channel", "neuron"; got "bogus".');
      opt.remove();
      model.dispose();
      await removeAndRelease(el);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(errors.messages).to.deep.equal([]);
    } finally {
      errors.stop();
    }
    baseline.check('after removal');
  });

  it('labels="not json", labels=\'{"a":1}\' and the property 42 show inside the element, never on the page; good labels recover', async () => {
    const errors = pageErrors();
    const baseline = tensorBaseline();
    try {
      const el = mount({ activations: HWC });
      await el.updateComplete;
      el.setAttribute('labels', 'not json');
      await el.updateComplete;
      expect(el.error).to.match(/^labels must be a JSON array of strings, like \["The", "cat"\]; got "not json"\. If a value contains an apostrophe/);
      el.setAttribute('labels', '{"a":1}');
      await el.updateComplete;
      expect(el.error).to.equal('labels must be an array of strings; got an object.');
      el.labels = 42 as never;
      await el.updateComplete;
      expect(el.error).to.equal('labels must be an array of strings; got 42.');
      expect(shadowText(el, '[part="error"]')).to.equal('labels must be an array of strings; got 42.');
      el.setAttribute('labels', '["a", "b", "c"]');
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      await removeAndRelease(el);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(errors.messages).to.deep.equal([]);
    } finally {
      errors.stop();
    }
    baseline.check('after removal');
  });

  it('keys follow the one table: arrows move, Shift+arrow ten, PageDown a screenful, End, Enter/Space select, Escape clears; the cursor shows the hover card', async () => {
    const baseline = tensorBaseline();
    // 40 channels, channel k = k everywhere; 6 columns of 40 px in 280 px.
    const el = mount(
      { activations: { data: Float32Array.from({ length: 40 }, (_, k) => k), shape: [1, 1, 40] } },
      'width: 280px; height: 200px; --nn-tile-size: 40px',
    );
    await el.updateComplete;
    const columns = el.layouts.grid!.columns;
    expect(columns).to.equal(6);
    const hovers = record<FeatureHoverDetail | null>(el, 'nn-hover');
    const selects = record<FeatureSelectDetail>(el, 'nn-select');
    el.focus();
    await el.updateComplete;
    // Keyboard focus puts the cursor on the first tile and shows its card at once (issue 12); focus moves nothing, so fires nothing.
    expect(shadowText(el, '[part="tooltip"]')).to.contain('Channel 0');
    expect(hovers.length).to.equal(0);
    key(el, 'ArrowRight');
    expect(hovers.at(-1)).to.deep.equal({ kind: 'feature-tile', channel: 1, value: 1, y: 0, x: 0 });
    await el.updateComplete;
    // The keyboard cursor shows the same card as hover, with the value.
    expect(shadowText(el, '[part="tooltip"]')).to.contain('Channel 1');
    expect(el.shadowRoot!.querySelector('[part="tooltip"] canvas.zoom')).to.not.equal(null);
    key(el, 'ArrowRight', true);
    expect(hovers.at(-1)?.channel).to.equal(11);
    key(el, 'ArrowDown');
    expect(hovers.at(-1)?.channel).to.equal(11 + columns);
    const rows = Math.max(1, Math.floor(el.shadowRoot!.querySelector<HTMLElement>('.scroll')!.clientHeight / el.layouts.grid!.pitchY));
    key(el, 'PageUp');
    expect(hovers.at(-1)?.channel).to.equal(Math.max(0, 11 + columns - rows * columns));
    key(el, 'End');
    expect(hovers.at(-1)?.channel).to.equal(39);
    await el.updateComplete;
    expect(shadowText(el, '[role="status"]')).to.equal('Channel 39 (40 of 40): mean 39, max 39, min 39');
    key(el, ' ');
    expect(selects.at(-1)).to.deep.equal({ kind: 'feature-channel', channel: 39 });
    expect(el.selected).to.equal(39);
    key(el, 'Escape');
    expect(hovers.at(-1)).to.equal(null);
    expect(el.selected).to.equal(undefined);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="tooltip"]')).to.equal(null);
    await removeAndRelease(el);
    baseline.check('after removal');
  });

  it('nn-link: hover, keys and select publish {channel}; applyLink({channel}) focuses and reveals the tile without publishing', async () => {
    const baseline = tensorBaseline();
    const el = mount(
      { activations: { data: Float32Array.from({ length: 300 }, (_, k) => k), shape: [1, 1, 300] } },
      'width: 400px; height: 200px; --nn-tile-size: 40px',
    );
    await el.updateComplete;
    const links = record<{ state: LinkState }>(el, 'nn-link');
    const spacer = el.shadowRoot!.querySelector<HTMLElement>('.spacer')!;
    const g = el.layouts.grid!;
    pointer(spacer, 'pointermove', { x: g.pitchX + 2, y: 2 });
    expect(links.map((link) => link.state)).to.deep.equal([{ channel: 1 }]);
    pointer(spacer, 'pointerdown', { x: g.pitchX + 2, y: 2 });
    pointer(spacer, 'pointerup', { x: g.pitchX + 2, y: 2 });
    expect(links.at(-1)!.state).to.deep.equal({ channel: 1 });
    expect(el.selected).to.equal(1);
    pointer(spacer, 'pointerleave', { x: 0, y: 0 });
    key(el, 'ArrowRight');
    expect(links.at(-1)!.state).to.deep.equal({ channel: 2 });
    const published = links.length;
    // From outside: the tile of channel 250 gets the cursor and its card, and is scrolled into view.
    el.applyLink({ channel: 250 });
    await el.updateComplete;
    expect(links.length, 'apply publishes nothing').to.equal(published);
    expect(shadowText(el, '[part="tooltip"]')).to.contain('Channel 250');
    const scroll = el.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
    const rowTop = Math.floor(250 / g.columns) * g.pitchY;
    expect(scroll.scrollTop).to.be.at.most(rowTop);
    expect(scroll.scrollTop + scroll.clientHeight).to.be.at.least(rowTop + g.tileHeight);
    // A property change is not a gesture.
    el.selected = 3;
    await el.updateComplete;
    expect(links.length).to.equal(published);
    el.remove();
    // A state applied before the data is there is shown when it is.
    const early = mount({ activations: HWC });
    early.applyLink({ channel: 2 });
    await early.updateComplete;
    expect(shadowText(early, '[part="tooltip"]')).to.contain('Channel 2');
    await removeAndRelease(early);
    baseline.check('after removal');
  });

  it('spatial view: keys move the pinned position (nn-hover feature-cell, announced, nn-link {pixel}); applyLink({pixel}) pins it without publishing', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2, name: 'conv', kernelInitializer: 'ones' })],
    });
    const input = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);
    const baseline = tensorBaseline();
    const el = mount({ model, layer: 'conv', input, view: 'spatial' }, 'width: 600px; height: 320px');
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    // All-ones 2 x 2 filters: position (y, x) sums its four inputs; (1, 1) = 5 + 6 + 8 + 9 = 28 is the strongest.
    expect(shadowText(el, '.caption')).to.contain('row 1, column 1 of 2 × 2');
    const hovers = record<FeatureHoverDetail | null>(el, 'nn-hover');
    const links = record<{ state: LinkState }>(el, 'nn-link');
    el.focus();
    key(el, 'ArrowLeft');
    expect(shadowText(el, '.caption')).to.contain('row 1, column 0');
    const [cell] = hovers as FeatureHoverDetail[];
    expect(cell.kind).to.equal('feature-cell');
    expect({ y: cell.y, x: cell.x }).to.deep.equal({ y: 1, x: 0 });
    expect(cell.value).to.be.closeTo(4 + 5 + 7 + 8, 1e-4);
    expect(links.map((link) => link.state)).to.deep.equal([{ pixel: { x: 0, y: 1 } }]);
    await el.updateComplete;
    expect(shadowText(el, '[role="status"]')).to.match(/^Row 1, column 0: most active channel \d \(24\)/);
    expect(shadowText(el, '[part="tooltip"]')).to.contain('row 1, column 0');
    key(el, 'Home');
    expect(shadowText(el, '.caption')).to.contain('row 0, column 0');
    // The pointer over the image moves the position too: the lower-left quarter is (1, 0).
    const image = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.input')!;
    const size = image.getBoundingClientRect().width;
    pointer(image, 'pointermove', { x: size * 0.25, y: size * 0.75 });
    expect(hovers.at(-1)).to.include({ kind: 'feature-cell', y: 1, x: 0 });
    expect(links.at(-1)!.state).to.deep.equal({ pixel: { x: 0, y: 1 } });
    expect(shadowText(el, '.caption')).to.contain('row 1, column 0');
    const published = links.length;
    el.applyLink({ pixel: { x: 1, y: 0 } });
    expect(shadowText(el, '.caption')).to.contain('row 0, column 1');
    el.applyLink({ channel: 1 });
    expect(shadowText(el, '.caption')).to.contain('over the image: channel 1');
    expect(links.length, 'apply publishes nothing').to.equal(published);
    await removeAndRelease(el);
    baseline.check('after removal');
    input.dispose();
    model.dispose();
  });
});
