/**
 * The most compact JSON text of a float32 array that still reads back to the
 * same float32 values: what a server that sends attention as JSON sends at
 * best. Python's `json.dumps(array.tolist())` writes float64 reprs of the
 * float32 values (17 significant digits), which for 37.7M values would not
 * even fit in one V8 string; this text gives JSON its best case.
 */

/**
 * V8's longest string on 64-bit (`String::kMaxLength`, 2^29 − 24 UTF-16 code
 * units): `TextDecoder.decode` of a longer JSON text throws, so such a text
 * cannot be `JSON.parse`d in one piece in Chromium.
 */
export const V8_MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * The shortest decimal that reads back (through float32 rounding) as `value`,
 * in exponent notation where that is shorter (below 0.001), like Python's
 * `repr` of a NumPy float32 but compacter.
 *
 * Tries `toPrecision(6)`, `(7)`, `(8)` and falls back to 9 digits, which
 * always round-trip a float32. Starting at 6 still finds the shortest: when a
 * k ≤ 6 digit decimal round-trips, the value lies within half a float32 ulp
 * (≈ 6e-8 relative) of it, so rounding to 6 digits gives that decimal padded
 * with zeros, which are then trimmed.
 *
 * @example
 * ```ts
 * float32Text(Math.fround(0.1)); // "0.1"
 * float32Text(Math.fround(1 / 3000)); // "3.3333333e-4"
 * ```
 */
export function float32Text(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`JSON has no way to write ${value}.`);
  if (value === 0) return '0';
  let digits = 6;
  while (digits < 9 && Math.fround(Number(value.toPrecision(digits))) !== value) digits++;
  const text = Math.abs(value) < 1e-3 ? value.toExponential(digits - 1) : value.toPrecision(digits);
  return trimZeros(text);
}

/**
 * Encodes `values` as a flat JSON array (`[0.0123,4.5e-4,…]`) of UTF-8 bytes.
 * Built a block of values at a time, so no intermediate string approaches
 * V8's limit; throws if the whole text would exceed it (see
 * `V8_MAX_STRING_LENGTH`) since the baseline could then not decode it.
 *
 * The result is a view on a buffer sized for the longest possible text (16
 * bytes a value), so it can hold up to a fifth more memory than its length.
 *
 * @example
 * ```ts
 * const bytes = encodeFloat32Json(new Float32Array([0.5, 0.25]));
 * new TextDecoder().decode(bytes); // "[0.5,0.25]"
 * ```
 */
export function encodeFloat32Json(values: Float32Array): Uint8Array {
  const MAX_VALUE_BYTES = 16; // "-1.23456789e-45,"
  const BLOCK = 1 << 16;
  const bytes = new Uint8Array(values.length * MAX_VALUE_BYTES + 2);
  const encoder = new TextEncoder();
  let length = 0;
  bytes[length++] = 0x5b; // [
  const texts: string[] = new Array(BLOCK);
  for (let start = 0; start < values.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, values.length);
    texts.length = end - start;
    for (let i = start; i < end; i++) texts[i - start] = float32Text(values[i]);
    const block = (start === 0 ? '' : ',') + texts.join(',');
    length += encoder.encodeInto(block, bytes.subarray(length)).written;
  }
  bytes[length++] = 0x5d; // ]
  if (length > V8_MAX_STRING_LENGTH) {
    throw new Error(
      `The JSON text of ${values.length} float32 values is ${length} characters, more than V8's ` +
        `longest string (${V8_MAX_STRING_LENGTH}); it cannot be decoded and parsed in one piece.`,
    );
  }
  return bytes.subarray(0, length);
}

function trimZeros(text: string): string {
  const exponentAt = text.indexOf('e');
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt < 0 ? '' : text.slice(exponentAt);
  if (!mantissa.includes('.')) return text;
  return mantissa.replace(/0+$/, '').replace(/\.$/, '') + exponent;
}
