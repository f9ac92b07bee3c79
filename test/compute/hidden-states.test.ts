import { expect } from 'chai';
import fc from 'fast-check';
import { tf } from '../../src/tf.js';
import { selectUnits } from '../../src/compute/hidden-states/select-units.js';
import { activeSteps, findMatches, runsOf } from '../../src/compute/hidden-states/matches.js';
import { activeStepsTensor } from '../../src/compute/hidden-states/active-steps-tensor.js';
import type { Span, StateMatrix } from '../../src/compute/hidden-states/types.js';
import { forEachBackend } from '../helpers/backends.js';
import { expectNoLeak } from '../helpers/leaks.js';

/**
 * The hand-worked example (threshold 0.5):
 *
 *   t   u0    u1    u2
 *   0   0.9   0.1   0.5
 *   1   0.8   0.9   0.5
 *   2   0.7   0.9   0.1
 *   3   0.1   0.2   0.6
 *   4   0.6   0.9   0.6
 *   5   0.9   0.9   0.6
 *   6   0.9   0.95  0.0
 *   7   0.2   0.9   0.9
 */
const HAND: StateMatrix = {
  values: new Float32Array([0.9, 0.1, 0.5, 0.8, 0.9, 0.5, 0.7, 0.9, 0.1, 0.1, 0.2, 0.6, 0.6, 0.9, 0.6, 0.9, 0.9, 0.6, 0.9, 0.95, 0.0, 0.2, 0.9, 0.9]),
  steps: 8,
  units: 3,
};
const at = (s: StateMatrix, t: number, u: number) => s.values[t * s.units + u];

/** Brute-force reference, written from the definition and not like the library: sets and `every`. */
function referenceUnits(s: StateMatrix, sel: Span, threshold: number, strict: boolean): number[] {
  if (sel.start === sel.end) return [];
  const range = Array.from({ length: sel.end - sel.start }, (_, i) => sel.start + i);
  const units = Array.from({ length: s.units }, (_, u) => u);
  return units.filter((u) => {
    if (!range.every((t) => at(s, t, u) >= threshold)) return false;
    if (!strict) return true;
    const before = sel.start - 1;
    const after = sel.end;
    const beforeOff = before < 0 || !(at(s, before, u) >= threshold);
    const afterOff = after >= s.steps || !(at(s, after, u) >= threshold);
    return beforeOff && afterOff;
  });
}

function referenceMatches(s: StateMatrix, units: number[], sel: Span, threshold: number, cap: number): { matches: Span[]; total: number } {
  if (units.length === 0) return { matches: [], total: 0 };
  const on = (t: number) => t >= 0 && t < s.steps && units.every((u) => at(s, t, u) >= threshold);
  const runs: Span[] = [];
  // A run starts where on(t) and not on(t - 1); it ends at the first step that is off.
  for (let t = 0; t < s.steps; t++) {
    if (on(t) && !on(t - 1)) {
      let end = t;
      while (on(end)) end++;
      runs.push({ start: t, end });
    }
  }
  const selected = new Set(Array.from({ length: sel.end - sel.start }, (_, i) => sel.start + i));
  const kept = runs.filter((r) => !Array.from({ length: r.end - r.start }, (_, i) => r.start + i).some((t) => selected.has(t)));
  const key = (r: Span) => [-(r.end - r.start), r.start];
  kept.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] !== kb[0] ? ka[0] - kb[0] : ka[1] - kb[1];
  });
  return { matches: kept.slice(0, cap), total: kept.length };
}

