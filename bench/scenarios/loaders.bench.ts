/**
 * Loading one model's attention: `.npy` bytes versus JSON.
 *
 * 12 layers × 12 heads × 512 queries × 512 keys is BERT-base's attention at
 * its longest input: 37,748,736 float32 values, 144 MiB as `.npy` and about
 * 454 MiB as the most compact JSON that round-trips (see json-bytes.ts).
 * The inputs are built in the page, so the cases time parsing only, never
 * the network; every case checks once, untimed, that it reads back exactly
 * the values written.
 *
 * What to expect (2-core Xeon, figures in bench/RESULTS.md): JSON takes
 * seconds (decode 454 MiB of text, parse 37.7M numbers, copy to float32);
 * `parseNpy` takes a fraction of a millisecond because it reads the header
 * and returns a Float32Array view on the bytes (the 64-byte header alignment
 * keeps the data 4-byte aligned), so its ratio is huge and mostly measures
 * JSON; `loadTensor` copies those bytes once (the view shares the caller's
 * buffer, which tfjs's cpu backend would otherwise keep) and is the figure
 * a page actually gets.
 */
import { bench } from '../harness.js';
import { attentionWeights } from '../data/attention.js';
import { encodeFloat32Json } from '../data/json-bytes.js';
import { encodeNpy } from '../data/npy-bytes.js';
import { parseNpy } from '../../src/data/npy.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { useBackend } from '../../src/backend/use-backend.js';
import { tf } from '../../src/tf.js';

const SHAPE = [12, 12, 512, 512];
const SIZE = 37_748_736;

let weights: Float32Array | undefined;
/** The values every case encodes: built once (about 2 s), kept for the page's life. */
function attention(): Float32Array {
  return (weights ??= attentionWeights(SHAPE, 1));
}

let jsonBytes: Uint8Array | undefined;
let npyBytes: Uint8Array | undefined;

bench('json-parse-37.7M', {
  // Setup's checked parse is the warmup: one more would add about 3 s
  // (2-core Xeon) to a scenario whose 7 JSON runs already take about 20 s.
  warmup: 0,
  setup() {
    jsonBytes = encodeFloat32Json(attention());
    console.info(`JSON text: ${jsonBytes.length.toLocaleString('en')} bytes, ${(jsonBytes.length / SIZE).toFixed(2)} a value`);
    expectWeights(parseJson(jsonBytes), 'JSON.parse');
  },
  run: () => parseJson(jsonBytes!),
  teardown() {
    jsonBytes = undefined;
  },
});

bench('npy-parse-37.7M-f32', {
  baseline: 'json-parse-37.7M',
  setup() {
    npyBytes = encodeNpy(attention(), SHAPE);
    const parsed = parseNpy(npyBytes, 'attention.npy');
    expectShape(parsed.shape, 'parseNpy');
    expectWeights(parsed.data, 'parseNpy');
  },
  run: () => parseNpy(npyBytes!, 'attention.npy'),
  teardown() {
    npyBytes = undefined;
  },
});

let tensorsBefore = 0;
bench('npy-loadTensor-37.7M-f32', {
  baseline: 'json-parse-37.7M',
  backend: 'cpu',
  async setup() {
    await useBackend('cpu');
    if (tf.getBackend() !== 'cpu') throw new Error(`Expected the cpu backend, tf.getBackend() is "${tf.getBackend()}".`);
    npyBytes = encodeNpy(attention(), SHAPE);
    tensorsBefore = tf.memory().numTensors;
    const tensor = await loadTensor(npyBytes);
    expectShape(tensor.shape, 'loadTensor');
    expectWeights(await tensor.data(), 'loadTensor');
    tensor.dispose();
  },
  // Includes the copy into the backend, and the dispose that frees it.
  async run() {
    const tensor = await loadTensor(npyBytes!);
    tensor.dispose();
  },
  teardown() {
    npyBytes = undefined;
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked !== 0) throw new Error(`loadTensor runs leaked ${leaked} tensor(s).`);
  },
});

/** What a page that fetched JSON must do before it has a typed array. */
function parseJson(bytes: Uint8Array): Float32Array {
  return new Float32Array(JSON.parse(new TextDecoder().decode(bytes)) as number[]);
}

function expectShape(shape: readonly number[], label: string): void {
  if (shape.join() !== SHAPE.join()) throw new Error(`${label}: shape [${shape.join(', ')}], expected [${SHAPE.join(', ')}].`);
}

function expectWeights(values: ArrayLike<number>, label: string): void {
  const expected = attention();
  if (values.length !== expected.length) throw new Error(`${label}: ${values.length} values, expected ${expected.length}.`);
  for (let i = 0; i < expected.length; i++) {
    if (values[i] !== expected[i]) throw new Error(`${label}: value ${i} is ${values[i]}, expected ${expected[i]}.`);
  }
}
