import { expect } from 'chai';

/** The RGBA pixels of a PNG, decoded (and checked to be a PNG). */
export async function pngPixels(png: Blob): Promise<ImageData> {
  expect(png.type).to.equal('image/png');
  const bitmap = await createImageBitmap(png);
  const c = document.createElement('canvas');
  c.width = bitmap.width;
  c.height = bitmap.height;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, c.width, c.height);
}

/** RGB of the device pixel (x, y). */
export function pixelOf(image: ImageData, x: number, y: number): number[] {
  const i = (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** RGB of CSS colour `color` over `background`, as the browser composites them. */
export function shown(background: string, color: string): number[] {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.canvas.width = ctx.canvas.height = 1;
  for (const fill of [background, color]) {
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, 1, 1);
  }
  return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
}
