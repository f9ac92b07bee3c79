import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../src/tf.js';
import { featureObjective, visualizeChannels } from '../../src/compute/feature-vis/optimize.js';
import { mulberry32, normals } from '../../src/compute/random.js';
import { forEachBackend } from '../helpers/backends.js';
import { tensorBaseline } from '../helpers/leaks.js';
import { take } from './attribution/support.js';

/**
 * Lucid's `_linear_decorrelate_color` (lucid/optvis/param/color.py): the
 * square root of ImageNet's colour correlation, divided by its largest
 * column norm, applied to each pixel's three planes as `rgb = M · x`
 * (`t_flat @ M.T`), then `to_valid_rgb`'s sigmoid. Written out here, apart
 * from src/, so the test checks the code against the paper's numbers.
 */
const COLOR_CORRELATION_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];
const MAX_COLUMN_NORM = Math.max(...[0, 1, 2].map((j) => Math.sqrt(COLOR_CORRELATION_SQRT.reduce((sum, row) => sum + row[j] ** 2, 0))));
const M = COLOR_CORRELATION_SQRT.map((row) => row.map((value) => value / MAX_COLUMN_NORM));
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** Uniforms in [-scale, scale) from mulberry32: the same parameters on every backend. */
function uniforms(seed: number, count: number, scale: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

/** rgb[y][x][i] = lo + (hi - lo) · sigmoid(Σ_j M_ij · planes[j][y][x] + bias), planes [3, h, w] flat. */
function referenceImage(planes: Float32Array, h: number, w: number, matrix: number[][], range: [number, number] = [0, 1], bias = 0): Float32Array {
  const out = new Float32Array(h * w * 3);
  for (let p = 0; p < h * w; p++) {
    for (let i = 0; i < 3; i++) {
      let t = bias;
      for (let j = 0; j < 3; j++) t += matrix[i][j] * planes[j * h * w + p];
      out[p * 3 + i] = range[0] + (range[1] - range[0]) * sigmoid(t);
    }
  }
  return out;
}

/**
 * The Fourier image of one plane, by the definition: for pixel (y, x),
 * Σ_uv s_uv (a_uv cos θ − b_uv sin θ), θ = 2π(uy/h + vx/w), with
 * s_uv = 1 / max(|f_uv|, 1 / max(h, w)) / sqrt(h w) (Lucid's fft_image:
 * numpy fftfreq frequencies, spectrum scaled by sqrt(h w), irfft2d dividing by h w),
 * then divided by 4 as Lucid does before the sigmoid.
 */
function referenceFourierPlane(real: Float32Array, imag: Float32Array, h: number, w: number): Float32Array {
  const freq = (k: number, n: number) => (k < Math.ceil(n / 2) ? k : k - n) / n;
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let u = 0; u < h; u++) {
        for (let v = 0; v < w; v++) {
          const s = 1 / Math.max(Math.hypot(freq(u, h), freq(v, w)), 1 / Math.max(h, w)) / Math.sqrt(h * w);
          const theta = 2 * Math.PI * ((u * y) / h + (v * x) / w);
          sum += s * (real[u * w + v] * Math.cos(theta) - imag[u * w + v] * Math.sin(theta));
        }
      }
      out[y * w + x] = sum / 4;
    }
  }
  return out;
}

/** Input [h, w, 3], flattened, read out by an identity dense layer: its unit (y·w + x)·3 + c is pixel (y, x) channel c. */
function pixelReadout(h: number, w: number): tfl.LayersModel {
  const units = h * w * 3;
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [h, w, 3], name: 'flat' }), tfl.layers.dense({ units, name: 'pixels' })],
  });
  model.getLayer('pixels').setWeights([tf.eye(units), tf.zeros([units])]);
  return model;
}

