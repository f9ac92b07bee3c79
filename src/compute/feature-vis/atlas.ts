import { tf } from '../../tf.js';
import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';

/** Where tile k sits in an atlas: column `k % columns`, row `floor(k / columns)`. */
export interface AtlasGrid {
  /** Tiles in the atlas. */
  count: number;
  columns: number;
  rows: number;
  /** One tile's size in atlas pixels. */
  tileHeight: number;
  tileWidth: number;
}

/**
 * Largest atlas side in pixels. Canvases and textures beyond 16384 fail on
 * some GPUs; 8192 keeps 2048 tiles of 28 x 28 (46 x 45 tiles) well inside.
 */
export const MAX_ATLAS_SIDE = 8192;

/**
 * The arrangement of `count` tiles of `tileHeight x tileWidth` in a
 * near-square atlas (its pixel width close to its pixel height), so that
 * neither side nears the canvas size limit.
 *
 * @example
 * ```ts
 * atlasGrid(512, 14, 14); // { columns: 23, rows: 23, ... }
 * ```
 */
export function atlasGrid(count: number, tileHeight: number, tileWidth: number): AtlasGrid {
  const columns = Math.max(1, Math.min(count, Math.ceil(Math.sqrt((count * tileHeight) / tileWidth)), Math.floor(MAX_ATLAS_SIDE / tileWidth)));
  const rows = Math.max(1, Math.ceil(count / columns));
  if (rows * tileHeight > MAX_ATLAS_SIDE) {
    throw new Error(
      `${count} tiles of ${tileHeight} x ${tileWidth} do not fit in one ${MAX_ATLAS_SIDE}-pixel atlas; show fewer channels (sort as a list of indices).`,
    );
  }
  return { count, columns, rows, tileHeight, tileWidth };
}

/** How activation tiles are scaled to colour. */
export interface HeatmapAtlasOptions {
  /**
   * `global`: one domain for every tile (`domain`), so tiles compare;
   * `tile`: each tile over its own domain, so weak channels show their shape.
   */
  normalize: 'global' | 'tile';
  /** The global domain [lo, hi]; with `tile`, ignored. */
  domain: readonly [number, number];
  /**
   * With `tile`: whether each tile's domain is symmetric about 0 (signed data
   * under a diverging scheme), else [0, tile max] for non-negative data.
   */
  signed: boolean;
  /** RGBA colours from `colormapLut` (n x 4 bytes). */
  lut: Uint8ClampedArray;
  /** RGBA of "no value" cells (NaN, ±Infinity). */
  missing: readonly [number, number, number, number];
}

/**
 * Colours every channel of `activations` `[H, W, C]` and arranges the
 * channels (channel k as tile k) into one RGBA atlas
 * `[rows * H, columns * W, 4]` (float32 byte values 0-255: int32 chains of cast, reshape and transpose read back wrong on tfjs-backend-webgpu 4.x, seen in tests), on the active backend:
 * scale to [0, 1] per `normalize`, quantise to a LUT index, gather the LUT,
 * and reorder the tiles, all in one tidy. Reading it back once and putting it
 * on a canvas once replaces one readback and one canvas per tile.
 *
 * Values map linearly and are clamped; a tile whose domain is empty maps to
 * the scheme's low end. Unused atlas cells are transparent. `activations` is
 * not disposed; the result is the caller's.
 *
 * @example
 * ```ts
 * const grid = atlasGrid(c, h, w);
 * const atlas = heatmapAtlas(hwc, grid, { normalize: 'global', domain: [0, 4], signed: false, lut, missing });
 * const bytes = Uint8ClampedArray.from(await atlas.data()); atlas.dispose();
 * ```
 */