describe('hidden-state selection', () => {
  describe('selectUnits(states, selection, {threshold, strict})', () => {
    it('selects the units on (>= threshold, equality included) throughout the selection, ascending', () => {
      expect(Array.from(selectUnits(HAND, { start: 1, end: 3 }, { threshold: 0.5 }))).to.deep.equal([0, 1]);
      expect(Array.from(selectUnits(HAND, { start: 0, end: 2 }, { threshold: 0.5 }))).to.deep.equal([0, 2]); // u2 is exactly 0.5
      expect(Array.from(selectUnits(HAND, { start: 3, end: 6 }, { threshold: 0.5 }))).to.deep.equal([2]);
    });

    it('strict also needs the unit off at start - 1 and at end', () => {
      // u0 is on at step 0 (before [1, 3)), so only u1 is on only here.
      expect(Array.from(selectUnits(HAND, { start: 1, end: 3 }, { threshold: 0.5, strict: true }))).to.deep.equal([1]);
    });

    it('strict at the sequence edges checks only the neighbour that exists', () => {
      // [0, 1): on are u0, u2; both are on at step 1, so neither is "only here".
      expect(Array.from(selectUnits(HAND, { start: 0, end: 1 }, { threshold: 0.5, strict: true }))).to.deep.equal([]);
      // [7, 8): on are u1, u2; u1 is on at step 6, u2 is off there; there is no step 8.
      expect(Array.from(selectUnits(HAND, { start: 7, end: 8 }, { threshold: 0.5, strict: true }))).to.deep.equal([2]);
      // The whole sequence has no neighbours: strict changes nothing.
      expect(Array.from(selectUnits(HAND, { start: 0, end: 8 }, { threshold: 0, strict: true }))).to.deep.equal([0, 1, 2]);
    });

    it('an empty selection selects no unit; a threshold no unit reaches selects none; a low one selects every unit', () => {
      expect(Array.from(selectUnits(HAND, { start: 3, end: 3 }, { threshold: -Infinity }))).to.deep.equal([]);
      expect(Array.from(selectUnits(HAND, { start: 0, end: 8 }, { threshold: 2 }))).to.deep.equal([]);
      expect(Array.from(selectUnits(HAND, { start: 0, end: 8 }, { threshold: -1 }))).to.deep.equal([0, 1, 2]);
    });

    it('NaN is never on', () => {
      const s = { values: new Float32Array([NaN, 1, 1, 1]), steps: 2, units: 2 };
      expect(Array.from(selectUnits(s, { start: 0, end: 2 }, { threshold: 0 }))).to.deep.equal([1]);
    });

    it('rejects a selection outside the steps, a ragged matrix and a NaN threshold, naming the numbers', () => {
      expect(() => selectUnits(HAND, { start: 2, end: 9 }, { threshold: 0 })).to.throw(/\[2, 9\).*<= 8/);
      expect(() => selectUnits(HAND, { start: 3, end: 2 }, { threshold: 0 })).to.throw(/start <= end/);
      expect(() => selectUnits({ values: new Float32Array(5), steps: 2, units: 3 }, { start: 0, end: 1 }, { threshold: 0 })).to.throw(
        /2 steps x 3 units need 6 values, got 5/,
      );
      expect(() => selectUnits(HAND, { start: 0, end: 1 }, { threshold: NaN })).to.throw(/NaN/);
    });
  });

  describe('findMatches(states, units, selection, options)', () => {
    it('finds the maximal runs where all units are on, leaving out the one overlapping the selection', () => {
      // u0 & u1 on at steps 1, 2, 4, 5, 6: runs [1, 3) (the selection's own) and [4, 7).
      expect(findMatches(HAND, [0, 1], { start: 1, end: 3 }, { threshold: 0.5 })).to.deep.equal({ matches: [{ start: 4, end: 7 }], total: 1 });
      // The strict selection's unit u1 is on at 1, 2 and 4-7.
      expect(findMatches(HAND, [1], { start: 1, end: 3 }, { threshold: 0.5 })).to.deep.equal({ matches: [{ start: 4, end: 8 }], total: 1 });
    });

    it("no units means no matches, and every unit on everywhere leaves only the selection's own run", () => {
      expect(findMatches(HAND, [], { start: 1, end: 3 }, { threshold: 0.5 })).to.deep.equal({ matches: [], total: 0 });
      expect(findMatches(HAND, [0, 1, 2], { start: 2, end: 4 }, { threshold: -1 })).to.deep.equal({ matches: [], total: 0 });
    });

    it('runsOf sorts by length descending then start ascending, keeps runs that only touch the selection, and caps', () => {
      const mask = Uint8Array.of(1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1);
      expect(runsOf(mask, { start: 0, end: 0 }, 50).matches).to.deep.equal([
        { start: 8, end: 11 },
        { start: 2, end: 4 },
        { start: 5, end: 7 },
        { start: 0, end: 1 },
      ]);
      expect(runsOf(mask, { start: 0, end: 0 }, 2)).to.deep.equal({
        matches: [
          { start: 8, end: 11 },
          { start: 2, end: 4 },
        ],
        total: 4,
      });
      // [4, 5) touches [2, 4) and [5, 7) without sharing a step: both stay. [6, 7) overlaps [5, 7): it goes.
      expect(runsOf(mask, { start: 4, end: 5 }, 50).total).to.equal(4);
      expect(runsOf(mask, { start: 6, end: 7 }, 50).matches).to.not.deep.include({ start: 5, end: 7 });
      expect(runsOf(mask, { start: 0, end: 0 }, 0)).to.deep.equal({ matches: [], total: 4 });
    });

    it('activeSteps rejects units out of range', () => {
      expect(() => activeSteps(HAND, [3], { threshold: 0 })).to.throw(/unit 3 is out of range: the states have 3 units/);
    });
  });

  describe('properties (fast-check) against the brute-force reference', () => {
    const level = fc.constantFrom(-1, -0.5, 0, 0.25, 0.5, 0.75, 1, NaN);
    const case_ = fc.record({ steps: fc.integer({ min: 1, max: 24 }), units: fc.integer({ min: 1, max: 5 }) }).chain(({ steps, units }) =>
      fc.record({
        steps: fc.constant(steps),
        units: fc.constant(units),
        values: fc.array(level, { minLength: steps * units, maxLength: steps * units }),
        a: fc.integer({ min: 0, max: steps }),
        b: fc.integer({ min: 0, max: steps }),
        threshold: fc.constantFrom(-1, 0, 0.25, 0.5, 1),
        strict: fc.boolean(),
        cap: fc.integer({ min: 0, max: 6 }),
      }),
    );

    it('selectUnits and findMatches equal the reference on random states, selections, thresholds and caps', () => {
      fc.assert(
        fc.property(case_, (c) => {
          const s = { values: Float32Array.from(c.values), steps: c.steps, units: c.units };
          const sel = { start: Math.min(c.a, c.b), end: Math.max(c.a, c.b) };
          const units = Array.from(selectUnits(s, sel, { threshold: c.threshold, strict: c.strict }));
          expect(units).to.deep.equal(referenceUnits(s, sel, c.threshold, c.strict));
          expect(findMatches(s, units, sel, { threshold: c.threshold, maxMatches: c.cap })).to.deep.equal(
            referenceMatches(s, units, sel, c.threshold, c.cap),
          );
        }),
        { numRuns: 400, seed: 6 },
      );
    });

    it('matches never overlap the selection or each other, and each is maximal', () => {
      fc.assert(
        fc.property(case_, (c) => {
          const s = { values: Float32Array.from(c.values), steps: c.steps, units: c.units };
          const sel = { start: Math.min(c.a, c.b), end: Math.max(c.a, c.b) };
          const units = Array.from(selectUnits(s, sel, { threshold: c.threshold }));
          const { matches } = findMatches(s, units, sel, { threshold: c.threshold, maxMatches: Infinity });
          const on = (t: number) => units.every((u) => at(s, t, u) >= c.threshold);
          for (const m of matches) {
            expect(m.start < sel.end && m.end > sel.start).to.equal(false);
            for (let t = m.start; t < m.end; t++) expect(on(t)).to.equal(true);
            if (m.start > 0) expect(on(m.start - 1)).to.equal(false);
            if (m.end < s.steps) expect(on(m.end)).to.equal(false);
          }
        }),
        { numRuns: 200, seed: 7 },
      );
    });
  });

  forEachBackend(() => {
    it('activeStepsTensor equals activeSteps and frees what it makes', async () => {
      const states = tf.tensor2d(HAND.values, [8, 3]);
      for (const units of [[0, 1], [1], [2], [0, 1, 2], []]) {
        const mask = await activeStepsTensor(states, units, { threshold: 0.5 });
        expect(Array.from(mask), `units ${units}`).to.deep.equal(Array.from(activeSteps(HAND, units, { threshold: 0.5 })));
      }
      await expectNoLeak(() => activeStepsTensor(states, [0, 1], { threshold: 0.5 }), 'activeStepsTensor');
      expect(states.isDisposed).to.equal(false);
      states.dispose();
    });
  });
});
