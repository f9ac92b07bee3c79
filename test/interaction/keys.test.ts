import { expect } from 'chai';
import { LARGE_STEP, moveInGrid, readKey, type CursorCommand } from '../../src/elements/interaction/keys.js';

const key = (k: string, more: Partial<KeyboardEventInit> = {}) => new KeyboardEvent('keydown', { key: k, ...more });

describe('readKey (the one key map)', () => {
  it('readKey(arrows) moves one item; with Shift ten, or extends a range', () => {
    expect(readKey(key('ArrowRight'))).to.deep.equal({ kind: 'move', dx: 1, dy: 0 });
    expect(readKey(key('ArrowUp'))).to.deep.equal({ kind: 'move', dx: 0, dy: -1 });
    expect(readKey(key('ArrowLeft', { shiftKey: true }))).to.deep.equal({ kind: 'move', dx: -LARGE_STEP, dy: 0 });
    expect(readKey(key('ArrowLeft', { shiftKey: true }), { range: true })).to.deep.equal({ kind: 'extend', dx: -1, dy: 0 });
  });

  it('readKey maps pages, edges, select, escape, zoom and reset', () => {
    const table: [string, CursorCommand][] = [
      ['PageUp', { kind: 'page', direction: -1 }],
      ['PageDown', { kind: 'page', direction: 1 }],
      ['Home', { kind: 'edge', to: 'start' }],
      ['End', { kind: 'edge', to: 'end' }],
      ['Enter', { kind: 'select' }],
      [' ', { kind: 'select' }],
      ['Escape', { kind: 'escape' }],
      ['+', { kind: 'zoom', direction: 1 }],
      ['=', { kind: 'zoom', direction: 1 }],
      ['-', { kind: 'zoom', direction: -1 }],
      ['0', { kind: 'reset' }],
    ];
    for (const [name, command] of table) expect(readKey(key(name)), name).to.deep.equal(command);
  });

  it("readKey leaves other keys and the browser's shortcuts alone", () => {
    expect(readKey(key('a'))).to.equal(undefined);
    expect(readKey(key('Tab'))).to.equal(undefined);
    expect(readKey(key('ArrowRight', { ctrlKey: true }))).to.equal(undefined);
    expect(readKey(key('+', { metaKey: true }))).to.equal(undefined);
  });
});

describe('moveInGrid', () => {
  const grid = { count: 95, columns: 10, pageRows: 3 };
  it('moveInGrid starts at the first item and moves by items, rows and pages, clamped', () => {
    expect(moveInGrid(undefined, { kind: 'move', dx: 1, dy: 0 }, grid)).to.equal(0);
    expect(moveInGrid(5, { kind: 'move', dx: 1, dy: 0 }, grid)).to.equal(6);
    expect(moveInGrid(5, { kind: 'move', dx: 0, dy: 1 }, grid)).to.equal(15);
    expect(moveInGrid(5, { kind: 'move', dx: 0, dy: -1 }, grid)).to.equal(0);
    expect(moveInGrid(5, { kind: 'page', direction: 1 }, grid)).to.equal(35);
    expect(moveInGrid(90, { kind: 'page', direction: 1 }, grid)).to.equal(94);
    expect(moveInGrid(40, { kind: 'edge', to: 'start' }, grid)).to.equal(0);
    expect(moveInGrid(40, { kind: 'edge', to: 'end' }, grid)).to.equal(94);
  });
  it('moveInGrid answers undefined for commands that are not moves, and for an empty grid', () => {
    expect(moveInGrid(3, { kind: 'select' }, grid)).to.equal(undefined);
    expect(moveInGrid(3, { kind: 'zoom', direction: 1 }, grid)).to.equal(undefined);
    expect(moveInGrid(undefined, { kind: 'move', dx: 1, dy: 0 }, { count: 0, columns: 1 })).to.equal(undefined);
  });
});
