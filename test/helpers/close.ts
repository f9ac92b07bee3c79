import { expect } from 'chai';

/**
 * Every value within `tolerance` of the reference; NaN in the reference
 * must be NaN in `actual` ("no value" cells). Reports the first index off.
 */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, label = 'values'): void {
  expect(actual.length, `${label}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(Number.isNaN(actual[i]), `${label}[${i}] should be NaN, got ${actual[i]}`).to.equal(true);
    else expect(actual[i], `${label}[${i}]`).to.be.closeTo(expected[i], tolerance);
  }
}
