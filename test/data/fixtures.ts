import { expect } from 'chai';
import { NnDataError } from '../../src/data/errors.js';
import type { DecodedArray } from '../../src/data/decoded-array.js';
import { parseJsonTensor } from '../../src/data/json.js';
import { parseNpy } from '../../src/data/npy.js';
import { parseNpz } from '../../src/data/npz.js';
import { parseSafetensors } from '../../src/data/safetensors.js';

/** A readable fixture of test/fixtures/manifest.json (written by scripts/make_fixtures.py). */
export interface ArrayFixture {
  file: string;
  name?: string;
  shape: number[];
  dtype: string;
  /** np.asarray(a, dtype=np.float32) in C order; non-finite values as 'NaN', 'Infinity', '-Infinity'. */
  values: (number | string)[];
}

/** A fixture nnscope must reject with a message containing every `error` substring. */
export interface ErrorFixture {
  file: string;
  name?: string;
  error: string[];
}

export interface Manifest {
  arrays: ArrayFixture[];
  errors: ErrorFixture[];
}

export const FIXTURES = '/test/fixtures';

export async function loadManifest(): Promise<Manifest> {
  const response = await fetch(`${FIXTURES}/manifest.json`);
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  return (await response.json()) as Manifest;
}

export async function fixtureBytes(file: string): Promise<Uint8Array> {
  const response = await fetch(`${FIXTURES}/${file}`);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `/test/fixtures/file#name`, the URL loadTensor reads a fixture from. */
export function fixtureUrl(fixture: { file: string; name?: string }): string {
  return `${FIXTURES}/${fixture.file}${fixture.name === undefined ? '' : `#${encodeURIComponent(fixture.name)}`}`;
}

export function expectedValues(fixture: ArrayFixture): number[] {
  return fixture.values.map((value) => (value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : Number(value)));
}

/** The parser a fixture's extension calls for, on its bytes. */
export function parseFixture(file: string, bytes: Uint8Array, name?: string): DecodedArray | Promise<DecodedArray> {
  if (file.endsWith('.npy')) return parseNpy(bytes, file);
  if (file.endsWith('.npz')) return parseNpz(bytes, name, file);
  if (file.endsWith('.safetensors')) return parseSafetensors(bytes, name, file);
  return parseJsonTensor(new TextDecoder().decode(bytes), file);
}

/**
 * Every value equal under Object.is (so NaN matches NaN and -0 differs from
 * 0); reports the first index that differs.
 */
export function expectSameValues(actual: ArrayLike<number>, expected: readonly number[], label = 'values'): void {
  expect(actual.length, `${label}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${label}[${i}] is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** Runs `body` and expects an NnDataError whose message contains every substring; returns it. */
export async function expectDataError(body: () => unknown, ...substrings: string[]): Promise<NnDataError> {
  let caught: unknown;
  try {
    await body();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an NnDataError to be thrown').to.be.instanceOf(NnDataError);
  const error = caught as NnDataError;
  expect(error.name).to.equal('NnDataError');
  for (const part of substrings) expect(error.message).to.contain(part);
  return error;
}
