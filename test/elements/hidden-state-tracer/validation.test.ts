import { expect } from 'chai';
import { useBackend } from '../../../src/backend/use-backend.js';
import { removeAndRelease, tensorBaseline } from '../../helpers/leaks.js';
import { STATES, TOKENS, errorText, mount, pageErrors } from './fixture.js';

describe('<nn-hidden-state-tracer> attribute checks (validate.ts)', () => {
  before(async () => {
    expect(await useBackend('webgl')).to.equal('webgl');
  });
  let each: ReturnType<typeof tensorBaseline>;
  beforeEach(() => (each = tensorBaseline()));
  afterEach(async () => {
    document.querySelectorAll('nn-hidden-state-tracer').forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
    each.check('after the test');
  });

  for (const [attribute, message] of [
    ['state', 'state must be one of "hidden", "cell"; got "bogus".'],
    ['heatmap', 'heatmap must be one of "selected", "all"; got "bogus".'],
  ] as const) {
    it(`${attribute}="bogus" shows oneOf's message inside the element, fires nn-error, and the page sees no error`, async () => {
      const baseline = tensorBaseline();
      const fired: string[] = [];
      const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] });
      el.addEventListener('nn-error', (e) => fired.push(e.detail.message));
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      const errors = await pageErrors(async () => {
        el.setAttribute(attribute, 'bogus');
        await el.updateComplete;
      });
      expect(el.error).to.equal(message);
      expect(errorText(el)).to.equal(message);
      expect(fired).to.deep.equal([message]);
      expect(errors).to.deep.equal([]);
      // A good value recovers, with the data as it was.
      el.setAttribute(attribute, attribute === 'state' ? 'hidden' : 'all');
      await el.updateComplete;
      expect(el.error).to.equal(undefined);
      expect(el.selectedUnits).to.deep.equal([0, 1]);
      await removeAndRelease(el);
      baseline.check(`after a bad ${attribute}`);
    });
  }

  /** Each bad selection, as the attribute or the property, and the message it shows. */
  const badSelections: [string, { attribute?: string; property?: unknown }, string][] = [
    ['"[5,2]"', { attribute: '[5,2]' }, 'selection [5, 2) ends before it starts: end must be at least start.'],
    ['"abc"', { attribute: 'abc' }, 'selection must be a JSON array [start, end] of step indices, like [4, 9]; got "abc".'],
    [`'{"start":1}'`, { attribute: '{"start":1}' }, "selection's end must be a whole step index; got undefined."],
    ['"[1.5,2]"', { attribute: '[1.5,2]' }, "selection's start must be a whole step index; got 1.5."],
    [`'["a","b"]'`, { attribute: '["a","b"]' }, `selection's start must be a whole step index; got "a".`],
    ['"[]"', { attribute: '[]' }, 'selection must be two step indices [start, end]; got an array of 0.'],
    ['{start: "1", end: "3"}', { property: { start: '1', end: '3' } }, `selection's start must be a whole step index; got "1".`],
    ['{start: 3, end: 1}', { property: { start: 3, end: 1 } }, 'selection [3, 1) ends before it starts: end must be at least start.'],
    ['42', { property: 42 }, 'selection must be [start, end] or {start, end}; got 42.'],
  ];

  it('each of nine bad selections shows its own message inside the element; the page sees no error; a good one recovers', async () => {
    const baseline = tensorBaseline();
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] });
    const fired: string[] = [];
    el.addEventListener('nn-error', (e) => fired.push(e.detail.message));
    await el.updateComplete;
    for (const [label, value, message] of badSelections) {
      const errors = await pageErrors(async () => {
        if (value.attribute !== undefined) el.setAttribute('selection', value.attribute);
        else el.selection = value.property as never;
        await el.updateComplete;
      });
      expect(el.error, label).to.equal(message);
      expect(errorText(el), label).to.equal(message);
      expect(fired.at(-1), label).to.equal(message);
      expect(errors, label).to.deep.equal([]);
      expect(el.selectedUnits, label).to.deep.equal([]);
      el.setAttribute('selection', '[6, 9]');
      await el.updateComplete;
      expect(el.error, `recovered from ${label}`).to.equal(undefined);
      expect(el.selectedUnits).to.deep.equal([0, 1]);
    }
    await removeAndRelease(el);
    baseline.check('after nine bad selections');
  });

  it('a bad selection on the first draw shows its message, and fixing it draws without new data', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5 }, { selection: 'abc' });
    await el.updateComplete;
    expect(el.error).to.equal('selection must be a JSON array [start, end] of step indices, like [4, 9]; got "abc".');
    el.selection = [6, 9];
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    expect(el.matchRuns).to.deep.equal([
      { start: 30, end: 36 },
      { start: 20, end: 23 },
    ]);
  });

  it('max-matches and context must be whole numbers from 0; tokens must be a JSON array', async () => {
    const el = mount({ states: STATES(), tokens: TOKENS, threshold: 0.5, selection: [6, 9] });
    await el.updateComplete;
    el.setAttribute('max-matches', '-1');
    await el.updateComplete;
    expect(el.error).to.equal('max-matches must be an integer from 0; got -1.');
    el.setAttribute('max-matches', '1');
    el.context = 1.5;
    await el.updateComplete;
    expect(el.error).to.equal('context must be an integer from 0; got 1.5.');
    el.context = 2;
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
    expect(el.matchRuns).to.deep.equal([{ start: 30, end: 36 }]);
    const errors = await pageErrors(async () => {
      el.setAttribute('tokens', '["a", "b"');
      await el.updateComplete;
    });
    expect(el.error).to.match(/^tokens must be a JSON array of strings, like \["The", "cat"\]/);
    expect(errors).to.deep.equal([]);
  });
});

describe('<nn-hidden-state-tracer> empty states', () => {
  afterEach(async () => {
    document.querySelectorAll('nn-hidden-state-tracer').forEach((el) => el.remove());
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('states with an empty axis, even beside a huge one, are refused at once with a message (before: a hang that closed the tab)', async () => {
    const el = document.createElement('nn-hidden-state-tracer');
    el.setAttribute('style', 'display: block; width: 500px; height: 400px');
    el.eager = true;
    el.states = { data: new Float32Array(0), shape: [0, 2147483647] };
    document.body.append(el);
    await el.updateComplete;
    expect(el.error).to.equal('states has no steps (shape [0,2147483647]): there is nothing to trace.');
    el.states = { data: new Float32Array(0), shape: [5, 0] };
    await el.updateComplete;
    expect(el.error).to.equal('states has no units (shape [5,0]): there is nothing to trace.');
    el.states = { data: new Float32Array(8), shape: [4, 2] };
    await el.updateComplete;
    expect(el.error).to.equal(undefined);
  });
});
