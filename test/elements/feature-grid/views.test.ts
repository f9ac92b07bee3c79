import { expect } from 'chai';
import { arrange, shownChannels } from '../../../src/elements/feature-grid/arrangement.js';
import { gridView } from '../../../src/elements/feature-grid/views/grid.js';
import type { FeatureGridHost, FeatureTarget } from '../../../src/elements/feature-grid/views/host.js';
import { fillLayout, gridLayout } from '../../../src/elements/feature-grid/grid-layout.js';
import { strongestActivation } from '../../../src/elements/feature-grid/arrangement.js';
import { evenPositions, spatialLayout } from '../../../src/elements/feature-grid/spatial-view.js';
import type { Tiles } from '../../../src/elements/feature-grid/tiles.js';
import type { FeatureSource } from '../../../src/elements/feature-grid/feature-data.js';

/** Activations [1, 1, 3] of channels 0, 1, 2 with means 1, 3, 2. */
const tiles: Tiles = {
  kind: 'activations',
  channels: [0, 1, 2],
  height: 1,
  width: 1,
  values: Float32Array.from([1, 3, 2]),
  stats: { mean: Float32Array.from([1, 3, 2]), max: Float32Array.from([1, 3, 2]), min: Float32Array.from([1, 3, 2]) },
  extent: [1, 3],
  origin: 'activations',
};

describe('feature grid arrangement and views (pure)', () => {
  it('arrange(tiles, sort, shown) orders slots by index, mean or a list, keeping the shown channels', () => {
    expect(arrange(tiles, 'index').order).to.deep.equal([0, 1, 2]);
    expect(arrange(tiles, 'mean').order).to.deep.equal([1, 2, 0]);
    expect(arrange(tiles, 'max', [0, 2]).order).to.deep.equal([2, 0]);
    expect(arrange(tiles, [2, 0]).order).to.deep.equal([2, 0]);
  });

  it('gridLayout balances auto columns over the rows: 8 tiles where 7 fit are two rows of 4', () => {
    const layout = gridLayout({ count: 8, width: 480, tileSize: 56, dataHeight: 26, dataWidth: 26 });
    expect({ columns: layout.columns, rows: layout.rows }).to.deep.equal({ columns: 4, rows: 2 });
    expect(gridLayout({ count: 8, width: 500, tileSize: 56, dataHeight: 26, dataWidth: 26 }).columns).to.equal(8);
    expect(gridLayout({ count: 8, width: 480, columns: 3, tileSize: 56, dataHeight: 26, dataWidth: 26 }).columns).to.equal(3);
  });

  it('fillLayout({count, width, height}) gives the largest tiles whose rows fill the height; a wide, short box gets the largest that fit', () => {
    const box = { count: 8, width: 480, height: 330, dataHeight: 26, dataWidth: 26, labelHeight: 17 };
    const layout = fillLayout(box)!;
    // Three rows of 89 px (3, 3, 2) end at the bottom; two rows of 115 px would leave a 60 px band.
    expect({ columns: layout.columns, rows: layout.rows, tile: layout.tileWidth }).to.deep.equal({ columns: 3, rows: 3, tile: 89 });
    expect(layout.height).to.be.within(330 - 2, 330);
    expect(layout.width).to.be.at.most(480);
    // Three tiles in a wide, short box: one row as tall as the box allows.
    const wide = fillLayout({ ...box, count: 3, width: 1000, height: 120 })!;
    expect({ rows: wide.rows, tile: wide.tileWidth }).to.deep.equal({ rows: 1, tile: 120 - 17 });
    expect(fillLayout({ ...box, height: 20, minTile: 56 })).to.equal(undefined);
  });

  it('strongestActivation(tiles) is the largest single value (not the largest sum over channels), NaN skipped', () => {
    // [2, 2, 2]: (0, 0) = [3, 3] sums to 6; (1, 0) = [5, 0] holds the single largest value.
    const values = Float32Array.from([3, 3, NaN, 1, 5, 0, 0, 0]);
    const strongest = strongestActivation({ ...tiles, channels: [0, 1], height: 2, width: 2, values });
    expect(strongest).to.deep.equal({ y: 1, x: 0, channel: 0, value: 5 });
  });

  it('spatialLayout draws the image at a whole multiple of its pixels up to 336 px, stacked under 200 px of room, filling a set height', () => {
    const positions = evenPositions(11, 11, 28, 28);
    const at = (width: number, room?: number) =>
      spatialLayout({ width, room, rows: 11, columns: 11, tileSize: 56 }, { height: 28, width: 28 }, positions);
    expect(at(1000)).to.include({ size: 336, stacked: false });
    expect(at(704)).to.include({ size: 336, stacked: false });
    expect(at(400)).to.include({ size: 336, stacked: true });
    expect(at(300)).to.include({ size: 280, stacked: true });
    expect(at(1000, 500).size).to.equal(500);
  });

  it('shownChannels(spec, tiles) names a channel out of range', () => {
    expect(shownChannels({ kind: 'top', count: 1 }, tiles)).to.deep.equal([1]);
    expect(() => shownChannels({ kind: 'list', channels: [3] }, tiles)).to.throw('channels: 3 is out of range; there are 3 channels (0 to 2).');
  });

  it('gridView.command moves the cursor on a plain host: arrows, Shift + arrow ten (clamped), End, Enter selects, zoom does not apply', () => {
    const focused: FeatureTarget[] = [];
    const selected: number[] = [];
    const revealed: number[] = [];
    const host = {
      shown: { tiles, tensor: undefined, strip: false } as unknown as FeatureSource,
      arrangement: arrange(tiles, 'mean'),
      layouts: { grid: gridLayout({ count: 3, width: 200, columns: 2, tileSize: 40, dataHeight: 1, dataWidth: 1 }) },
      bands: { pageRows: 1, reveal: (slot: number) => revealed.push(slot) },
      get cursor() {
        return focused.at(-1);
      },
      focusOn: (target: FeatureTarget) => focused.push(target),
      select: (channel: number) => selected.push(channel),
      escape: () => undefined,
    } as unknown as FeatureGridHost;
    const run = (command: Parameters<NonNullable<typeof gridView.command>>[1]) => gridView.command!(host, command);
    expect(run({ kind: 'move', dx: 1, dy: 0 })).to.equal(true);
    expect(focused.at(-1)).to.include({ slot: 0, channel: 1, value: 3 });
    run({ kind: 'move', dx: 0, dy: 1 });
    expect(focused.at(-1)).to.include({ slot: 2, channel: 0 });
    run({ kind: 'move', dx: -10, dy: 0 });
    expect(focused.at(-1)).to.include({ slot: 0 });
    run({ kind: 'edge', to: 'end' });
    expect(focused.at(-1)).to.include({ slot: 2 });
    expect(revealed).to.deep.equal([0, 2, 0, 2]);
    expect(run({ kind: 'select' })).to.equal(true);
    expect(selected).to.deep.equal([0]);
    expect(run({ kind: 'zoom', direction: 1 })).to.equal(false);
  });
});
