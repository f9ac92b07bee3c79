import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { Stage } from '../../src/elements/base/stage.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import type { Tensor } from '@tensorflow/tfjs-core';

describe('Stage (derived data keyed by its arguments)', () => {
  it('Stage.run computes once per distinct arguments, compared with Object.is', async () => {
    const stage = new Stage<[object, number, string], number>();
    const source = {};
    let computed = 0;
    const signal = new AbortController().signal;
    const compute = () => ++computed;
    expect(await stage.run([source, 1, 'mean'], compute, signal)).to.equal(1);
    expect(await stage.run([source, 1, 'mean'], compute, signal)).to.equal(1);
    expect(await stage.run([{}, 1, 'mean'], compute, signal)).to.equal(2); // a new source object is new data
    expect(await stage.run([source, 2, 'mean'], compute, signal)).to.equal(3);
    expect(computed).to.equal(3);
    expect(stage.has([source, 2, 'mean'])).to.equal(true);
    expect(stage.has([source, 2, 'max'])).to.equal(false);
  });

  it('Stage.run with an aborted signal throws its reason and computes nothing', async () => {
    const stage = new Stage<[number], number>();
    const controller = new AbortController();
    const reason = new DOMException('Superseded', 'AbortError');
    controller.abort(reason);
    let computed = 0;
    let thrown: unknown;
    await stage.run([1], () => ++computed, controller.signal).catch((error) => (thrown = error));
    expect(thrown).to.equal(reason);
    expect(computed).to.equal(0);
  });

  forEachBackend(() => {
    it('Stage frees a superseded tensor, a tensor whose compute was aborted, and its own on clear()', async () => {
      const baseline = tensorBaseline();
      const stage = new Stage<[number], Tensor>({ dispose: (t) => t.dispose() });
      const signal = new AbortController().signal;
      const first = await stage.run([1], () => tf.ones([4]), signal);
      const second = await stage.run([2], () => tf.zeros([4]), signal);
      expect(first.isDisposed).to.equal(true);
      expect(second.isDisposed).to.equal(false);
      // Aborted while computing: what the compute made is freed, the committed value stays.
      const controller = new AbortController();
      let made: Tensor | undefined;
      const late = stage.run(
        [3],
        async () => {
          made = tf.ones([8]);
          controller.abort(new DOMException('gone', 'AbortError'));
          return made;
        },
        controller.signal,
      );
      let thrown: unknown;
      await late.catch((error) => (thrown = error));
      expect((thrown as DOMException).name).to.equal('AbortError');
      expect(made!.isDisposed).to.equal(true);
      expect(stage.value).to.equal(second);
      expect(second.isDisposed).to.equal(false);
      stage.clear();
      expect(second.isDisposed).to.equal(true);
      expect(stage.value).to.equal(undefined);
      baseline.check('stage');
    });
  });
});

describe('Memo (synchronous derived values)', () => {
  it('Memo.get recomputes only when an argument changes', async () => {
    const { Memo } = await import('../../src/elements/base/stage.js');
    const memo = new Memo<[Float32Array, string], number>();
    const values = new Float32Array([1, 2]);
    let computed = 0;
    expect(memo.get([values, 'row'], () => ++computed)).to.equal(1);
    expect(memo.get([values, 'row'], () => ++computed)).to.equal(1);
    expect(memo.get([values, 'column'], () => ++computed)).to.equal(2);
    expect(memo.get([new Float32Array([1, 2]), 'column'], () => ++computed)).to.equal(3);
    memo.clear();
    expect(memo.get([values, 'row'], () => ++computed)).to.equal(4);
  });
});
