import { expect } from 'chai';
import { movePixel, pixelUnder, imagePanelsView } from '../../../src/elements/saliency-overlay/views/image-panels.js';
import { tokenAt, tokensView } from '../../../src/elements/saliency-overlay/views/tokens.js';
import { clipValue, maskOf, saliencyScale, valueAt } from '../../../src/elements/saliency-overlay/views/display.js';
import { layoutPanel } from '../../../src/elements/saliency-overlay/layout.js';
import type { SaliencyData, SaliencyHost, SaliencyTarget } from '../../../src/elements/saliency-overlay/views/host.js';
import type { CursorCommand } from '../../../src/elements/interaction/keys.js';

/** A 4 x 3 picture with one map whose value at (x, y) is 10 y + x. */
function imageData(): SaliencyData {
  const map = Float32Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
  const pixels = new ImageData(4, 3);
  return {
    text: false,
    tokens: [],
    panels: [{ label: 'Attribution', map }],
    picture: { pixels, bitmap: new OffscreenCanvas(4, 3), width: 4, height: 3 },
  };
}

/** A plain host recording the cursor moves and selections a view asks for. */
function plainHost(data: SaliencyData, cursor?: SaliencyTarget) {
  const moves: (SaliencyTarget | undefined)[] = [];
  const selected: SaliencyTarget[] = [];
  const host = {
    data,
    cursor,
    moveCursor: (t: SaliencyTarget | undefined) => moves.push(t),
    select: (t: SaliencyTarget) => selected.push(t),
  } as unknown as SaliencyHost;
  return { host, moves, selected };
}

