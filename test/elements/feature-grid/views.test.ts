import { expect } from 'chai';
import { arrange, shownChannels } from '../../../src/elements/feature-grid/arrangement.js';
import { gridView } from '../../../src/elements/feature-grid/views/grid.js';
import type { FeatureGridHost, FeatureTarget } from '../../../src/elements/feature-grid/views/host.js';
import { gridLayout } from '../../../src/elements/feature-grid/grid-layout.js';
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
