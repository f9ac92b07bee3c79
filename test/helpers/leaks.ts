import { expect } from 'chai';
import { tf } from '../../src/tf.js';
import { useBackend } from '../../src/backend/use-backend.js';

/**
 * Runs `body` twice: once to warm caches (compiled shaders, lazily created
 * constants that tfjs keeps for the page's lifetime), then again between two
 * `tf.memory().numTensors` readings that must be equal.
 *
 * @example
 * ```ts
 * await expectNoLeak(async () => { (await loadTensor(bytes)).dispose(); });
 * ```
 */
export async function expectNoLeak(body: () => unknown | Promise<unknown>, label = 'body'): Promise<void> {
  await body();
  const before = tf.memory().numTensors;
  await body();
  const after = tf.memory().numTensors;
  expect(after, `${label} leaked ${after - before} tensor(s)`).to.equal(before);
}

/** Records numTensors now; `check()` asserts it is back to that number. */
export function tensorBaseline(): { readonly count: number; check(label?: string): void } {
  const count = tf.memory().numTensors;
  return {
    count,
    check(label = 'tensors') {
      const now = tf.memory().numTensors;
      expect(now, `${label}: ${now - count} tensor(s) leaked`).to.equal(count);
    },
  };
}

/**
 * Removes `el` from the page and waits until it has released what it owns:
 * elements free their tensors at the end of the task that removed them, so
 * that a move within one task keeps the drawn view.
 */
export async function removeAndRelease(el: Element): Promise<void> {
  el.remove();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The set-up of a suite of element tests on the cpu backend that checks
 * tensor leaks around every test: before each, the tensor count; after
 * each, `cleanup` (remove what the test put on the page; the default
 * removes everything matching `selector`), the end of that task (elements
 * release at the end of the task that removed them), and the check that
 * the count is back.
 *
 * @example
 * ```ts
 * describe('my element', () => {
 *   useLeakCheck('nn-attention-heatmap, div.column');
 * });
 * ```
 */
export function useLeakCheck(selector: string, cleanup: () => void | Promise<void> = () => {}): void {
  let baseline: ReturnType<typeof tensorBaseline>;
  before(async () => {
    await useBackend('cpu');
  });
  beforeEach(() => {
    baseline = tensorBaseline();
  });
  afterEach(async () => {
    document.querySelectorAll(selector).forEach((el) => el.remove());
    await cleanup();
    await new Promise((resolve) => setTimeout(resolve, 0));
    baseline.check();
  });
}
