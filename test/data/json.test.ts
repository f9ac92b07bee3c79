import { expect } from 'chai';
import fc from 'fast-check';
import { parseJsonTensor } from '../../src/data/json.js';
import { expectDataError, expectSameValues } from './fixtures.js';
import { smallShape } from './property-arbitraries.js';

/** JSON as Python's json.dumps writes it: bare NaN, Infinity and -Infinity. */
function pythonDumps(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (Object.is(value, -0)) return '-0.0';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(', ')}]`;
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pythonDumps(v)}`)
    .join(', ')}}`;
}

function nest(flat: readonly number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [size, ...rest] = shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, i) => nest(flat.slice(i * inner, (i + 1) * inner), rest));
}

describe('parseJsonTensor', () => {
  it('parseJsonTensor(json.dumps output) reads NaN, Infinity, -Infinity and null (no value)', () => {
    const decoded = parseJsonTensor('[[1.5, NaN], [Infinity, -Infinity], [null, -0.0]]');
    expect(decoded.shape).to.deep.equal([3, 2]);
    expect(decoded.dtype).to.equal('float64');
    expectSameValues(decoded.data, [1.5, NaN, Infinity, -Infinity, NaN, -0]);
  });

  it('parseJsonTensor leaves "NaN" inside strings alone', () => {
    const decoded = parseJsonTensor('{"note": "NaN \\" Infinity", "data": [NaN, 2], "shape": [2]}');
    expectSameValues(decoded.data, [NaN, 2]);
  });

  it('parseJsonTensor({data, shape}) reads flat and nested data', () => {
    expect(parseJsonTensor('{"data": [1, 2, 3, 4, 5, 6], "shape": [2, 3]}').shape).to.deep.equal([2, 3]);
    expect(parseJsonTensor('{"data": [[1, 2], [3, 4]], "shape": [4]}').shape).to.deep.equal([4]);
    expect(parseJsonTensor('{"data": [], "shape": [0, 3]}').shape).to.deep.equal([0, 3]);
  });

  it('parseJsonTensor(bare number) gives a scalar', () => {
    expect(parseJsonTensor(' 3.5 ').shape).to.deep.equal([]);
    expectSameValues(parseJsonTensor('NaN').data, [NaN]);
    expectSameValues(parseJsonTensor('-Infinity').data, [-Infinity]);
  });

  it('parseJsonTensor(wrong JSON) names the problem', async () => {
    await expectDataError(() => parseJsonTensor('[1, 2', 'x.json'), 'x.json: not valid JSON');
    await expectDataError(() => parseJsonTensor('"abc"'), 'a string');
    await expectDataError(() => parseJsonTensor('[[1, true]]'), 'element [0][1] is a boolean');
    await expectDataError(() => parseJsonTensor('[[1, 2], [3]]'), 'ragged', 'element [1]');
    await expectDataError(() => parseJsonTensor('{"data": [1, 2]}'), 'expected a nested array');
  });

  it('parseJsonTensor(pythonDumps(random nested array)) gives its values as float32 (property)', () => {
    const valueArb = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e-320, 3.4028235677973366e38));
    fc.assert(
      fc.property(
        smallShape.filter((shape) => shape.length > 0),
        fc.array(valueArb, { minLength: 256, maxLength: 256 }),
        fc.boolean(),
        (shape, pool, asDataShape) => {
          // A nested array cannot say how long the axes after an empty one are: [] is shape [0], never [0, 3].
          fc.pre(asDataShape || shape.slice(0, -1).every((size) => size > 0));
          const flat = pool.slice(
            0,
            shape.reduce((a, b) => a * b, 1),
          );
          const text = pythonDumps(asDataShape ? { data: flat, shape } : nest(flat, shape));
          const decoded = parseJsonTensor(text);
          expect(decoded.shape).to.deep.equal(shape);
          expectSameValues(decoded.data, flat.map(Math.fround));
        },
      ),
      { numRuns: 200 },
    );
  });
});
