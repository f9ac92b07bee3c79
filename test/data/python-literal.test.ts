import { expect } from 'chai';
import { parsePythonLiteral } from '../../src/data/python-literal.js';

describe('parsePythonLiteral', () => {
  it('parsePythonLiteral(npy header) reads dicts, tuples, strings, ints and booleans', () => {
    expect(parsePythonLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }  \n")).to.deep.equal({
      descr: '<f4',
      fortran_order: false,
      shape: [3, 4],
    });
    expect(parsePythonLiteral("{'shape': (), 'x': (5,), 'y': [1, 2L], 'z': None, \"w\": True}")).to.deep.equal({
      shape: [],
      x: [5],
      y: [1, 2],
      z: null,
      w: true,
    });
    expect(parsePythonLiteral("[('温度', '<f4'), ('it\\'s', '<i4', (2,))]")).to.deep.equal([
      ['温度', '<f4'],
      ["it's", '<i4', [2]],
    ]);
  });

  it('parsePythonLiteral(malformed text) says what it expected where, and never evaluates', () => {
    const cases: [string, string][] = [
      ["{'a': 1", "',' or '}'"],
      ["{'a' 1}", "':'"],
      ['{1: 2}', 'a string key'],
      ["{'a': '1}", 'closing'],
      ["{'a': __import__('os')}", 'a value'],
      ["{'a': 1} x", 'end of header'],
      ['('.repeat(100), 'levels of nesting'],
      ['', 'a value'],
    ];
    for (const [text, expected] of cases) {
      expect(() => parsePythonLiteral(text), text).to.throw(expected);
    }
  });
});
