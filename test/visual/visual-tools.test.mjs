// The visual suite's own tools, on node:test (`node --test test/visual/`):
// PNG decoding of every row filter Chromium may write, and the pixel count
// the baselines are judged by.
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { test } from 'node:test';
import { decodePng, encodePng } from '../../scripts/visual-png.mjs';
import { compareImages, PIXEL_THRESHOLD } from '../../scripts/visual-baselines.mjs';

/** A seeded image of `channels` bytes per pixel (a linear congruential generator: the same bytes every run). */
function noise(width, height, channels, seed = 7) {
  const data = new Uint8Array(width * height * channels);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return data;
}

/** PNG bytes of `rows` (`channels` per pixel) with every row written with `filter` (0-4), as the PNG spec defines them. */
function pngWithFilter(width, height, channels, pixels, filter) {
  const stride = width * channels;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const value = pixels[y * stride + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      raw[y * (stride + 1) + 1 + x] = (value - predictor) & 0xff;
    }
  }
  // Reuse the encoder's chunk framing by swapping its IDAT: decode ignores CRCs.
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, { 1: 0, 2: 4, 3: 2, 4: 6 }[channels], 0, 0, 0], 8);
  const chunk = (type, body) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body, Buffer.alloc(4)]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The RGBA the decoder should give for `pixels` of `channels` per pixel. */
function asRgba(pixels, channels) {
  const count = pixels.length / channels;
  const rgba = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    rgba.set([px[0], grey ? px[0] : px[1], grey ? px[0] : px[2], channels === 4 ? px[3] : channels === 2 ? px[1] : 255], i * 4);
  }
  return rgba;
}

test('decodePng reads rows written with each filter (none, sub, up, average, Paeth) in RGB and RGBA', () => {
  for (const channels of [3, 4]) {
    // Random bytes, and bytes of four levels: the latter make the predictor
    // ties (a = b, b = c) that Paeth's order of preference settles.
    for (const pixels of [noise(9, 5, channels), noise(9, 5, channels, 3).map((value) => value & 0xc0)]) {
      for (const filter of [0, 1, 2, 3, 4]) {
        const image = decodePng(pngWithFilter(9, 5, channels, pixels, filter));
        strictEqual(image.width, 9);
        strictEqual(image.height, 5);
        deepStrictEqual(image.data, asRgba(pixels, channels), `channels ${channels}, filter ${filter}`);
      }
    }
  }
});

test('decodePng reads grey and grey + alpha as RGBA', () => {
  for (const channels of [1, 2]) {
    const pixels = noise(4, 3, channels, 11);
    deepStrictEqual(decodePng(pngWithFilter(4, 3, channels, pixels, 4)).data, asRgba(pixels, channels));
  }
});

test('encodePng then decodePng gives back the same RGBA pixels', () => {
  const image = { width: 13, height: 6, data: noise(13, 6, 4, 3) };
  deepStrictEqual(decodePng(encodePng(image)), image);
});

test('decodePng refuses what is not an 8-bit non-interlaced PNG', () => {
  throws(() => decodePng(Buffer.from('not a png at all')), /not a PNG/);
  const sixteenBit = encodePng({ width: 1, height: 1, data: new Uint8Array(4) });
  sixteenBit[8 + 8 + 8] = 16; // IHDR's bit depth
  throws(() => decodePng(sixteenBit), /bit depth 16/);
});

test('compareImages counts the pixels whose colour moved more than the threshold', () => {
  const expected = { width: 10, height: 10, data: noise(10, 10, 4, 5) };
  strictEqual(compareImages(expected, expected).differing, 0);
  const actual = { ...expected, data: expected.data.slice() };
  // 7 pixels moved far, 5 moved just under the threshold (one channel by PIXEL_THRESHOLD - 1).
  for (let i = 0; i < 7; i++) actual.data[i * 4] = (actual.data[i * 4] + 128) & 0xff;
  for (let i = 20; i < 25; i++)
    actual.data[i * 4 + 1] =
      actual.data[i * 4 + 1] >= 128 ? actual.data[i * 4 + 1] - (PIXEL_THRESHOLD - 1) : actual.data[i * 4 + 1] + (PIXEL_THRESHOLD - 1);
  const { differing, fraction, diff } = compareImages(expected, actual);
  strictEqual(differing, 7);
  strictEqual(fraction, 7 / 100);
  deepStrictEqual([...diff.data.subarray(0, 4)], [230, 0, 40, 255]);
  strictEqual(diff.data[20 * 4], diff.data[20 * 4 + 1]); // an unchanged pixel is grey
});

test('compareImages counts every pixel outside the overlap when the size changed', () => {
  const expected = { width: 10, height: 10, data: noise(10, 10, 4, 5) };
  const shorter = { width: 10, height: 8, data: expected.data.slice(0, 10 * 8 * 4) };
  strictEqual(compareImages(expected, shorter).differing, 20);
  const wider = { width: 12, height: 10, data: new Uint8Array(12 * 10 * 4) };
  for (let y = 0; y < 10; y++) wider.data.set(expected.data.subarray(y * 40, y * 40 + 40), y * 48);
  for (let y = 0; y < 10; y++) wider.data.fill(255, y * 48 + 40, y * 48 + 48);
  strictEqual(compareImages(expected, wider).differing, 20);
  strictEqual(compareImages(expected, wider).fraction, 20 / 120);
});
