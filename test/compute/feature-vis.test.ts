import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { toChannelsLast } from '../../src/compute/feature-vis/layout.js';
import { channelOrder, channelStats, readChannelStats, topChannels } from '../../src/compute/feature-vis/channel-stats.js';
import { atlasGrid, heatmapAtlas, imageAtlas } from '../../src/compute/feature-vis/atlas.js';
import { layerActivations } from '../../src/compute/feature-vis/extract.js';
import { receptiveField } from '../../src/compute/feature-vis/receptive-field.js';
import { fourierBasis, fourierImage, spectrumScale } from '../../src/compute/feature-vis/fourier.js';
import { warp } from '../../src/compute/feature-vis/transforms.js';
import { totalVariation } from '../../src/compute/feature-vis/total-variation.js';
import { NnDataError } from '../../src/data/errors.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { expectClose } from '../helpers/close.js';

async function take(t: Tensor): Promise<number[]> {
  const values = Array.from(await t.data());
  t.dispose();
  return values;
}

/** Index of [y][x][k] in a row-major [H, W, C] array. */
const hwc = (h: number, w: number, c: number) => Float32Array.from({ length: h * w * c }, (_, i) => i);

/** A 4-entry RGBA table whose entry i is (10i, 20i, 30i, 255), so a pixel names its index. */
const LUT = Uint8ClampedArray.from([0, 0, 0, 255, 10, 20, 30, 255, 20, 40, 60, 255, 30, 60, 90, 255]);
const MISSING = [1, 2, 3, 4] as const;

/** Model: conv 2x2 (one filter, weights [[1, 2], [3, 4]], bias -10, relu) on [3, 3, 1]; then dense 1 -> 2 on the flattened 4 values. */
function tinyModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [3, 3, 1] });
  const conv = tfl.layers.conv2d({ filters: 1, kernelSize: 2, activation: 'relu', name: 'conv', useBias: true }).apply(input) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(conv) as tfl.SymbolicTensor;
  const dense = tfl.layers.dense({ units: 2, name: 'dense' }).apply(flat) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: dense });
  model.getLayer('conv').setWeights([tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]), tf.tensor1d([-10])]);
  model.getLayer('dense').setWeights([tf.tensor2d([1, 0, 0, 1, 1, 0, 0, 1], [4, 2]), tf.tensor1d([0.5, -0.5])]);
  return model;
}

