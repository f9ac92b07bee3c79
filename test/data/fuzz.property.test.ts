// The data layer's fuzz suite (issue 15): byte corruption of every fixture
// format, the integrity fields of zip archives, shapes at and past the limits,
// and JS values of every type, through loadTensor on every backend.
//
// Every case ends in one of two ways: an NnDataError whose message is
// nnscope's own (none of FORBIDDEN), or a float32 tensor equal, value for
// value, to an independent reading of the same input (reference-formats.ts,
// or numpy's values from the fixture manifest). Every case leaves
// tf.memory().numTensors where it found it.
//
// Seeded: a failure prints its seed and path; rerun with them to reproduce.
// FUZZ_RUNS counts the cases; README.md quotes the total.
import { expect } from 'chai';
import fc from 'fast-check';
import { tf } from '../../src/tf.js';
import { NnDataError } from '../../src/data/errors.js';
import { loadTensor, type LoadTensorOptions, type TensorInput } from '../../src/data/load-tensor.js';
import { forEachBackend } from '../helpers/backends.js';
import { BARE_MESSAGES } from '../helpers/bare-messages.js';
import { expectedValues, expectSameValues, fixtureBytes, loadManifest } from './fixtures.js';
import {
  LIMIT,
  referenceCount,
  referenceFromJs,
  referenceJson,
  referenceNpy,
  referenceSafetensors,
  zipLayout,
  type Reference,
} from './reference-formats.js';
import { writeNpy, writeSafetensors } from './writers.js';

const SEED = 20_261_215;

/** Cases per property and backend. */
export const FUZZ_RUNS = {
  npyBytes: 150,
  npzBytes: 150,
  npzIntegrity: 150,
  safetensorsBytes: 150,
  jsonBytes: 100,
  shapes: 150,
  jsValues: 200,
} as const;

/** Messages a user must never see (test/helpers/bare-messages.ts). */
const FORBIDDEN = BARE_MESSAGES;

/** What a case must end in: 'either' (an own NnDataError or the reference's values), 'reject', or 'load'. */
type Expectation = 'either' | 'reject' | 'load';

interface FuzzCase {
  input: TensorInput;
  options?: LoadTensorOptions;
  /** Called only when the load succeeds, or to decide 'load' cases; 'refuse' means the input breaks a stated limit. */
  reference: () => Reference | 'refuse' | undefined;
  expect?: Expectation;
}

async function checkCase({ input, options, reference, expect: expectation = 'either' }: FuzzCase): Promise<'loaded' | 'rejected'> {
  const before = tf.memory().numTensors;
  let tensor: tf.Tensor | undefined;
  let failure: unknown;
  try {
    tensor = await loadTensor(input, options);
  } catch (error) {
    failure = error;
  }
  try {
    if (failure !== undefined) {
      if (!(failure instanceof NnDataError)) throw new Error(`rejected with a bare ${String(failure)}`, { cause: failure });
      for (const part of FORBIDDEN) expect(failure.message, 'an NnDataError message').to.not.contain(part);
      if (expectation === 'load') expect.fail(`the reference reads it, but loadTensor rejected: ${failure.message}`);
      if (reference() === 'refuse') expect(failure.message).to.match(/2\^31 - 1|at most 64/);
      return 'rejected';
    }
    if (expectation === 'reject') expect.fail(`loadTensor accepted a corrupt input as shape [${tensor!.shape}]`);
    const expected = reference();
    if (expected === undefined || expected === 'refuse') {
      expect.fail(`loadTensor gave shape [${tensor!.shape}] where the reference ${expected === 'refuse' ? 'refuses the shape' : 'reads nothing'}`);
    }
    expect(tensor!.dtype).to.equal('float32');
    expect(tensor!.shape).to.deep.equal(expected.shape);
    expectSameValues(await tensor!.data(), expected.values);
    return 'loaded';
  } finally {
    tensor?.dispose();
    expect(tf.memory().numTensors, 'tensors after the case').to.equal(before);
  }
}

/**
 * How a property's cases ended. Both ends must come up where both can: a suite
 * whose every case is rejected (a parser grown too strict) or loaded (a check
 * that stopped firing) would pass the per-case assertions and test nothing.
 */
