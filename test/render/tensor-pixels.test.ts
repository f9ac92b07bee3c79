import { expect } from 'chai';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { tf } from '../../src/tf.js';
import { tensorPixels } from '../../src/render/tensor-pixels.js';
import { bitmapOf, transientBitmap } from '../../src/render/bitmap.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak } from '../helpers/leaks.js';

/** RGBA bytes of `values` ([h, w, c] row-major) mapped from [a, b] to bytes, written out per pixel in JS. */
function reference(values: number[], c: number, a: number, b: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < values.length / c; p++) {
    const byte = (k: number) => {
      const v = values[p * c + (c === 1 ? 0 : c === 2 ? Math.min(k, 1) : k)];
      if (v !== v) return 0;
      const scaled = ((v - a) / (b - a)) * 255;
      return Math.min(255, Math.max(0, Math.round(scaled)));
    };
    out.push(byte(0), byte(1), byte(2), 255);
  }
  return out;
}

async function pixelsOf(values: number[], shape: [number, number, number], range?: 'unit' | 'auto'): Promise<number[]> {
  const image = tf.tensor3d(values, shape);
  try {
    const data = await tensorPixels(image as Tensor3D, range ? { range } : {});
    expect([data.width, data.height]).to.deep.equal([shape[1], shape[0]]);
    return Array.from(data.data);
  } finally {
    image.dispose();
  }
}

describe('tensorPixels', () => {
  forEachBackend(() => {
    it('maps [0, 1] values to bytes, repeats grey into RGB and makes alpha opaque', async () => {
      // Values whose byte is not near a .5 boundary, where float32 on the GPU and doubles here could round apart.
      const grey = [0, 0.05, 0.25, 0.6, 0.75, 1];
      expect(await pixelsOf(grey, [2, 3, 1])).to.deep.equal(reference(grey, 1, 0, 1));
      const rgb = [0, 0.2, 1, 0.8, 0.4, 0.15];
      expect(await pixelsOf(rgb, [1, 2, 3])).to.deep.equal(reference(rgb, 3, 0, 1));
    });

    it("range 'auto' keeps [0, 1], reads [0, 255] as bytes and stretches any other range from min to max", async () => {
      const unit = [0.15, 0.4, 0.8, 1];
      expect(await pixelsOf(unit, [2, 2, 1], 'auto')).to.deep.equal(reference(unit, 1, 0, 1));
      const bytes = [0, 17, 128, 254, 3, 200];
      expect(await pixelsOf(bytes, [1, 2, 3], 'auto')).to.deep.equal(reference(bytes, 3, 0, 255));
      // ImageNet-normalised values: negative, so stretched from -2 to 2.2.
      const normalised = [-2, -0.5, 0.3, 2.2];
      expect(await pixelsOf(normalised, [2, 2, 1], 'auto')).to.deep.equal(reference(normalised, 1, -2, 2.2));
      // Above 255: stretched too.
      const large = [0, 300, 600, 900];
      expect(await pixelsOf(large, [1, 4, 1], 'auto')).to.deep.equal(reference(large, 1, 0, 900));
      // A constant picture: a range of one from its value, so it is black rather than a division by zero.
      expect(await pixelsOf([-4, -4], [1, 2, 1], 'auto')).to.deep.equal(reference([-4, -4], 1, -4, -3));
    });

    it("range 'auto' leaves NaN out of the range (drawn black) and takes the first three of four channels, or two channels as R, G, G", async () => {
      const withNaN = [NaN, 2, 4, 6];
      expect(await pixelsOf(withNaN, [2, 2, 1], 'auto')).to.deep.equal(reference(withNaN, 1, 0, 255));
      const stretchedNaN = [NaN, -1, 0.5, 3];
      expect(await pixelsOf(stretchedNaN, [2, 2, 1], 'auto')).to.deep.equal(reference(stretchedNaN, 1, -1, 3));
      const rgba = [0.2, 0.4, 0.6, 0.1, 1, 0.95, 0.8, 0];
      const expected = reference([0.2, 0.4, 0.6, 1, 0.95, 0.8], 3, 0, 1);
      expect(await pixelsOf(rgba, [1, 2, 4], 'auto')).to.deep.equal(expected);
      const two = [0.2, 0.4, 1, 0];
      expect(await pixelsOf(two, [1, 2, 2], 'auto')).to.deep.equal(reference(two, 2, 0, 1));
    });

    it('rejects other shapes by name, and frees what it makes', async () => {
      const flat = tf.zeros([4, 4]);
      const four = tf.zeros([2, 2, 4]);
      try {
        let message = '';
        await tensorPixels(flat as unknown as Tensor3D).catch((error: Error) => (message = error.message));
        expect(message).to.contain('[height, width, 1 | 3], got shape [4,4]');
        await tensorPixels(four as Tensor3D).catch((error: Error) => (message = error.message));
        expect(message).to.contain('got shape [2,2,4]');
      } finally {
        flat.dispose();
        four.dispose();
      }
      const image = tf.tensor3d([0.5, -3, 7, NaN], [2, 2, 1]);
      const unitImage = tf.tensor3d([0.5, 0, 1, 0.2], [2, 2, 1]);
      await expectNoLeak(() => tensorPixels(image as Tensor3D, { range: 'auto' }), "tensorPixels(range: 'auto')");
      await expectNoLeak(() => tensorPixels(unitImage as Tensor3D), 'tensorPixels');
      image.dispose();
      unitImage.dispose();
    });
  });
});

describe('bitmapOf', () => {
  it('puts RGBA bytes or ImageData into a bitmap of their size, pixel for pixel', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 128, 0, 255, 0, 0, 255, 128, 10, 20, 30, 255, 1, 2, 3, 255, 4, 5, 6, 255]);
    for (const bitmap of [bitmapOf(rgba, 3, 2), bitmapOf(new ImageData(rgba, 3, 2))]) {
      expect([bitmap.width, bitmap.height]).to.deep.equal([3, 2]);
      const back = bitmap.getContext('2d')!.getImageData(0, 0, 3, 2).data;
      // Opaque pixels come back exactly; the half-transparent one within premultiplication rounding.
      for (let i = 0; i < rgba.length; i++) expect(Math.abs(back[i] - rgba[i]), `byte ${i}`).to.be.at.most(i >= 8 && i < 12 ? 1 : 0);
    }
  });
});

describe('transientBitmap', () => {
  it('reuses one canvas, resized to each image, holding exactly the last pixels put in it', () => {
    const big = new Uint8ClampedArray(4 * 3 * 2).fill(200);
    const first = transientBitmap(big, 3, 2);
    const red = new Uint8ClampedArray([255, 0, 0, 255, 255, 0, 0, 255]);
    const second = transientBitmap(new ImageData(red, 2, 1));
    expect(second).to.equal(first);
    expect([second.width, second.height]).to.deep.equal([2, 1]);
    expect(Array.from(second.getContext('2d')!.getImageData(0, 0, 2, 1).data)).to.deep.equal(Array.from(red));
    // Drawn where it is made, it shows those pixels even after the next call replaced them.
    const target = new OffscreenCanvas(2, 1).getContext('2d')!;
    target.drawImage(transientBitmap(red, 2, 1), 0, 0);
    transientBitmap(new Uint8ClampedArray(8), 2, 1);
    expect(Array.from(target.getImageData(0, 0, 2, 1).data)).to.deep.equal(Array.from(red));
  });
});