export function heatmapAtlas(activations: Tensor3D, grid: AtlasGrid, options: HeatmapAtlasOptions): Tensor3D {
  const [h, w, c] = activations.shape;
  checkGrid(grid, c, h, w);
  return tf.tidy('heatmapAtlas', () => {
    const tiles = tf.transpose(activations, [2, 0, 1]) as Tensor3D; // [C, H, W]
    const bad = tf.logicalOr(tf.isNaN(tiles), tf.isInf(tiles));
    let lo: Tensor;
    let hi: Tensor;
    if (options.normalize === 'tile') {
      const finite = tf.where(bad, tf.zerosLike(tiles), tiles);
      const max = tf.max(finite, [1, 2], true);
      if (options.signed) {
        hi = tf.max(tf.abs(finite), [1, 2], true);
        lo = tf.neg(hi);
      } else {
        hi = max;
        lo = tf.zerosLike(max);
      }
    } else {
      lo = tf.scalar(options.domain[0]);
      hi = tf.scalar(options.domain[1]);
    }
    const span = tf.sub(hi, lo);
    const unit = tf.where(tf.greater(span, 0), tf.div(tf.sub(tiles, lo), tf.maximum(span, 1e-30)), tf.zerosLike(tiles));
    const levels = options.lut.length / 4;
    const index = tf.cast(tf.where(bad, tf.fill(tiles.shape, levels), tf.round(tf.mul(tf.clipByValue(unit, 0, 1), levels - 1))), 'int32');
    const table = tf.tensor2d(Float32Array.from([...options.lut, ...options.missing]), [levels + 1, 4]);
    const colored = tf.gather(table, tf.reshape(index, [-1])); // [C*H*W, 4]
    return arrange(tf.reshape(colored, [c, h, w, 4]) as Tensor4D, grid);
  });
}

/**
 * Arranges images `[N, h, w, 1 | 3]` as one RGBA atlas like
 * {@link heatmapAtlas}: values in [0, 1] are scaled to bytes (values above
 * 1.5 anywhere are taken as 0-255 already), one channel is grey. For
 * precomputed feature visualisations and the optimiser's output.
 *
 * @example
 * ```ts
 * const atlas = imageAtlas(images, atlasGrid(n, 28, 28));
 * ```
 */
export function imageAtlas(images: Tensor4D, grid: AtlasGrid, bytes = false): Tensor3D {
  const [n, h, w, channels] = images.shape;
  checkGrid(grid, n, h, w);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(`imageAtlas: images must have 1, 3 or 4 channels ([N, h, w, 1 | 3 | 4]), got shape [${images.shape}].`);
  }
  return tf.tidy('imageAtlas', () => {
    const scaled = bytes ? images : tf.mul(images, 255);
    const rgb = channels === 1 ? tf.tile(scaled, [1, 1, 1, 3]) : tf.slice(scaled, [0, 0, 0, 0], [n, h, w, 3]);
    // Alpha by padding with 255, not by concat with a filled tensor: that
    // concat read back as zeros on tfjs-backend-webgpu 4.x (seen in tests).
    const rgba = tf.clipByValue(
      tf.round(
        tf.pad(
          rgb,
          [
            [0, 0],
            [0, 0],
            [0, 0],
            [0, 1],
          ],
          255,
        ),
      ),
      0,
      255,
    ) as Tensor4D;
    return arrange(rgba, grid);
  });
}

/** Tiles [N, h, w, 4] into the atlas [rows * h, columns * w, 4]; call inside a tidy. */
function arrange(tiles: Tensor4D, grid: AtlasGrid): Tensor3D {
  const [n, h, w] = tiles.shape;
  const { columns, rows } = grid;
  const padded =
    rows * columns > n
      ? tf.pad(tiles, [
          [0, rows * columns - n],
          [0, 0],
          [0, 0],
          [0, 0],
        ])
      : tiles;
  // [rows, columns, h, w*4] -> [rows, h, columns, w*4]: rank 4, which every
  // backend transposes (webgpu's transpose stops at rank 6, but rank 5 paths
  // are slower to compile than this one).
  const blocks = tf.reshape(padded, [rows, columns, h, w * 4]);
  return tf.reshape(tf.transpose(blocks, [0, 2, 1, 3]), [rows * h, columns * w, 4]) as Tensor3D;
}

function checkGrid(grid: AtlasGrid, count: number, h: number, w: number): void {
  if (grid.count !== count || grid.tileHeight !== h || grid.tileWidth !== w || grid.rows * grid.columns < count) {
    throw new Error(`atlas: the grid is for ${grid.count} tiles of ${grid.tileHeight} x ${grid.tileWidth}, the data has ${count} of ${h} x ${w}.`);
  }
}