/** conv 3x3 (4 filters, relu) on [16, 16, 3], then conv 3x3 (3 filters, relu, bias 0.5: above the ReLU on the grey start), fixed seeded weights. */
function colourCnn(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv1' }),
      tfl.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', name: 'conv2' }),
    ],
  });
  model.getLayer('conv1').setWeights([tf.tensor4d(uniforms(11, 108, 0.5), [3, 3, 3, 4]), tf.tensor1d(uniforms(12, 4, 0.1))]);
  model.getLayer('conv2').setWeights([tf.tensor4d(uniforms(13, 108, 0.5), [3, 3, 4, 3]), tf.tensor1d([0.5, 0.5, 0.5])]);
  return model;
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('feature visualisation: colour decorrelation of 3-channel images', () => {
  it('the matrix written out here is Lucid’s: largest column norm 1, invertible', () => {
    // Column norms of the raw matrix: sqrt(.26² + .27² + .27²) = 0.4619 is the largest.
    expect(MAX_COLUMN_NORM).to.be.closeTo(0.46195, 1e-5);
    const norms = [0, 1, 2].map((j) => Math.hypot(M[0][j], M[1][j], M[2][j]));
    expect(Math.max(...norms)).to.be.closeTo(1, 1e-12);
    const det =
      M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
      M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
      M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
    expect(Math.abs(det)).to.be.greaterThan(1e-3);
  });

  forEachBackend((backend) => {
    const [h, w] = [3, 2]; // not square, and odd: a swapped axis or transposed layout would show
    let readout: tfl.LayersModel;
    before(() => {
      readout = pixelReadout(h, w);
    });
    after(() => readout.dispose());

    /** Every pixel value of the optimiser's image for `params`, read one at a time through the identity readout. */
    async function optimiserImage(params: Float32Array, decorrelate: boolean, range?: [number, number]): Promise<Float32Array> {
      const out = new Float32Array(h * w * 3);
      for (let unit = 0; unit < out.length; unit++) {
        const { f, paramShape, dispose } = featureObjective(readout, 'pixels', [unit], { decorrelate, range });
        expect(paramShape).to.deep.equal([decorrelate ? 2 : 1, 3, h, w]);
        const p = tf.tensor(params, paramShape);
        out[unit] = (await take(f(p)))[0];
        p.dispose();
        dispose();
      }
      return out;
    }

    it('pixel parameters: each RGB pixel is sigmoid(M · x) of its three planes, scaled into the range', async () => {
      const baseline = tensorBaseline();
      // Large parameters (±2) so M · x is far from x: the identity would miss by more than 0.1.
      const planes = uniforms(21, 3 * h * w, 2);
      const image = await optimiserImage(planes, false);
      const expected = referenceImage(planes, h, w, M);
      const tolerance = backend === 'cpu' ? 1e-6 : 1e-5;
      expect(maxDifference(image, expected), `got ${Array.from(image)}, expected ${Array.from(expected)}`).to.be.at.most(tolerance);
      const identity = referenceImage(planes, h, w, [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]);
      expect(maxDifference(image, identity), 'the colour matrix changes the image').to.be.greaterThan(0.1);
      const ranged = await optimiserImage(planes, false, [-1, 2]);
      expect(maxDifference(ranged, referenceImage(planes, h, w, M, [-1, 2])), 'range [-1, 2]').to.be.at.most(3 * tolerance);
      baseline.check('pixel readouts');
    });

    it('Fourier parameters: each RGB pixel is sigmoid(M · x), x the three planes’ inverse DFTs (scaled by 1/f, divided by 4) computed by hand', async () => {
      const baseline = tensorBaseline();
      const params = uniforms(22, 2 * 3 * h * w, 1.5); // [2 (real, imag), 3 planes, h, w]
      const size = h * w;
      const planes = new Float32Array(3 * size);
      for (let c = 0; c < 3; c++) {
        const real = params.subarray(c * size, (c + 1) * size);
        const imag = params.subarray(3 * size + c * size, 3 * size + (c + 1) * size);
        planes.set(referenceFourierPlane(real, imag, h, w), c * size);
      }
      const image = await optimiserImage(params, true);
      const expected = referenceImage(planes, h, w, M);
      const tolerance = backend === 'cpu' ? 2e-6 : 2e-5;
      expect(maxDifference(image, expected), `got ${Array.from(image)}, expected ${Array.from(expected)}`).to.be.at.most(tolerance);
      const identity = referenceImage(planes, h, w, [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]);
      expect(maxDifference(image, identity), 'the colour matrix changes the image').to.be.greaterThan(0.05);
      baseline.check('Fourier readouts');
    });

    it('visualizeChannels with 0 steps returns the seeded start: sigmoid(M · x + logit(background)), x = normals(mulberry32(seed), ·, 0.01)', async () => {
      const baseline = tensorBaseline();
      const seed = 5;
      const background = 0.3;
      const range: [number, number] = [-1, 1];
      const result = await visualizeChannels(readout, 'pixels', [0], { steps: 0, seed, decorrelate: false, transforms: false, background, range });
      expect(result.images.shape).to.deep.equal([1, h, w, 3]);
      const image = await take(result.images);
      const planes = normals(mulberry32(seed), 3 * h * w, 0.01);
      const expected = referenceImage(planes, h, w, M, range, Math.log(background / (1 - background)));
      expect(maxDifference(image, expected)).to.be.at.most(backend === 'cpu' ? 1e-6 : 1e-5);
      // Unit 0 of the readout is pixel (0, 0) red: its activation is that value.
      expect(result.activation[0]).to.be.closeTo(expected[0], 1e-5);
      baseline.check('0-step run');
    });

    it('optimises a channel of a random 3-channel CNN (16 x 16, 5 steps): the activation rises, a seed repeats it, nothing leaks', async () => {
      const model = colourCnn();
      const baseline = tensorBaseline();
      const options = { steps: 5, seed: 2, learningRate: 0.1 };
      const first = await visualizeChannels(model, 'conv2', [1], options);
      expect(first.images.shape).to.deep.equal([1, 16, 16, 3]);
      expect(first.initialActivation[0], 'starts above the ReLU').to.be.greaterThan(0);
      expect(first.activation[0], `${first.initialActivation[0]} -> ${first.activation[0]}`).to.be.greaterThan(first.initialActivation[0] + 0.01);
      const pixels = await take(first.images);
      expect(Math.min(...pixels)).to.be.at.least(0);
      expect(Math.max(...pixels)).to.be.at.most(1);
      // The three colour planes differ: the image is in colour, not grey repeated.
      const plane = (c: number) => pixels.filter((_, i) => i % 3 === c);
      expect(maxDifference(plane(0), plane(1))).to.be.greaterThan(1e-3);
      expect(maxDifference(plane(1), plane(2))).to.be.greaterThan(1e-3);
      const again = await take((await visualizeChannels(model, 'conv2', [1], options)).images);
      // Identical on cpu; GPU reductions may reorder float sums.
      expect(maxDifference(again, pixels), 'same seed').to.be.at.most(backend === 'cpu' ? 0 : 1e-4);
      const other = await take((await visualizeChannels(model, 'conv2', [1], { ...options, seed: 3 })).images);
      expect(maxDifference(other, pixels), 'another seed').to.be.greaterThan(1e-3);
      baseline.check('three 3-channel runs');
      model.dispose();
    });
  });
});
