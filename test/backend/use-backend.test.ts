import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { useBackend, ensureBackend } from '../../src/backend/use-backend.js';
import { forEachBackend } from '../helpers/backends.js';

describe('useBackend', () => {
  forEachBackend((backend) => {
    it(`useBackend('${backend}') computes a matmul that matches the hand-derived product`, async () => {
      // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]
      const a = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const b = tf.tensor2d([
        [5, 6],
        [7, 8],
      ]);
      const c = tf.matMul(a, b);
      expect(Array.from(await c.data())).to.deep.equal([19, 22, 43, 50]);
      expect(tf.getBackend()).to.equal(backend);
      tf.dispose([a, b, c]);
    });
  });

  it("useBackend('auto') picks webgpu first where the browser has it", async () => {
    const name = await useBackend('auto');
    expect(name).to.equal('webgpu');
    expect(tf.getBackend()).to.equal('webgpu');
  });

  it("useBackend('wasm') rejects with a message naming the missing package", async () => {
    let message = '';
    try {
      await useBackend('wasm');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.contain('wasm').and.to.contain('@tensorflow/tfjs-backend-wasm');
  });

  it('ensureBackend() falls back to auto after a failed explicit choice', async () => {
    await useBackend('wasm').catch(() => undefined);
    expect(await ensureBackend()).to.equal('webgpu');
  });
});

describe('useBackend called concurrently', () => {
  it('three simultaneous auto selections all settle on webgpu, as one call does', async () => {
    await useBackend('cpu');
    const names = await Promise.all([useBackend('auto'), useBackend('auto'), useBackend('auto')]);
    expect(names).to.deep.equal(['webgpu', 'webgpu', 'webgpu']);
    expect(tf.getBackend()).to.equal('webgpu');
  });

  it('calls apply in order: the last one asked for wins', async () => {
    const names = await Promise.all([useBackend('webgl'), useBackend('cpu')]);
    expect(names).to.deep.equal(['webgl', 'cpu']);
    expect(tf.getBackend()).to.equal('cpu');
  });
});
