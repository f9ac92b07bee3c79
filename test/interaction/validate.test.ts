import { expect } from 'chai';
import { given, indexList, integerIn, numberIn, oneOf, stringList } from '../../src/elements/base/validate.js';

describe('attribute validation (one message shape)', () => {
  it('oneOf names the attribute, the value given and the allowed values', () => {
    expect(oneOf('view', 'model', ['matrix', 'model'] as const)).to.equal('model');
    expect(() => oneOf('view', 'bogus', ['matrix', 'model'])).to.throw('view must be one of "matrix", "model"; got "bogus".');
    expect(() => oneOf('view', 42, ['matrix'])).to.throw('view must be one of "matrix"; got 42.');
    expect(() => oneOf('scale', {}, ['linear'])).to.throw('scale must be one of "linear"; got an object.');
  });

  it('integerIn and numberIn check type and range', () => {
    expect(integerIn('layer', 3, 0, 11)).to.equal(3);
    expect(() => integerIn('layer', 12, 0, 11)).to.throw('layer must be an integer from 0 to 11; got 12.');
    expect(() => integerIn('head', 1.5, 0)).to.throw('head must be an integer from 0; got 1.5.');
    expect(numberIn('threshold', 0.3)).to.equal(0.3);
    expect(() => numberIn('threshold', NaN)).to.throw('threshold must be a finite number; got NaN.');
    expect(() => numberIn('opacity', 2, 0, 1)).to.throw('opacity must be a number from 0 to 1; got 2.');
  });

  it('stringList takes arrays as text and hints at quoting for a JSON attribute that did not parse', () => {
    expect(stringList('tokens', ['<b>', 3])).to.deep.equal(['<b>', '3']);
    expect(stringList('tokens', undefined)).to.equal(undefined);
    expect(() => stringList('tokens', '["don')).to.throw(
      /^tokens must be a JSON array of strings, like \["The", "cat"\]; got "\[\\"don"\. If a value contains an apostrophe/,
    );
    expect(() => stringList('labels', { a: 1 })).to.throw('labels must be an array of strings; got an object.');
  });

  it('indexList takes non-negative integers only', () => {
    expect(indexList('mask', [0, 11])).to.deep.equal([0, 11]);
    expect(() => indexList('mask', [0, -1])).to.throw('mask must hold non-negative integers; item 1 is -1.');
    expect(() => indexList('mask', { a: 1 }, 'token indices')).to.throw('mask must be an array of token indices, like [0, 11]; got an object.');
    expect(() => indexList('mask', 'zero', 'token indices')).to.throw('mask must be a JSON array of token indices, like [0, 11]; got "zero".');
  });

  it('given shortens long strings and names kinds of value', () => {
    expect(given('x'.repeat(100))).to.equal(JSON.stringify(`${'x'.repeat(57)}...`));
    expect(given(() => 1)).to.equal('a function');
    expect(given(new Float32Array(2))).to.equal('a Float32Array');
    expect(given([1, 2])).to.equal('an array of 2');
  });
});
