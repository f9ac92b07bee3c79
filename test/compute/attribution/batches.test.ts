import { expect } from 'chai';
import { ACTIVATIONS_PER_EXAMPLE, chooseBatchSize, DEFAULT_MEMORY_BUDGET } from '../../../src/compute/attribution/batches.js';

describe('chooseBatchSize', () => {
  const perExample = (size: number) => 4 * size * (1 + ACTIVATIONS_PER_EXAMPLE);

  it('fits the memory budget, and takes everything at once when it all fits', () => {
    expect(chooseBatchSize(784, 256)).to.equal(256);
    expect(Math.floor(DEFAULT_MEMORY_BUDGET / perExample(224 * 224 * 3))).to.equal(6);
    // 12 samples, 6 fit: two batches of 6.
    expect(chooseBatchSize(224 * 224 * 3, 12)).to.equal(6);
  });

  it('splits into batches of one size where a divisor down to half the budget exists, else keeps the budget and a short last batch', () => {
    const image = 224 * 224 * 3; // 6 fit in the default budget
    expect(chooseBatchSize(image, 50)).to.equal(5); // 10 x 5, not 8 x 6 + 2
    expect(chooseBatchSize(image, 64)).to.equal(4); // 16 x 4, not 10 x 6 + 4
    expect(chooseBatchSize(image, 25)).to.equal(5); // 5 x 5
    expect(chooseBatchSize(image, 7)).to.equal(6); // prime: 6 + 1 (no divisor from 3 to 6)
    expect(chooseBatchSize(image, 3)).to.equal(3); // fits at once
    // The budget is a ceiling: never a batch larger than fits.
    for (let total = 1; total <= 200; total++) {
      const size = chooseBatchSize(image, total);
      expect(size, `total ${total}`).to.be.at.most(Math.min(6, total));
      expect(size, `total ${total}`).to.be.at.least(Math.min(3, total));
      if (size < Math.min(6, total)) expect(total % size, `total ${total}`).to.equal(0);
    }
  });

  it('takes an explicit batchSize as given, and rejects a bad one', () => {
    expect(chooseBatchSize(224 * 224 * 3, 50, { batchSize: 6 })).to.equal(6);
    expect(chooseBatchSize(784, 10, { batchSize: 64 })).to.equal(10);
    expect(() => chooseBatchSize(784, 10, { batchSize: 0 })).to.throw('batchSize must be a whole number of at least 1, got 0.');
    expect(chooseBatchSize(784, 100, { memoryBudget: perExample(784) * 7 })).to.equal(5); // 7 fit; 20 x 5
  });
});