function tally() {
  const counts = { loaded: 0, rejected: 0 };
  return {
    counts,
    add(outcome: 'loaded' | 'rejected') {
      counts[outcome]++;
    },
    expectBoth(label: string) {
      expect(counts.loaded, `${label}: cases that loaded`).to.be.above(0);
      expect(counts.rejected, `${label}: cases that were rejected`).to.be.above(0);
    },
  };
}

// ---- byte mutations ----------------------------------------------------------

/**
 * A fraction in [0, 1), uniform: fast-check biases numbers toward their
 * minimum, which here would put most writes on byte 0 (the magic).
 */
const fraction = fc.noBias(fc.integer({ min: 0, max: 0xffff })).map((n) => n / 0x10000);

/** A byte position: in the first 128 bytes (headers), the last 128 (zip directories), or anywhere. */
const position = fc.record({ region: fc.constantFrom('head', 'tail', 'any'), fraction });
type Position = typeof position extends fc.Arbitrary<infer T> ? T : never;

function at(length: number, { region, fraction }: Position): number {
  const span = region === 'any' ? length : Math.min(length, 128);
  const offset = Math.floor(fraction * span);
  return region === 'tail' ? length - span + offset : offset;
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    bits: fc.array(fc.tuple(position, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    writes: fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), keep: position }),
  fc.record({
    kind: fc.constant('splice' as const),
    where: position,
    remove: fc.integer({ min: 0, max: 24 }),
    insert: fc.uint8Array({ maxLength: 24 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, change: Mutation): Uint8Array {
  if (bytes.length === 0) return bytes.slice();
  switch (change.kind) {
    case 'flip': {
      const out = bytes.slice();
      for (const [where, bit] of change.bits) out[at(out.length, where)] ^= 1 << bit;
      return out;
    }
    case 'overwrite': {
      const out = bytes.slice();
      for (const [where, value] of change.writes) out[at(out.length, where)] = value;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at(bytes.length, change.keep));
    case 'splice': {
      const start = at(bytes.length, change.where);
      const out = new Uint8Array(bytes.length - Math.min(change.remove, bytes.length - start) + change.insert.length);
      out.set(bytes.subarray(0, start));
      out.set(change.insert, start);
      out.set(bytes.subarray(Math.min(bytes.length, start + change.remove)), start + change.insert.length);
      return out;
    }
  }
}

// ---- fixtures -----------------------------------------------------------------

const manifest = await loadManifest();
const NPY_FILES = [
  'npy_f2_be_f.npy',
  'npy_v3_f4.npy',
  'npy_i8_le_c.npy',
  'npy_b1_na_f.npy',
  'npy_scalar_f4.npy',
  'npy_empty_f4.npy',
  'npy_u8_be_c.npy',
  'npy_v2_i2_be_f.npy',
];
const NPZ_ENTRIES = manifest.arrays.filter((fixture) => fixture.file.endsWith('.npz'));
const ST_ENTRIES = manifest.arrays.filter((fixture) => fixture.file.endsWith('.safetensors'));
const JSON_FILES = ['json_nested.json', 'json_data_shape.json', 'json_data_shape_nested.json', 'json_null.json'];
const bytesOf = new Map<string, Uint8Array>();
for (const file of new Set([...NPY_FILES, ...NPZ_ENTRIES.map((f) => f.file), ...ST_ENTRIES.map((f) => f.file), ...JSON_FILES])) {
  bytesOf.set(file, await fixtureBytes(file));
}

/** numpy's values for an npz array, which any load of that array must give. */
function manifestReference(fixture: (typeof NPZ_ENTRIES)[number]): Reference {
  return { shape: fixture.shape, values: expectedValues(fixture) };
}

/** The entry name an npz fixture stores an array under. */
function entryName(fixture: (typeof NPZ_ENTRIES)[number]): string {
  return `${fixture.name ?? 'arr_0'}.npy`;
}

// ---- shapes and JS values -------------------------------------------------

/** A float as Python's json.dumps writes it: NaN and ±Infinity bare, -0 kept. */
function pythonJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Object.is(value, -0) ? '-0.0' : String(value);
}

const dimension = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(LIMIT, LIMIT + 1, 2 ** 32, 2 ** 40, 2 ** 53 - 1, 65536, 46341) },
);
const shapeCase = fc.record({
  shape: fc.array(dimension, { maxLength: 5 }),
  form: fc.constantFrom('npy', 'safetensors', 'data-shape', 'typed-data-shape', 'json'),
  seedValue: fc.double({ noNaN: false }),
});

