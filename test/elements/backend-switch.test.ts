import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';

/**
 * Issue 12 item 3: a page changes its backend while elements hold tensors
 * on the old one (the feature-grid docs page called `useBackend('webgl')`
 * while six other stories held WebGPU tensors, and five of them then showed
 * "Failed to compile fragment shader"). Every element must keep drawing,
 * recomputing on the new backend from its inputs, with nothing leaked.
 */

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);

/** The small inputs the element tests use, one per element. */
const elements: { tag: string; props: () => Record<string, unknown> }[] = [
  { tag: 'nn-attention-heatmap', props: () => ({ attention: { data: ramp(6 * 6), shape: [6, 6] } }) },
  { tag: 'nn-hidden-state-tracer', props: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5 }) },
  { tag: 'nn-feature-grid', props: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }) },
  {
    tag: 'nn-saliency-overlay',
    props: () => ({ saliency: { data: ramp(8 * 8), shape: [8, 8] }, image: new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8) }),
  },
];

function mount(tag: string, props: Record<string, unknown>): NnElement {
  const el = document.createElement(tag) as NnElement;
  el.setAttribute('style', 'display: block; width: 400px; height: 320px');
  Object.assign(el, { eager: true, ...props });
  document.body.append(el);
  return el;
}

/** Whether any canvas in the element's shadow root has a painted pixel (a boolean, not the canvas: see keyboard.test.ts). */
function painted(el: NnElement): boolean {
  for (const canvas of el.shadowRoot!.querySelectorAll('canvas')) {
    if (canvas.width === 0 || canvas.height === 0) continue;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!pixels) continue;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
  }
  return false;
}

const errorShown = (el: NnElement) => el.shadowRoot!.querySelector('[part="error"]') !== null;