describe('saliency overlay views and display maths', () => {
  it('movePixel(undefined, ...) starts at the centre; moves clamp on each axis', () => {
    expect(movePixel(undefined, 1, 0, 16, 16)).to.deep.equal({ x: 8, y: 8 });
    expect(movePixel({ x: 8, y: 8 }, 0, 10, 16, 16)).to.deep.equal({ x: 8, y: 15 });
    expect(movePixel({ x: 1, y: 2 }, -10, 0, 16, 16)).to.deep.equal({ x: 0, y: 2 });
  });

  it("pixelUnder(placements, ...) finds the panel and pixel through each panel's layout and origin", () => {
    const layout = layoutPanel('overlay', 4, 3, 40, 30); // 10 CSS px per pixel
    const placements = [
      { origin: { x: 0, y: 0 }, layout },
      { origin: { x: 50, y: 0 }, layout },
    ];
    expect(pixelUnder(placements, 4, 3, { x: 15, y: 25 })).to.deep.equal({ kind: 'pixel', panel: 0, x: 1, y: 2 });
    expect(pixelUnder(placements, 4, 3, { x: 85, y: 5 })).to.deep.equal({ kind: 'pixel', panel: 1, x: 3, y: 0 });
    expect(pixelUnder(placements, 4, 3, { x: 45, y: 5 })).to.equal(undefined);
  });

  it('tokenAt(boxes, point) answers on every line a wrapped token spans', () => {
    const boxes = [
      [{ left: 0, top: 0, right: 30, bottom: 20 }],
      [
        { left: 30, top: 0, right: 100, bottom: 20 },
        { left: 0, top: 20, right: 40, bottom: 40 },
      ],
    ];
    expect(tokenAt(boxes, { x: 10, y: 5 })).to.equal(0);
    expect(tokenAt(boxes, { x: 10, y: 25 })).to.equal(1);
    expect(tokenAt(boxes, { x: 60, y: 30 })).to.equal(undefined);
  });

  it('valueAt(data, target) never reads past the maps (a stale target after new data, or no data)', () => {
    const data = imageData();
    expect(valueAt(data, { kind: 'pixel', panel: 0, x: 3, y: 2 })).to.equal(23);
    expect(valueAt(data, { kind: 'pixel', panel: 0, x: 4, y: 0 })).to.equal(undefined);
    expect(valueAt(data, { kind: 'pixel', panel: 1, x: 0, y: 0 })).to.equal(undefined);
    expect(valueAt(undefined, { kind: 'pixel', panel: 0, x: 0, y: 0 })).to.equal(undefined);
    expect(valueAt(data, { kind: 'token', token: 0 })).to.equal(undefined);
  });

  it('imagePanelsView.command follows the key table: move, page (top/bottom row), edge, select, escape; no zoom', () => {
    const run = (command: CursorCommand, cursor?: SaliencyTarget) => {
      const { host, moves, selected } = plainHost(imageData(), cursor);
      const handled = imagePanelsView.command!(host, command);
      return { handled, moves, selected };
    };
    const at = { kind: 'pixel', panel: 0, x: 1, y: 1 } as const;
    expect(run({ kind: 'move', dx: 1, dy: 0 }, at).moves).to.deep.equal([{ kind: 'pixel', panel: 0, x: 2, y: 1 }]);
    expect(run({ kind: 'page', direction: 1 }, at).moves).to.deep.equal([{ kind: 'pixel', panel: 0, x: 1, y: 2 }]);
    expect(run({ kind: 'edge', to: 'end' }, at).moves).to.deep.equal([{ kind: 'pixel', panel: 0, x: 3, y: 2 }]);
    expect(run({ kind: 'select' }, at).selected).to.deep.equal([at]);
    expect(run({ kind: 'select' }).handled, 'nothing to select without a cursor').to.equal(false);
    expect(run({ kind: 'escape' }, at).moves).to.deep.equal([undefined]);
    expect(run({ kind: 'zoom', direction: 1 }, at).handled).to.equal(false);
  });

  it('tokensView.command moves along the text (Shift: ten, Home/End) and ignores an image', () => {
    const text: SaliencyData = {
      text: true,
      tokens: Array.from({ length: 15 }, (_, i) => `t${i}`),
      panels: [{ label: 'Attribution', map: new Float32Array(15) }],
    };
    const move = (command: CursorCommand, cursor?: number) => {
      const { host, moves } = plainHost(text, cursor === undefined ? undefined : { kind: 'token', token: cursor });
      tokensView.command!(host, command);
      return moves;
    };
    expect(move({ kind: 'move', dx: 1, dy: 0 })).to.deep.equal([{ kind: 'token', token: 0 }]);
    expect(move({ kind: 'move', dx: 0, dy: 1 }, 3)).to.deep.equal([{ kind: 'token', token: 4 }]);
    expect(move({ kind: 'move', dx: 10, dy: 0 }, 8)).to.deep.equal([{ kind: 'token', token: 14 }]);
    expect(move({ kind: 'edge', to: 'start' }, 8)).to.deep.equal([{ kind: 'token', token: 0 }]);
    expect(tokensView.command!(plainHost(imageData()).host, { kind: 'move', dx: 1, dy: 0 })).to.equal(false);
  });

  it("clipValue(map, p) is numpy's percentile of |map|; maskOf keeps top-percent; both name a bad value", () => {
    const values = new Float32Array(100);
    values[55] = 4;
    values[12] = -100;
    expect(clipValue(values, 99.5)).to.be.closeTo(52.48, 1e-4); // np.percentile([0]*98 + [4, 100], 99.5)
    expect(Array.from(maskOf(values, 2)).reduce((a, b) => a + b, 0)).to.equal(2);
    expect(() => clipValue(values, 101)).to.throw('clip-percentile must be a number from 0 to 100; got 101.');
    expect(() => maskOf(values, -1)).to.throw('top-percent must be a number from 0 to 100; got -1.');
  });

  it('saliencyScale(clip, signed, colormap) is symmetric when signed, from 0 when not, and never empty', () => {
    expect(saliencyScale(2, true, undefined).domain).to.deep.equal([-2, 2]);
    expect(saliencyScale(2, false, 'magma')).to.include({ colormap: 'magma' });
    expect(saliencyScale(2, false, undefined).domain).to.deep.equal([0, 2]);
    expect(saliencyScale(0, false, undefined).domain).to.deep.equal([0, 1]);
  });
});
