import { tf } from '../../tf.js';
import type { Tensor, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Frequency `k` of an n-point DFT in cycles per pixel, as numpy's
 * `fftfreq(n)[k]`: 0, 1/n, ..., then negative for the upper half.
 */
export function fftFrequency(k: number, n: number): number {
  return (k < Math.ceil(n / 2) ? k : k - n) / n;
}

/**
 * The decorrelating scale of each Fourier coefficient `[h, w]`:
 * `1 / max(|f|, 1 / max(h, w))^decay`, |f| the coefficient's frequency in
 * cycles per pixel (Olah et al., 2017, "Feature Visualization", and Lucid's
 * `fft_image`). Natural images have about 1/|f| amplitude spectra, so
 * optimising unit-variance coefficients scaled this way is gradient descent
 * in a whitened space: low frequencies move as easily as high ones, and the
 * result is not the high-frequency noise pixel-space ascent finds.
 *
 * @example
 * ```ts
 * spectrumScale(4, 4)[0]; // 4: the DC term, 1 / (1 / 4)
 * ```
 */
export function spectrumScale(h: number, w: number, decay = 1): Float32Array {
  const out = new Float32Array(h * w);
  const floor = 1 / Math.max(h, w);
  for (let u = 0; u < h; u++) {
    for (let v = 0; v < w; v++) {
      const f = Math.hypot(fftFrequency(u, h), fftFrequency(v, w));
      out[u * w + v] = 1 / Math.max(f, floor) ** decay;
    }
  }
  return out;
}

/** cos and sin of 2π·j·k/n, the n x n inverse-DFT bases. */
function dftBases(n: number): { cos: Float32Array; sin: Float32Array } {
  const cos = new Float32Array(n * n);
  const sin = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const angle = (2 * Math.PI * ((j * k) % n)) / n;
      cos[j * n + k] = Math.cos(angle);
      sin[j * n + k] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** Constant tensors of a Fourier image of size h x w: the bases and scale. Dispose with `dispose()`. */
export interface FourierBasis {
  h: number;
  w: number;
  cosH: Tensor2D;
  sinH: Tensor2D;
  cosW: Tensor2D;
  sinW: Tensor2D;
  /** [h, w]: spectrumScale / sqrt(h w). */
  scale: Tensor2D;
  dispose(): void;
}

/**
 * The constants {@link fourierImage} multiplies by, made once per size.
 *
 * @example
 * ```ts
 * const basis = fourierBasis(28, 28); ...; basis.dispose();
 * ```
 */
export function fourierBasis(h: number, w: number, decay = 1): FourierBasis {
  const bh = dftBases(h);
  const bw = dftBases(w);
  // Lucid scales the spectrum by sqrt(h w) and its irfft2d divides by h w;
  // together 1 / sqrt(h w), which keeps pixel variance independent of size.
  const scale = spectrumScale(h, w, decay).map((s) => s / Math.sqrt(h * w));
  const tensors = {
    cosH: tf.tensor2d(bh.cos, [h, h]),
    sinH: tf.tensor2d(bh.sin, [h, h]),
    cosW: tf.tensor2d(bw.cos, [w, w]),
    sinW: tf.tensor2d(bw.sin, [w, w]),
    scale: tf.tensor2d(scale, [h, w]),
  };
  return { h, w, ...tensors, dispose: () => tf.dispose(Object.values(tensors)) };
}

/**
 * Images from Fourier coefficients: `spectrum` `[2, B, h, w]` holds the
 * real and imaginary parts of B spectra; each image is
 * `Re(IDFT2(spectrum ⊙ scale))`, i.e. for pixel (y, x)
 * `Σ_uv s_uv (a_uv cos θ − b_uv sin θ)`, θ = 2π(uy/h + vx/w), with the
 * scale s from {@link fourierBasis}. Returns `[B, h, w]`.
 *
 * Written as four small matrix products (cos θ = cos·cos − sin·sin, ...)
 * rather than tf.spectral's FFT: matmul has gradients and fast kernels on
 * every backend, and for the 28-224 pixel images optimised here the O(n³)
 * products cost less than the FFT's kernel launches. Call inside a tidy.
 */
export function fourierImage(spectrum: Tensor4D, basis: FourierBasis): Tensor3D {
  const [, b, h, w] = spectrum.shape;
  const real = tf.mul(tf.squeeze(tf.slice(spectrum, [0, 0, 0, 0], [1, b, h, w]), [0]), basis.scale) as Tensor3D;
  const imag = tf.mul(tf.squeeze(tf.slice(spectrum, [1, 0, 0, 0], [1, b, h, w]), [0]), basis.scale) as Tensor3D;
  // Along y: P = Ch·A − Sh·B (the cos part), Q = Sh·A + Ch·B (the sin part).
  const p = tf.sub(leftMul(basis.cosH, real), leftMul(basis.sinH, imag)) as Tensor3D;
  const q = tf.add(leftMul(basis.sinH, real), leftMul(basis.cosH, imag)) as Tensor3D;
  // Along x: image = P·Cw − Q·Sw (bases are symmetric, so no transposes).
  return tf.sub(rightMul(p, basis.cosW), rightMul(q, basis.sinW)) as Tensor3D;
}

/** m [p', p] times each t [B, p, q] -> [B, p', q], as 2-D products. */
function leftMul(m: Tensor2D, t: Tensor3D): Tensor {
  const [b, p, q] = t.shape;
  const columns = tf.reshape(tf.transpose(t, [1, 0, 2]), [p, b * q]);
  return tf.transpose(tf.reshape(tf.matMul(m, columns), [m.shape[0], b, q]), [1, 0, 2]);
}

/** each t [B, p, q] times m [q, r] -> [B, p, r]. */
function rightMul(t: Tensor3D, m: Tensor2D): Tensor {
  const [b, p, q] = t.shape;
  return tf.reshape(tf.matMul(tf.reshape(t, [b * p, q]), m), [b, p, m.shape[1]]);
}