/** Any JS value, wrong types and hostile shapes included; strings left out (a string is a URL). */
const jsValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }).filter((value) => typeof value !== 'string'),
  fc.array(fc.array(fc.oneof(fc.double(), fc.constant(null)), { minLength: 2, maxLength: 2 }), { maxLength: 3 }),
  fc.record({ data: fc.anything({ maxDepth: 2 }), shape: fc.anything({ maxDepth: 2 }) }),
  fc.record({ data: fc.array(fc.double(), { maxLength: 6 }), shape: fc.array(dimension, { maxLength: 3 }) }),
  fc.record({ data: fc.float32Array({ maxLength: 6 }), shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }) }),
  fc.record({ data: fc.bigInt64Array({ maxLength: 4 }), shape: fc.constant([2, 2]) }),
  fc.int16Array({ maxLength: 5 }),
  fc.float64Array({ maxLength: 5 }),
  fc.constantFrom(
    () => 1,
    Symbol('x'),
    1n,
    true,
    undefined,
    null,
    Object.create(null),
    new Map(),
    new Date(0),
    [[1, 2], [3]],
    [1, undefined],
    { data: () => 1, shape: [1] },
    { data: [1], shape: [Symbol('s')] },
  ),
);
const jsOptions = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record(
      { rank: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.anything({ maxDepth: 1 })), source: fc.oneof(fc.string(), fc.anything({ maxDepth: 1 })) },
      { requiredKeys: [] },
    ),
  },
);

