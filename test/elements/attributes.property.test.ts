// The elements' attribute fuzz suite (issue 15): every attribute of every
// element, set to random strings and to values of the wrong kind, on every
// backend. Each case ends in one of two ways: a specific message inside the
// element (none of FORBIDDEN) with nn-error fired, or a draw with no error.
// Either way nothing reaches the page, and putting the attribute back
// recovers with no tensor left behind.
//
// Seeded: a failure prints its seed and path; rerun with them to reproduce.

import { expect } from 'chai';
import fc from 'fast-check';
import { tf } from '../../src/tf.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import { forEachBackend } from '../helpers/backends.js';
import { BARE_MESSAGES } from '../helpers/bare-messages.js';

const SEED = 20_261_207;

/** Cases per element and backend; README.md quotes the total. */
export const ATTRIBUTE_RUNS = 40;

/**
 * Messages a user must never see (test/helpers/bare-messages.ts), and a JSON
 * parser's own words: an attribute that is not JSON gets validate.ts's message.
 */
const FORBIDDEN = [...BARE_MESSAGES, 'Unexpected token', 'is not valid JSON', 'is not defined'];

/** Attributes left out: URLs (a random string is a request to the test server, covered by the data fuzz) and `eager`/`tabindex`-like plumbing. */
const SKIPPED = new Set(['src', 'saliency-src', 'cell-src', 'model', 'eager', 'image']);

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);

const specs: { tag: string; props: () => Record<string, unknown> }[] = [
  {
    tag: 'nn-attention-heatmap',
    props: () => ({ attention: { data: ramp(2 * 2 * 6 * 6), shape: [2, 2, 6, 6] }, tokens: ['a', 'b', 'c', 'd', 'e', 'f'] }),
  },
  { tag: 'nn-hidden-state-tracer', props: () => ({ states: { data: ramp(40 * 4), shape: [40, 4] }, threshold: 0.5, selection: [3, 5] }) },
  { tag: 'nn-feature-grid', props: () => ({ activations: { data: ramp(4 * 4 * 12), shape: [4, 4, 12] } }) },
  {
    tag: 'nn-saliency-overlay',
    props: () => ({
      image: new ImageData(
        Uint8ClampedArray.from({ length: 8 * 8 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256)),
        8,
        8,
      ),
      // The score is the sum of the pixels: fast, so every method runs.
      model: (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]),
      target: 0,
    }),
  },
];

/** Strings users type and paste, and wrong kinds of value, short enough that no method runs for minutes. */
const attributeValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    '-1',
    '0',
    '1',
    '2',
    '3.5',
    '1e309',
    '-0',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    '[1,2',
    '[2, 1]',
    '[0, 999]',
    '["a"]',
    '{"a":1}',
    '<b>x</b>',
    "don't",
    '\u202eabc',
    'mean',
    'max',
    'auto',
    '[0, 1]',
  ),
  fc.integer({ min: -5, max: 50 }).map(String),
);

/** The property name behind each attribute, from Lit's declarations. */
function propertiesByAttribute(ctor: CustomElementConstructor): Map<string, string> {
  const map = new Map<string, string>();
  const declared = (ctor as unknown as { elementProperties: Map<PropertyKey, { attribute?: boolean | string }> }).elementProperties;
  for (const [property, options] of declared) {
    if (typeof property !== 'string' || options.attribute === false) continue;
    map.set(typeof options.attribute === 'string' ? options.attribute : property.toLowerCase(), property);
  }
  return map;
}

/** The element with the spec's good input, drawn (no error). */
async function mountDrawn(spec: { tag: string; props: () => Record<string, unknown> }): Promise<NnElement> {
  const el = document.createElement(spec.tag) as NnElement;
  el.setAttribute('style', 'display: block; width: 420px; height: 340px');
  Object.assign(el, { eager: true, ...spec.props() });
  document.body.append(el);
  await el.updateComplete;
  expect(el.error, 'the good input').to.equal(undefined);
  return el;
}

