import fc from 'fast-check';
import { fortranIndex, itemSize, referenceValue, type ElementKind } from './reference.js';

/** Small shapes: rank 0 to 4, axes 0 to 4 long (so 0-size arrays come up often). */
export const smallShape = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });

/** Random raw element bytes for a shape: every bit pattern is a value (NaNs and subnormals included). */
export function rawBytes(kind: ElementKind, shape: readonly number[]) {
  const length = shape.reduce((a, b) => a * b, 1) * itemSize(kind);
  return fc.uint8Array({ minLength: length, maxLength: length });
}

/**
 * The float32 values, in C order, of elements stored as `raw` in the given
 * byte and memory order, computed by the reference decoder.
 */
export function expectedFromRaw(
  raw: Uint8Array,
  kind: ElementKind,
  shape: readonly number[],
  littleEndian: boolean,
  fortranOrder: boolean,
): number[] {
  const size = itemSize(kind);
  const count = raw.length / size;
  const values: number[] = [];
  for (let c = 0; c < count; c++) {
    const at = (fortranOrder ? fortranIndex(c, shape) : c) * size;
    const element = raw.slice(at, at + size);
    if (!littleEndian) element.reverse();
    values.push(referenceValue(element, kind));
  }
  return values;
}

/** One random mutation of valid bytes: a truncation, overwritten bytes, or both. */
export const corruption = fc.record({
  keepFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  writes: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
    maxLength: 4,
  }),
  /** Bias writes to the first bytes, where headers and directories live. */
  headerBias: fc.boolean(),
});

export function corrupt(bytes: Uint8Array, mutation: typeof corruption extends fc.Arbitrary<infer T> ? T : never): Uint8Array {
  const out = bytes.slice();
  for (const [where, value] of mutation.writes) {
    const span = mutation.headerBias ? Math.min(out.length, 128) : out.length;
    if (span > 0) out[Math.floor(where * span) % span] = value;
  }
  if (mutation.keepFraction === undefined) return out;
  return out.subarray(0, Math.floor(mutation.keepFraction * out.length));
}