/** Waits until every element has drawn on the backend in use (or shows an error). */
async function settled(els: NnElement[]): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await Promise.all(els.map((el) => el.updateComplete));
    if (els.every((el) => el.error !== undefined || el.backend === tf.getBackend())) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a page that switches its backend from webgpu to webgl', function () {
  this.timeout(180_000);

  after(async () => {
    await useBackend('cpu');
  });

  afterEach(async () => {
    document.querySelectorAll(elements.map((e) => e.tag).join(',')).forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  /** Mounts all four on webgpu, switches to webgl, and lets each redraw (or be interacted with). */
  async function cycle(touch: 'redraw' | 'key'): Promise<NnElement[]> {
    expect(await useBackend('webgpu')).to.equal('webgpu');
    const els = elements.map(({ tag, props }) => mount(tag, props()));
    await Promise.all(els.map((el) => el.updateComplete));
    for (const el of els) {
      expect(el.error, `${el.localName} on webgpu`).to.equal(undefined);
      expect(el.backend, el.localName).to.equal('webgpu');
    }
    expect(await useBackend('webgl')).to.equal('webgl');
    for (const el of els) {
      if (touch === 'redraw') el.style.width = '380px';
      else el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true, cancelable: true }));
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await settled(els);
    return els;
  }

  for (const touch of ['redraw', 'key'] as const) {
    it(`every element recomputes on webgl and draws when it is next ${touch === 'redraw' ? 'redrawn (a resize)' : 'used (a key)'}`, async () => {
      const els = await cycle(touch);
      for (const el of els) {
        expect(el.error, `${el.localName}: error after the switch`).to.equal(undefined);
        expect(errorShown(el), `${el.localName}: error part`).to.equal(false);
        expect(el.backend, `${el.localName}: backend after it recomputed`).to.equal('webgl');
        expect(painted(el), `${el.localName}: a painted canvas`).to.equal(true);
      }
    });
  }

  it('never makes tfjs move a tensor across synchronously (the cause of the lost WebGL context): no WebGPU readSync after the switch', async () => {
    // A webgl op on a webgpu tensor moves it with the webgpu backend's
    // readSync, which reads the buffer through new OffscreenCanvases for
    // every tensor; several elements doing so in one task lost the page's
    // WebGL context. Elements recompute from their inputs instead, and a
    // caller's tensor is read with data().
    const webgpu = tf.findBackend('webgpu') as unknown as { readSync(dataId: object): unknown };
    const original = webgpu.readSync;
    let reads = 0;
    webgpu.readSync = function (this: unknown, dataId: object) {
      reads++;
      return original.call(this, dataId);
    };
    try {
      expect(await useBackend('webgpu')).to.equal('webgpu');
      // A tensor of the page's own, made on webgpu, read by an element after the switch.
      const activations = tf.tensor3d(ramp(4 * 4 * 12), [4, 4, 12]);
      const els = [...elements.map(({ tag, props }) => mount(tag, props())), mount('nn-feature-grid', { activations })];
      await Promise.all(els.map((el) => el.updateComplete));
      reads = 0;
      expect(await useBackend('webgl')).to.equal('webgl');
      for (const el of els) {
        el.style.width = '390px';
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true, cancelable: true }));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await settled(els);
      for (const el of els) expect(el.backend, el.localName).to.equal('webgl');
      expect(reads, 'webgpu readSync calls after the switch').to.equal(0);
      expect(activations.isDisposed, "the page's tensor").to.equal(false);
      activations.dispose();
    } finally {
      webgpu.readSync = original;
    }
  });

  it('leaks no tensor: what was made on webgpu is freed when replaced on webgl, and all of it on removal', async () => {
    // A first cycle warms what tfjs keeps for the page's lifetime (compiled programs, constants).
    const warm = await cycle('redraw');
    warm.forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = tf.memory().numTensors;
    const els = await cycle('redraw');
    for (const el of els) expect(el.backend, el.localName).to.equal('webgl');
    els.forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = tf.memory().numTensors;
    expect(after - before, 'tensors leaked').to.equal(0);
  });

  it("tensors the page passed in stay the page's: an element recomputing on the new backend disposes none", async () => {
    expect(await useBackend('webgpu')).to.equal('webgpu');
    const attention = tf.tensor2d(ramp(36), [6, 6]);
    const el = mount('nn-attention-heatmap', { attention });
    await el.updateComplete;
    expect(await useBackend('webgl')).to.equal('webgl');
    el.style.width = '360px';
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await settled([el]);
    expect(el.backend).to.equal('webgl');
    expect(attention.isDisposed, 'caller tensor disposed').to.equal(false);
    expect(Array.from(await attention.data()).length).to.equal(36);
    attention.dispose();
  });

  it('a switch while an element computes: the run starts again on the new backend, with no WebGPU readSync and nothing leaked', async () => {
    // The attributes fuzz saw this: a switch to cpu while an element was
    // still computing on webgpu. A later stage of the run fed an earlier
    // stage's webgpu tensor to cpu ops (tfjs moved it with a synchronous
    // read), the webgpu device was lost ("A valid external Instance
    // reference no longer exists"), and every webgpu compute on the page
    // failed after ("createBuffer failed ... mappedAtCreation").
    expect(await useBackend('webgpu')).to.equal('webgpu');
    const webgpu = tf.findBackend('webgpu') as unknown as { readSync(dataId: object): unknown; read(dataId: object): Promise<unknown> };
    const attention = tf.tensor4d(ramp(2 * 2 * 6 * 6), [2, 2, 6, 6]);
    // Warm: tfjs makes some constants once per backend.
    const warm = mount('nn-attention-heatmap', { attention, view: 'model' });
    await warm.updateComplete;
    warm.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = tf.memory().numTensors;
    const { readSync, read } = webgpu;
    let syncReads = 0;
    let switched = false;
    webgpu.readSync = function (this: unknown, dataId: object) {
      syncReads++;
      return readSync.call(this, dataId);
    };
    // The page switches to webgl during the element's first read back from the GPU (the selected matrix).
    webgpu.read = async function (this: unknown, dataId: object) {
      const values = await read.call(this, dataId);
      if (!switched) {
        switched = true;
        await useBackend('webgl');
      }
      return values;
    };
    try {
      const el = mount('nn-attention-heatmap', { attention, view: 'model' });
      await settled([el]);
      expect(switched, 'switched mid-run').to.equal(true);
      expect(el.error, 'error').to.equal(undefined);
      expect(el.backend).to.equal('webgl');
      expect(painted(el), 'painted').to.equal(true);
      expect(syncReads, 'webgpu readSync calls').to.equal(0);
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(tf.memory().numTensors - before, 'tensors leaked').to.equal(0);
    } finally {
      webgpu.readSync = readSync;
      webgpu.read = read;
      attention.dispose();
    }
  });
});