/** Collects what reaches the page (uncaught errors and rejections) until `stop()`. */
function watchPage(): { pageErrors: string[]; stop(): void } {
  const pageErrors: string[] = [];
  const onError = (event: ErrorEvent) => pageErrors.push(event.message);
  const onRejection = (event: PromiseRejectionEvent) => pageErrors.push(String(event.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    pageErrors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

describe('element attributes, fuzzed', () => {
  forEachBackend(() => {
    for (const spec of specs) {
      it(`${spec.tag}: any value of any attribute is shown or refused inside the element, and the old value recovers`, async () => {
        // One mount and removal first: tfjs makes some constants once per backend, for the page's lifetime.
        const warm = document.createElement(spec.tag) as NnElement;
        Object.assign(warm, { eager: true, ...spec.props() });
        document.body.append(warm);
        await warm.updateComplete;
        warm.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
        const start = tf.memory().numTensors;
        const ctor = customElements.get(spec.tag)!;
        const properties = propertiesByAttribute(ctor);
        const attributes = [...properties.keys()].filter((name) => !SKIPPED.has(name)).sort();
        const el = await mountDrawn(spec);
        const held = tf.memory().numTensors;
        const { pageErrors, stop } = watchPage();
        const errors: string[] = [];
        el.addEventListener('nn-error', (event) => errors.push(event.detail.message));
        try {
          await fc.assert(
            fc.asyncProperty(fc.constantFrom(...attributes), attributeValue, async (attribute, value) => {
              const property = properties.get(attribute)!;
              const before = (el as unknown as Record<string, unknown>)[property];
              const had = el.getAttribute(attribute);
              errors.length = 0;
              el.setAttribute(attribute, value);
              await el.updateComplete;
              await new Promise((resolve) => requestAnimationFrame(resolve));
              await el.updateComplete;
              expect(pageErrors, `${attribute}="${value}": thrown to the page`).to.deep.equal([]);
              const message = el.error;
              if (message !== undefined) {
                for (const bare of FORBIDDEN) expect(message, `${attribute}="${value}"`).to.not.contain(bare);
                expect(el.shadowRoot!.querySelector('[part="error"]')?.textContent, `${attribute}="${value}": shown`).to.equal(message);
                expect(errors, `${attribute}="${value}": nn-error`).to.include(message);
              }
              // Put it back as it was: the element recovers.
              if (had === null) el.removeAttribute(attribute);
              else el.setAttribute(attribute, had);
              (el as unknown as Record<string, unknown>)[property] = before;
              await el.updateComplete;
              await new Promise((resolve) => requestAnimationFrame(resolve));
              await el.updateComplete;
              expect(el.error, `${attribute}="${value}", then put back`).to.equal(undefined);
              expect(pageErrors).to.deep.equal([]);
              expect(tf.memory().numTensors, `${attribute}="${value}": tensors after putting it back`).to.equal(held);
            }),
            { seed: SEED, numRuns: ATTRIBUTE_RUNS, endOnFailure: true, verbose: 1 },
          );
        } finally {
          stop();
          el.remove();
          // A compute the removal aborted frees what it made when it stops: wait for that (at most 3 s).
          for (let waited = 0; tf.memory().numTensors !== start && waited < 3000; waited += 50)
            await new Promise((resolve) => setTimeout(resolve, 50));
          expect(tf.memory().numTensors, 'released after removal').to.equal(start);
        }
      });
    }
  });
});

/** Values of the wrong kind a script might set on a property, small enough that no method runs for minutes. */
const propertyValue = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.double({ min: -1e3, max: 1e3 }),
  fc.constantFrom(NaN, Infinity, -Infinity, 0.5, true, false, null, 1n, '', 'bogus', [], {}, [1, 2], ['a'], { start: 1 }, () => 1),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 9 }), fc.string({ maxLength: 3 })), { maxLength: 4 }),
  fc.string({ maxLength: 8 }),
);

describe('element properties set to values of the wrong kind, fuzzed', () => {
  forEachBackend(() => {
    for (const spec of specs) {
      it(`${spec.tag}: any value of any property is shown or refused inside the element, and the old value recovers`, async () => {
        const el = await mountDrawn(spec);
        const declared = (customElements.get(spec.tag) as unknown as { elementProperties: Map<PropertyKey, { state?: boolean }> }).elementProperties;
        // Public properties only (not Lit's internal @state), less URLs and plumbing.
        const properties = [...declared]
          .filter(([key, options]) => typeof key === 'string' && !options.state && !['eager', 'src', 'saliencySrc', 'cellSrc'].includes(key))
          .map(([key]) => key as string)
          .sort();
        const { pageErrors, stop } = watchPage();
        try {
          await fc.assert(
            fc.asyncProperty(fc.constantFrom(...properties), propertyValue, async (property, value) => {
              const record = el as unknown as Record<string, unknown>;
              const before = record[property];
              record[property] = value;
              await el.updateComplete;
              await new Promise((resolve) => requestAnimationFrame(resolve));
              await el.updateComplete;
              const shown = `${property} = ${typeof value === 'bigint' ? `${value}n` : typeof value === 'function' ? 'a function' : JSON.stringify(value)}`;
              expect(pageErrors, `${shown}: thrown to the page`).to.deep.equal([]);
              if (el.error !== undefined) for (const bare of FORBIDDEN) expect(el.error, shown).to.not.contain(bare);
              record[property] = before;
              await el.updateComplete;
              await new Promise((resolve) => requestAnimationFrame(resolve));
              await el.updateComplete;
              expect(el.error, `${shown}, then put back`).to.equal(undefined);
            }),
            { seed: SEED, numRuns: ATTRIBUTE_RUNS, endOnFailure: true, verbose: 1 },
          );
        } finally {
          stop();
          el.remove();
        }
      });
    }
  });
});

describe('a target a function model does not have', () => {
  forEachBackend(() => {
    it('is refused before any method runs, naming the classes, with nothing left behind (before: two tensors tfjs saved for the backward pass leaked)', async () => {
      const model = (batch: Tensor) => tf.reshape(tf.sum(batch, [1, 2, 3]), [-1, 1]);
      const image = new ImageData(new Uint8ClampedArray(8 * 8 * 4).fill(180), 8, 8);
      // Warm: tfjs makes some constants once per backend.
      const warm = Object.assign(document.createElement('nn-saliency-overlay'), { eager: true, image, model, target: 0 });
      document.body.append(warm);
      await warm.updateComplete;
      warm.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const start = tf.memory().numTensors;
      for (const method of ['gradient', 'smoothgrad', 'integrated-gradients'] as const) {
        const el = Object.assign(document.createElement('nn-saliency-overlay'), { eager: true, image, model, target: 18, method });
        document.body.append(el);
        await el.updateComplete;
        expect(el.error, method).to.equal('target 18 is out of range: the model outputs 1 class (0 to 0).');
        el.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(tf.memory().numTensors, `${method}: after removal`).to.equal(start);
      }
    });
  });
});
