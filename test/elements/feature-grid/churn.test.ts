import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../src/tf.js';
import '../../../src/elements/feature-grid/define.js';
import type { FeatureGrid } from '../../../src/elements/feature-grid/feature-grid.js';
import { forEachBackend } from '../../helpers/backends.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';

/** Activations [2, 2, 3]: a good input. */
const GOOD = { data: Float32Array.from({ length: 12 }, (_, i) => i / 12), shape: [2, 2, 3] };
/** Rank 1: not activations, an error shown inside the element. */
const BAD = { data: [1, 2, 3], shape: [3] };

const spacings: [string, () => Promise<unknown>][] = [
  ['a microtask', () => Promise.resolve()],
  ['a timer', () => new Promise((resolve) => setTimeout(resolve, 0))],
  ['a frame', () => new Promise((resolve) => requestAnimationFrame(resolve))],
];

function mount(props: Record<string, unknown>): FeatureGrid {
  const el = document.createElement('nn-feature-grid');
  el.setAttribute('style', 'width: 400px; height: 300px; --nn-tile-size: 40px');
  el.eager = true;
  Object.assign(el, props);
  document.body.append(el);
  return el;
}

/** conv 2x2 with 4 filters on [5, 5, 1]: a model small enough to optimise in a test. */
function tinyModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.conv2d({ inputShape: [5, 5, 1], filters: 4, kernelSize: 2, activation: 'relu', name: 'conv', kernelInitializer: 'ones' })],
  });
}

describe('<nn-feature-grid> under churn', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-feature-grid').forEach((el) => el.remove());
    // Elements release what they own at the end of the task that removed them.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  forEachBackend(() => {
    for (const [spacing, wait] of spacings) {
      it(`frees what it made after 50 good/bad activation swaps ${spacing} apart, ending on a good input, and after removal`, async () => {
        const baseline = tensorBaseline();
        // What one element showing the good input holds.
        const reference = mount({ activations: GOOD });
        await reference.updateComplete;
        expect(reference.error).to.equal(undefined);
        const held = tf.memory().numTensors - baseline.count;
        await removeAndRelease(reference);
        baseline.check('reference element removed');

        const el = mount({ activations: GOOD });
        await el.updateComplete;
        for (let i = 0; i < 50; i++) {
          el.activations = i % 2 === 0 ? BAD : { ...GOOD };
          await wait();
        }
        el.activations = { ...GOOD };
        await el.updateComplete;
        expect(el.error).to.equal(undefined);
        expect(el.order).to.deep.equal([0, 1, 2]);
        expect(tf.memory().numTensors - baseline.count, 'tensors held after the final good input').to.equal(held);
        await removeAndRelease(el);
        baseline.check(`after 50 swaps ${spacing} apart and removal`);
      });
    }

    it('removal during feature optimisation returns to the baseline', async () => {
      const model = tinyModel();
      const input = tf.ones([5, 5, 1]);
      const baseline = tensorBaseline();
      const el = mount({ model, layer: 'conv', input, optimize: true, steps: 400, channels: [0, 1] });
      await new Promise<void>((resolve) => {
        let seen = 0;
        el.addEventListener('nn-progress', () => {
          if (++seen === 3) resolve();
        });
      });
      await removeAndRelease(el);
      // The optimisation stops at its next step; give it a few frames.
      for (let i = 0; i < 10; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await el.updateComplete;
      baseline.check('after removal during optimisation');
      input.dispose();
      model.dispose();
    });
  });
});