describe('feature-vis compute', () => {
  it('receptiveField composes strides and offsets: conv 3 → pool 2 → conv 3 centres position i on pixel 3.5 + 2i, 8 pixels wide', async () => {
    await useBackend('cpu');
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 1, kernelSize: 3, name: 'conv1' }),
        tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
        tfl.layers.conv2d({ filters: 1, kernelSize: 3, name: 'conv2' }),
        tfl.layers.conv2d({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', name: 'conv3' }),
        tfl.layers.flatten({ name: 'flat' }),
      ],
    });
    // conv1: start (3-1)/2 = 1, jump 1, size 3; pool1: start 1 + 0.5·1 = 1.5, jump 2, size 4; conv2: 1.5 + 1·2 = 3.5, jump 2, size 8;
    // conv3 ('same', stride 2): start stays 3.5, jump 4, size 8 + 2·2 = 12.
    expect(receptiveField(model, 'conv1')).to.deep.equal({ start: [1, 1], jump: [1, 1], size: [3, 3] });
    expect(receptiveField(model, 'conv2')).to.deep.equal({ start: [3.5, 3.5], jump: [2, 2], size: [8, 8] });
    expect(receptiveField(model, 'conv3')).to.deep.equal({ start: [3.5, 3.5], jump: [4, 4], size: [12, 12] });
    expect(receptiveField(model, 'flat')).to.equal(undefined);
    model.dispose();
    // A 2 x 2 'valid' convolution: position i centred on pixel 0.5 + i.
    const small = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2, name: 'conv' })] });
    expect(receptiveField(small, 'conv')).to.deep.equal({ start: [0.5, 0.5], jump: [1, 1], size: [2, 2] });
    small.dispose();
  });

  forEachBackend(() => {
    it('toChannelsLast keeps [H, W, C], drops a batch of 1, and transposes [C, H, W] with layout chw', async () => {
      const values = hwc(2, 3, 4);
      const same = tf.tensor3d(values, [2, 3, 4]);
      expect(await take(toChannelsLast(same))).to.deep.equal(Array.from(values));
      const batched = tf.tensor4d(values, [1, 2, 3, 4]);
      const fromBatch = toChannelsLast(batched);
      expect(fromBatch.shape).to.deep.equal([2, 3, 4]);
      expect(await take(fromBatch)).to.deep.equal(Array.from(values));
      // [C=2, H=3, W=4]: element (c, y, x) = 12c + 4y + x goes to [y, x, c].
      const chw = tf.tensor3d(hwc(2, 3, 4), [2, 3, 4]);
      const last = toChannelsLast(chw, 'chw');
      expect(last.shape).to.deep.equal([3, 4, 2]);
      const expected: number[] = [];
      for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 2; c++) expected.push(12 * c + 4 * y + x);
      expect(await take(last)).to.deep.equal(expected);
      const strip = toChannelsLast(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
      expect(strip.shape).to.deep.equal([1, 3, 2]);
      strip.dispose();
      expect(same.isDisposed || batched.isDisposed || chw.isDisposed).to.equal(false);
      tf.dispose([same, batched, chw]);
    });

    it('toChannelsLast rejects wrong ranks, batches of 2 and channels-first data without layout="chw"', () => {
      const cases: [Tensor, string | undefined, RegExp][] = [
        [tf.zeros([1, 2, 3, 4, 5]), undefined, /expected rank 2 \[N, C\], 3 \[H, W, C\] or 4 \[1, H, W, C\], got rank 5 \[1, 2, 3, 4, 5\]/],
        [tf.zeros([2, 4, 4, 3]), undefined, /one example.*\[2, 4, 4, 3\]/],
        [tf.zeros([16, 14, 14]), undefined, /\[16, 14, 14\] looks channels-first .* set layout="chw"/],
        [tf.zeros([1, 16, 14, 14]), undefined, /looks channels-first/],
        [tf.zeros([14, 14, 16]), 'chw', /layout="chw" but shape \[14, 14, 16\] looks channels-last/],
      ];
      const baseline = tensorBaseline();
      for (const [input, layout, message] of cases) {
        expect(() => toChannelsLast(input, layout as 'chw' | undefined)).to.throw(NnDataError, message);
      }
      baseline.check('errors');
      // layout="hwc" accepts the ambiguous shape as it is.
      const forced = toChannelsLast(cases[2][0], 'hwc');
      expect(forced.shape).to.deep.equal([16, 14, 14]);
      forced.dispose();
      tf.dispose(cases.map(([t]) => t));
    });

    it('channelStats gives the mean, max and min of each channel, ignoring NaN and Infinity', async () => {
      // [2, 2, 3]: channel 0 = [1, 2, 3, 4], channel 1 = [-1, NaN, 5, Infinity], channel 2 = [0, 0, 0, 0].
      const t = tf.tensor3d([1, -1, 0, 2, NaN, 0, 3, 5, 0, 4, Infinity, 0], [2, 2, 3]);
      const statsTensor = channelStats(t);
      const stats = await readChannelStats(statsTensor);
      statsTensor.dispose();
      t.dispose();
      expectClose(stats.mean, [2.5, 2, 0], 1e-6, 'mean');
      expectClose(stats.max, [4, 5, 0], 0, 'max');
      expectClose(stats.min, [1, -1, 0], 0, 'min');
    });

    it('heatmapAtlas colours each tile through the LUT, global and per tile, NaN as missing, arranged row by row', async () => {
      // 3 channels of 1 x 2: ch0 = [0, 3], ch1 = [1, 2], ch2 = [NaN, 1.5]; grid 2 columns x 2 rows.
      const t = tf.tensor3d([0, 1, NaN, 3, 2, 1.5], [1, 2, 3]);
      const grid = atlasGrid(3, 1, 2);
      expect([grid.columns, grid.rows]).to.deep.equal([2, 2]);
      const atlas = heatmapAtlas(t, grid, { normalize: 'global', domain: [0, 3], signed: false, lut: LUT, missing: MISSING });
      expect(atlas.shape).to.deep.equal([2, 4, 4]);
      // Global [0, 3] over 4 levels: index = round(v / 3 * 3) = round(v).
      const px = (i: number) => [10 * i, 20 * i, 30 * i, 255];
      const global = await take(atlas);
      expect(global).to.deep.equal([
        ...px(0),
        ...px(3),
        ...px(1),
        ...px(2), // row 0: ch0 then ch1
        ...MISSING,
        ...px(2),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0, // row 1: ch2 (NaN, round(1.5) = 2), then an empty cell
      ]);
      // Per tile, each over [0, its max]: ch0 3 -> 3, 0 -> 0; ch1 [1, 2] / 2 * 3 = [1.5, 3] -> [2, 3]; ch2 1.5 -> 3.
      const perTile = await take(heatmapAtlas(t, grid, { normalize: 'tile', domain: [0, 1], signed: false, lut: LUT, missing: MISSING }));
      expect(perTile.slice(0, 16)).to.deep.equal([...px(0), ...px(3), ...px(2), ...px(3)]);
      expect(perTile.slice(16, 24)).to.deep.equal([...MISSING, ...px(3)]);
      t.dispose();
    });

    it('imageAtlas scales [0, 1] images to bytes and greys one channel', async () => {
      const images = tf.tensor4d([0, 0.5, 1, 0.2], [2, 1, 2, 1]) as Tensor4D;
      const atlas = await take(imageAtlas(images, atlasGrid(2, 1, 2)));
      expect(atlas).to.deep.equal([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 51, 51, 51, 255]);
      images.dispose();
    });

    it('channelOrder sorts by index, mean or max (descending, ties by index), or a checked list; topChannels picks the most active', () => {
      const stats = { mean: Float32Array.from([1, 3, 3, 0]), max: Float32Array.from([9, 2, 4, 4]), min: new Float32Array(4) };
      expect(channelOrder(stats, 'index')).to.deep.equal([0, 1, 2, 3]);
      expect(channelOrder(stats, 'mean')).to.deep.equal([1, 2, 0, 3]);
      expect(channelOrder(stats, 'max')).to.deep.equal([0, 2, 3, 1]);
      expect(channelOrder(stats, [3, 1])).to.deep.equal([3, 1]);
      expect(() => channelOrder(stats, [4])).to.throw(/4 is not a channel; the layer has 4 channels \(0 to 3\)/);
      expect(() => channelOrder(stats, [1, 1])).to.throw(/channel 1 is listed twice/);
      expect(topChannels(stats, 2)).to.deep.equal([1, 2]);
    });

    it('layerActivations equals a hand-computed conv + relu and dense layer, and lists the layers for a wrong name', async () => {
      const model = tinyModel();
      // Input 3x3 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]. Conv at (0,0): 1·1 + 2·2 + 3·4 + 4·5 - 10 = 27;
      // (0,1): 2 + 6 + 15 + 24 - 10 = 37; (1,0): 4 + 10 + 21 + 32 - 10 = 57; (1,1): 5 + 12 + 24 + 36 - 10 = 67.
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);
      const batch = tf.expandDims(x, 0) as Tensor4D;
      const baseline = tensorBaseline();
      const conv = layerActivations(model, 'conv', x);
      expect(conv.shape).to.deep.equal([2, 2, 1]);
      expect(await take(conv)).to.deep.equal([27, 37, 57, 67]);
      // Dense: [27 + 57 + 0.5, 37 + 67 - 0.5] with the weights above, as [1, 1, 2].
      const dense = layerActivations(model, 'dense', batch);
      expect(dense.shape).to.deep.equal([1, 1, 2]);
      expectClose(await take(dense), [84.5, 103.5], 1e-4, 'dense');
      baseline.check('layerActivations');
      expect(() => layerActivations(model, 'conv3', x)).to.throw('layer "conv3" is not in the model. Its layers: "conv", "flat", "dense".');
      const wrong = tf.zeros([4, 4, 1]);
      expect(() => layerActivations(model, 'conv', wrong)).to.throw(/input has shape \[4, 4, 1\], but the model takes \[3, 3, 1\]/);
      tf.dispose([x, batch, wrong]);
      model.dispose();
    });

    it('fourierImage equals the inverse DFT written out, pixel by pixel', async () => {
      const [b, h, w] = [2, 3, 4];
      const spectrum = Float32Array.from({ length: 2 * b * h * w }, (_, i) => Math.sin(i * 1.7) * 0.5);
      const scale = spectrumScale(h, w);
      const expected: number[] = [];
      for (let k = 0; k < b; k++) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            let sum = 0;
            for (let u = 0; u < h; u++) {
              for (let v = 0; v < w; v++) {
                const theta = 2 * Math.PI * ((u * y) / h + (v * x) / w);
                const s = scale[u * w + v] / Math.sqrt(h * w);
                const re = spectrum[(k * h + u) * w + v];
                const im = spectrum[b * h * w + (k * h + u) * w + v];
                sum += s * (re * Math.cos(theta) - im * Math.sin(theta));
              }
            }
            expected.push(sum);
          }
        }
      }
      const basis = fourierBasis(h, w);
      const params = tf.tensor4d(spectrum, [2, b, h, w]);
      const image = tf.tidy(() => fourierImage(params, basis));
      expect(image.shape).to.deep.equal([b, h, w]);
      expectClose(await take(image), expected, 1e-4, 'image');
      // The DC term's scale is max(h, w) = 4 (frequency floor 1/4); (1, 0) has |f| = 1/3.
      expect(scale[0]).to.equal(4);
      expect(scale[w]).to.be.closeTo(3, 1e-6);
      params.dispose();
      basis.dispose();
    });

    it('warp: the identity leaves images alone, a one-pixel shift moves them and pads; totalVariation by hand', async () => {
      const image = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]) as Tensor4D;
      const same = tf.tidy(() => warp(image, { dy: 0, dx: 0, scale: 1, degrees: 0 }));
      expectClose(await take(same), [1, 2, 3, 4, 5, 6, 7, 8, 9], 1e-5, 'identity');
      const down = tf.tidy(() => warp(image, { dy: 1, dx: 0, scale: 1, degrees: 0 }, -1));
      expectClose(await take(down), [-1, -1, -1, 1, 2, 3, 4, 5, 6], 1e-5, 'shifted down');
      // 180 degrees about the centre reverses the image.
      const turned = tf.tidy(() => warp(image, { dy: 0, dx: 0, scale: 1, degrees: 180 }));
      expectClose(await take(turned), [9, 8, 7, 6, 5, 4, 3, 2, 1], 1e-4, 'rotated 180');
      // TV: vertical |4-1|·3 + |7-4|·3 = 18, horizontal |2-1|·6 = 6: 24.
      expectClose(await take(totalVariation(image)), [24], 1e-5, 'tv');
      image.dispose();
    });
  });
});
