import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';

/** The backends every compute and data test runs on. */
export const TEST_BACKENDS = ['cpu', 'webgl', 'webgpu'] as const;
export type TestBackend = (typeof TEST_BACKENDS)[number];

/**
 * Declares `suite` once per backend. The `before` hook fails the whole block
 * when the backend asked for is not the one in use, so a silent fallback to
 * cpu can never pass as a webgpu run.
 */
export function forEachBackend(suite: (backend: TestBackend) => void): void {
  for (const backend of TEST_BACKENDS) {
    describe(`on ${backend}`, function () {
      this.timeout(120_000);
      before(async () => {
        const name = await useBackend(backend);
        expect(name).to.equal(backend);
        expect(tf.getBackend()).to.equal(backend);
      });
      suite(backend);
    });
  }
}
