import { expect } from 'chai';
import { colourScale, colourScaleOf } from '../../src/scales/colour-scale.js';
import { colormapLut, DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL } from '../../src/scales/colormap.js';
import { colorDomain, symmetricDomain } from '../../src/scales/value-scale.js';

describe('colourScale (the one value-to-colour object)', () => {
  it('colourScale of non-negative data starts at zero with the sequential default', () => {
    const scale = colourScaleOf(new Float32Array([0.2, 0.5, NaN, 0.8]));
    expect(scale.domain).to.deep.equal([0, 0.800000011920929]);
    expect(scale.signed).to.equal(false);
    expect(scale.colormap).to.equal(DEFAULT_SEQUENTIAL);
    expect(scale.unit(0.4)).to.be.closeTo(0.5, 1e-6);
    expect(Array.from(scale.lut)).to.deep.equal(Array.from(colormapLut(DEFAULT_SEQUENTIAL)));
  });

  it('colourScale of signed data is symmetric around zero with the diverging default', () => {
    const scale = colourScale({ extent: [-0.25, 1] });
    expect(scale.domain).to.deep.equal([-1, 1]);
    expect(scale.signed).to.equal(true);
    expect(scale.colormap).to.equal(DEFAULT_DIVERGING);
    expect(scale.unit(0)).to.equal(0.5); // zero at the scheme's neutral midpoint
  });

  it('colourScale keeps a fixed domain, a forced sign, a chosen scheme and scale type', () => {
    const scale = colourScale({ extent: [0, 5], fixed: [1, 3], colormap: 'magma', type: 'sqrt', signed: true });
    expect(scale.domain).to.deep.equal([1, 3]);
    expect(scale.signed).to.equal(true);
    expect(scale.colormap).to.equal('magma');
    expect(scale.type).to.equal('sqrt');
    expect(scale.unit(3)).to.equal(1);
  });

  it('colourScale throws a message listing the schemes for an unknown colormap', () => {
    expect(() => colourScale({ extent: [0, 1], colormap: 'nope' })).to.throw(/Unknown colormap "nope". Valid names: .*viridis/);
  });

  it('symmetricDomain and colorDomain agree, and all-zero data reads from zero', () => {
    expect(symmetricDomain([-1, 3], true)).to.deep.equal([-3, 3]);
    expect(symmetricDomain([0.2, 3], false)).to.deep.equal([0, 3]);
    expect(symmetricDomain([0, 0], false)).to.deep.equal([0, 1]);
    expect(symmetricDomain(undefined, false)).to.deep.equal([0, 1]);
    expect(colorDomain(new Float32Array([-1, 3]))).to.deep.equal({ domain: [-3, 3], signed: true });
  });
});
