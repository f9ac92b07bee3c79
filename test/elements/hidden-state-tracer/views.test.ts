import { expect } from 'chai';
import type { Span } from '../../../src/compute/hidden-states/types.js';
import { readKey } from '../../../src/elements/interaction/keys.js';
import { selectionResult, tracedStates } from '../../../src/elements/hidden-state-tracer/derived-data.js';
import { stepSpan } from '../../../src/elements/hidden-state-tracer/selection-value.js';
import { initialWindow, type StepWindow } from '../../../src/elements/hidden-state-tracer/timeline-layout.js';
import type { StepTarget, TracerHost } from '../../../src/elements/hidden-state-tracer/views/host.js';
import { heatTrackView, tracerLayout } from '../../../src/elements/hidden-state-tracer/views/heat-track.js';
import { stepCommand } from '../../../src/elements/hidden-state-tracer/views/step-keys.js';
import { timePlotView } from '../../../src/elements/hidden-state-tracer/views/time-plot.js';
import { designed, TOKENS } from './fixture.js';

/** A plain-object host over the designed states: what a view sees, and a log of what it asked for. */
function host(selection?: Span, window: StepWindow = { start: 0, span: 40 }) {
  const traced = tracedStates({ data: designed(), layers: 1, steps: 40, units: 4, shape: [40, 4] }, 0, TOKENS);
  const result = selectionResult(traced, selection, { threshold: 0.5, strict: false, maxMatches: 50 });
  const asked: unknown[] = [];
  const plain = {
    traced,
    result,
    threshold: 0.5,
    strict: false,
    heatmap: 'selected' as 'selected' | 'all',
    maxMatches: 50,
    context: 4,
    stepWindow: window,
    textWindow: window,
    cursor: undefined as StepTarget | undefined,
    brush: undefined,
    frame: undefined,
    plotWidth: 644,
    select: (span: Span | undefined, cursor?: number) => asked.push(['select', span, cursor]),
    showWindow: (w: StepWindow) => asked.push(['showWindow', w]),
    moveCursor: (t: number | undefined) => asked.push(['moveCursor', t]),
    goToMatch: () => undefined,
    pickToken: () => undefined,
    announce: () => undefined,
  };
  return { host: plain as unknown as TracerHost & typeof plain, asked };
}

const press = (key: string, shiftKey = false) => readKey({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false }, { range: true })!;

describe('tracer view modules with a plain host', () => {
  it('stepCommand: → moves the selection, Shift+→ extends it and stops at the end, ← from nothing starts at the window', () => {
    const { host: moving, asked } = host({ start: 6, end: 8 });
    expect(stepCommand(moving, press('ArrowRight'))).to.equal(true);
    expect(stepCommand(moving, press('ArrowRight', true))).to.equal(true);
    expect(stepCommand(moving, press('ArrowLeft'))).to.equal(true);
    expect(asked).to.deep.equal([
      ['select', { start: 7, end: 9 }, 8],
      ['select', { start: 6, end: 9 }, 8],
      ['select', { start: 5, end: 7 }, 5],
    ]);
    const { host: atEnd, asked: atEndAsked } = host({ start: 38, end: 40 });
    stepCommand(atEnd, press('ArrowRight', true));
    expect(atEndAsked).to.deep.equal([['select', { start: 38, end: 40 }, 39]]);
    const { host: none, asked: noneAsked } = host(undefined, { start: 12, span: 20 });
    stepCommand(none, press('ArrowLeft'));
    expect(noneAsked).to.deep.equal([['select', { start: 12, end: 13 }, 12]]);
    expect(stepCommand(none, press('ArrowUp'))).to.equal(false);
  });

  it('stepCommand: Escape clears selection and cursor and asks for the initial span; Enter selects the cursor step', () => {
    const { host: h, asked } = host({ start: 6, end: 9 }, { start: 0, span: 20 });
    stepCommand(h, press('Escape'));
    expect(asked).to.deep.equal([
      ['select', undefined, undefined],
      ['moveCursor', undefined],
      ['showWindow', { start: 0, span: initialWindow(40, 644).span }],
    ]);
    asked.length = 0;
    h.cursor = { view: 'plot', band: 'plot', t: 17, unit: 1, value: 1 };
    stepCommand(h, press('Enter'));
    expect(asked).to.deep.equal([['select', { start: 17, end: 18 }, 17]]);
  });

  it('timePlotView.hitTest picks the unit nearest the pointer, preferring a selected unit within 6 px; heatTrackView.hitTest the row', () => {
    const { host: h } = host({ start: 6, end: 9 });
    const { layout, trackRows } = tracerLayout(700, 302, { start: 0, span: 40 }, h.result!.units);
    Object.assign(h, { frame: { layout, trackRows } });
    const x = layout.plot.x + (3 + 0.5) * (layout.plot.width / 40);
    // The domain is [-1, 1]: the plot's top is value 1, where u1 is at step 3 (u0 is 0 there).
    expect(timePlotView.hitTest!(h, { x, y: layout.plot.y + 1 })).to.deep.include({ view: 'plot', band: 'plot', t: 3, unit: 1, value: 1 });
    // Its bottom is -1: u3.
    expect(timePlotView.hitTest!(h, { x, y: layout.plot.y + layout.plot.height - 1 })).to.deep.include({ t: 3, unit: 3, value: -1 });
    // The track shows the selected units [0, 1]; its second row is u1.
    const target = heatTrackView.hitTest!(h, { x, y: layout.track.y + layout.track.height * 0.75 });
    expect(target).to.deep.include({ view: 'track', t: 3, unit: 1, value: 1 });
    expect(timePlotView.hitTest!(h, { x, y: layout.track.y + 1 })).to.equal(undefined);
  });

  it('legend notes say how the plot and the track are drawn', () => {
    const { host: h } = host({ start: 6, end: 9 });
    expect(timePlotView.legendNotes!(h)).to.deep.equal(['4 units as thin lines', 'thick lines: 2 selected', 'dashed: threshold']);
    expect(heatTrackView.legendNotes!(h)).to.deep.equal(['heat track: selected units']);
    const { host: empty } = host(undefined);
    expect(heatTrackView.legendNotes!(empty)).to.deep.equal(['heat track: select steps to see the units on there']);
  });

  it('stepSpan clips to the steps and names what is wrong', () => {
    expect(stepSpan('selection', [34, 99], 40)).to.deep.equal({ start: 34, end: 40 });
    expect(stepSpan('selection', { start: -3, end: 2 }, 40)).to.deep.equal({ start: 0, end: 2 });
    expect(stepSpan('selection', null, 40)).to.equal(undefined);
    expect(() => stepSpan('selection', [1, 2, 3], 40)).to.throw('selection must be two step indices [start, end]; got an array of 3.');
  });
});