describe('data-layer fuzz suite (seeded fast-check; issue 15)', () => {
  forEachBackend(() => {
    it(`loadTensor(npy fixtures flipped, overwritten, truncated or spliced): ${FUZZ_RUNS.npyBytes} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NPY_FILES), mutation, async (file, change) => {
          const bytes = mutate(bytesOf.get(file)!, change);
          outcomes.add(await checkCase({ input: bytes, reference: () => referenceNpy(bytes) }));
        }),
        { seed: SEED, numRuns: FUZZ_RUNS.npyBytes },
      );
      outcomes.expectBoth('npyBytes');
    });

    it(`loadTensor(npz fixtures, stored and deflated, zip64 or not, mutated anywhere): ${FUZZ_RUNS.npzBytes} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NPZ_ENTRIES), mutation, async (fixture, change) => {
          const bytes = mutate(bytesOf.get(fixture.file)!, change);
          outcomes.add(
            await checkCase({
              input: new Blob([bytes as Uint8Array<ArrayBuffer>]),
              options: { name: fixture.name },
              reference: () => manifestReference(fixture),
            }),
          );
        }),
        { seed: SEED + 1, numRuns: FUZZ_RUNS.npzBytes },
      );
      outcomes.expectBoth('npzBytes');
    });

    it(`loadTensor(npz with the entry's CRC-32 or size fields changed, or its data changed): ${FUZZ_RUNS.npzIntegrity} cases`, async () => {
      const target = fc.oneof(
        fc.record({ kind: fc.constant('field' as const), field: fc.nat(), xor: fc.integer({ min: 1, max: 0xffffffff }) }),
        fc.record({
          kind: fc.constant('data' as const),
          flips: fc.array(fc.tuple(fraction, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
        }),
      );
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NPZ_ENTRIES), target, async (fixture, change) => {
          const original = bytesOf.get(fixture.file)!;
          const entry = zipLayout(original).find((layout) => layout.name === entryName(fixture))!;
          const bytes = original.slice();
          const view = new DataView(bytes.buffer);
          if (change.kind === 'field') {
            const field = entry.fields[change.field % entry.fields.length];
            // The low 32 bits, little-endian, of a 4- or 8-byte field.
            view.setUint32(field.at, (view.getUint32(field.at, true) ^ change.xor) >>> 0, true);
          } else {
            for (const [fraction, xor] of change.flips) bytes[entry.dataStart + Math.floor(fraction * entry.compressedSize)] ^= xor;
          }
          // A changed CRC-32 or size field must be refused; changed data must be refused unless it inflates to the same
          // bytes (bits after a deflate stream's end), which the manifest comparison then checks.
          outcomes.add(
            await checkCase({
              input: bytes,
              options: { name: fixture.name },
              reference: () => manifestReference(fixture),
              expect: change.kind === 'field' ? 'reject' : 'either',
            }),
          );
        }),
        { seed: SEED + 2, numRuns: FUZZ_RUNS.npzIntegrity },
      );
      expect(outcomes.counts.rejected, 'npzIntegrity: rejected cases').to.be.above(0);
    });

    it(`loadTensor(safetensors fixtures mutated, any tensor): ${FUZZ_RUNS.safetensorsBytes} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ST_ENTRIES), mutation, async (fixture, change) => {
          const bytes = mutate(bytesOf.get(fixture.file)!, change);
          // Always by name: a single-tensor file renamed by the mutation must not load under the new name.
          const name = fixture.name ?? 'hidden';
          outcomes.add(await checkCase({ input: bytes, options: { name }, reference: () => referenceSafetensors(bytes, name) }));
        }),
        { seed: SEED + 3, numRuns: FUZZ_RUNS.safetensorsBytes },
      );
      outcomes.expectBoth('safetensorsBytes');
    });

    it(`loadTensor(JSON fixtures mutated, as a File): ${FUZZ_RUNS.jsonBytes} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...JSON_FILES), mutation, async (file, change) => {
          const bytes = mutate(bytesOf.get(file)!, change);
          const reference = () => {
            let text: string;
            try {
              text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            } catch {
              return undefined;
            }
            return referenceJson(text);
          };
          outcomes.add(await checkCase({ input: new File([bytes as Uint8Array<ArrayBuffer>], file), reference }));
        }),
        { seed: SEED + 4, numRuns: FUZZ_RUNS.jsonBytes },
      );
      outcomes.expectBoth('jsonBytes');
    });

    it(`loadTensor(shapes with 0, 1, huge and overflowing dimensions, in every form): ${FUZZ_RUNS.shapes} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(shapeCase, async ({ shape, form, seedValue }) => {
          const product = shape.reduce((a, b) => a * b, 1);
          // Data only for shapes small enough to write; huge ones get 16 bytes, which their headers overstate.
          const count = product <= 1024 ? product : 4;
          const values = Float32Array.from({ length: count }, (_, i) => seedValue + i);
          const raw = new Uint8Array(values.buffer);
          let input: TensorInput;
          if (form === 'npy') input = writeNpy({ descr: '<f4', shape, data: raw });
          else if (form === 'safetensors') input = writeSafetensors([{ name: 'x', dtype: 'F32', shape, data: raw }]);
          else if (form === 'json')
            input = new TextEncoder().encode(`{"data": [${Array.from(values, pythonJson).join(', ')}], "shape": [${shape.join(', ')}]}`);
          else input = { data: form === 'typed-data-shape' ? values : Array.from(values), shape };
          // Refused by the stated limits, or given too little data: rejected. Otherwise it must load, exactly.
          const verdict = referenceCount(shape);
          const expectation = verdict !== 'refuse' && product <= 1024 ? 'load' : 'reject';
          outcomes.add(await checkCase({ input, reference: () => referenceFromJs({ data: Array.from(values), shape }), expect: expectation }));
        }),
        { seed: SEED + 5, numRuns: FUZZ_RUNS.shapes },
      );
      outcomes.expectBoth('shapes');
    });

    it(`loadTensor(JS values of every type, with options of every type): ${FUZZ_RUNS.jsValues} cases`, async () => {
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(jsValue, jsOptions, async (value, options) => {
          outcomes.add(
            await checkCase({ input: value as TensorInput, options: options as LoadTensorOptions, reference: () => referenceFromJs(value) }),
          );
        }),
        { seed: SEED + 6, numRuns: FUZZ_RUNS.jsValues },
      );
      outcomes.expectBoth('jsValues');
    });
  });
});
