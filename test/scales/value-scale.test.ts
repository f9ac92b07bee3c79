import { expect } from 'chai';
import { scaleLinear, scaleLog, scaleSqrt } from 'd3-scale';
import { colorDomain, unitScale } from '../../src/scales/value-scale.js';
import { paintCells } from '../../src/render/heatmap.js';
import { colormapLut } from '../../src/scales/colormap.js';

describe('unitScale', () => {
  const domains: [number, number][] = [
    [0, 1],
    [-2, 3],
    [1e-4, 0.5],
  ];
  const values = [-5, -1, -0.1, 0, 1e-5, 0.01, 0.2, 0.5, 0.99, 1, 2.5, 10];

  for (const type of ['linear', 'sqrt', 'log'] as const) {
    it(`unitScale('${type}', domain) equals d3's clamped scale${type === 'log' ? ' for positive values, 0 at or below 0' : ''}`, () => {
      for (const domain of domains) {
        if (type === 'log' && domain[0] <= 0) continue;
        const d3 = (type === 'linear' ? scaleLinear() : type === 'sqrt' ? scaleSqrt() : scaleLog()).domain(domain).range([0, 1]).clamp(true);
        const unit = unitScale(type, domain);
        for (const value of values) {
          const expected = type === 'log' && value <= 0 ? 0 : d3(value);
          expect(unit(value), `${type} ${domain} at ${value}`).to.be.closeTo(expected, 1e-12);
        }
      }
    });
  }

  it('maps NaN and ±Infinity to NaN ("no value") and a constant domain to 0.5', () => {
    for (const type of ['linear', 'sqrt', 'log'] as const) {
      const unit = unitScale(type, [0.1, 1]);
      expect([NaN, Infinity, -Infinity].map(unit).every(Number.isNaN), type).to.equal(true);
    }
    expect(unitScale('linear', [2, 2])(2)).to.equal(0.5);
  });

  it('colorDomain starts non-negative data at 0 and centres signed data on 0', () => {
    expect(colorDomain(new Float32Array([0.2, 0.7]))).to.deep.equal({ domain: [0, Math.fround(0.7)], signed: false });
    expect(colorDomain(new Float32Array([-1, 3, NaN]))).to.deep.equal({ domain: [-3, 3], signed: true });
    expect(colorDomain([5], [0, 1])).to.deep.equal({ domain: [0, 1], signed: false });
  });

  it('paintCells writes the LUT entry Math.round(t * 255) for every cell, and the missing colour for NaN', () => {
    const lut = colormapLut('magma');
    const values = new Float32Array(Array.from({ length: 1000 }, (_, i) => (i === 7 ? NaN : i / 999)));
    const out = paintCells({ values, rows: 10, cols: 100 }, unitScale('linear', [0, 1]), lut, [1, 2, 3, 4]);
    for (let i = 0; i < 1000; i++) {
      const expected = i === 7 ? [1, 2, 3, 4] : Array.from(lut.slice(Math.round((i / 999) * 255) * 4, Math.round((i / 999) * 255) * 4 + 4));
      expect(Array.from(out.slice(i * 4, i * 4 + 4)), `cell ${i}`).to.deep.equal(expected);
    }
  });

  it('paintCells inlines a linear map (unit.linear) with exactly the pixels of calling it per cell', () => {
    const lut = colormapLut('viridis');
    const special = [NaN, Infinity, -Infinity, -3, -0, 0, 2, 2.0000001, 7, 1e30, -1e30];
    const values = new Float32Array([...special, ...Array.from({ length: 5000 }, (_, i) => -1 + (i * 9) / 4999)]);
    for (const domain of [
      [0, 1],
      [-2, 7],
      [2, 2],
      [-1e-3, 1e-3],
    ] as [number, number][]) {
      const unit = unitScale('linear', domain);
      if (domain[0] !== domain[1]) expect(unit.linear, `linear ${domain}`).to.not.equal(undefined);
      const called = (value: number) => unit(value); // no .linear: the per-cell call
      const matrix = { values, rows: 1, cols: values.length };
      const inlined = paintCells(matrix, unit, lut, [9, 8, 7, 6]);
      const perCell = paintCells(matrix, called, lut, [9, 8, 7, 6]);
      expect(Array.from(inlined), `domain ${domain}`).to.deep.equal(Array.from(perCell));
    }
    expect(unitScale('sqrt', [0, 1]).linear).to.equal(undefined);
    expect(unitScale('log', [0.1, 1]).linear).to.equal(undefined);
  });
});
