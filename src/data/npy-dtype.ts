import { HOST_LITTLE_ENDIAN, type ElementType } from './decode-elements.js';
import { NnDataError } from './errors.js';
import type { PythonLiteral } from './python-literal.js';

/**
 * An npy `descr` nnscope can read: how elements are stored, and their byte
 * order.
 *
 * @example
 * ```ts
 * const bigEndianFloat64: NpyDtype = { element: { kind: 'float', size: 8 }, littleEndian: false }; // '>f8'
 * ```
 */
export interface NpyDtype {
  element: ElementType;
  littleEndian: boolean;
}

/** What the dtypes nnscope cannot turn into float32 are, for the error message. */
const UNSUPPORTED_KINDS: Record<string, (size: number, rest: string) => string> = {
  c: (size) => `complex${size * 8}`,
  f: (size) => (size > 8 ? `float${size * 8}, long double` : `float${size * 8}`),
  i: (size) => `int${size * 8}`,
  u: (size) => `uint${size * 8}`,
  b: (size) => `bool of ${size} bytes`,
  U: (size) => `unicode strings of up to ${size} characters`,
  S: (size) => `byte strings of up to ${size} bytes`,
  a: (size) => `byte strings of up to ${size} bytes`,
  V: (size) => `raw void records of ${size} bytes`,
  O: () => 'Python objects, stored as a pickle',
  M: (_size, unit) => `datetime64${unit}`,
  m: (_size, unit) => `timedelta64${unit}`,
};

const SUPPORTED = 'float (f2, f4, f8), int (i1, i2, i4, i8), uint (u1, u2, u4, u8) and bool (b1)';

/**
 * Reads an npy header's `descr`: `'<f4'`, `'>i8'`, `'|b1'`, `'|u1'`, `'?'`.
 * Throws an NnDataError that names unsupported dtypes, e.g.
 * `unsupported dtype '<c8' (complex64)`, and structured (record) dtypes.
 *
 * `'='` or no prefix (native order) is read as the browser's order; numpy
 * itself always writes `'<'`, `'>'` or `'|'`.
 *
 * @example
 * ```ts
 * readNpyDtype('>i2'); // { element: { kind: 'int', size: 2 }, littleEndian: false }
 * ```
 */
export function readNpyDtype(descr: PythonLiteral, source?: string): NpyDtype {
  if (Array.isArray(descr)) {
    const fields = descr.map((field) => (Array.isArray(field) ? String(field[0]) : '?'));
    throw new NnDataError(
      `unsupported dtype: a structured array with fields ${fields.map((f) => `'${f}'`).join(', ')} ` +
        `cannot become one float tensor; save each field as its own array`,
      { source },
    );
  }
  if (typeof descr !== 'string') {
    throw new NnDataError(`malformed npy header: 'descr' should be a dtype string, got ${JSON.stringify(descr)}`, { source });
  }
  const element = elementOf(descr);
  if (!element) {
    const match = /^[<>|=]?([a-zA-Z])(\d*)(.*)$/.exec(descr);
    const describe = match ? UNSUPPORTED_KINDS[match[1]] : undefined;
    const what = match && describe ? ` (${describe(Number(match[2] || 0), match[3])})` : '';
    throw new NnDataError(`unsupported dtype '${descr}'${what}; nnscope reads ${SUPPORTED}`, { source });
  }
  const order = descr[0];
  const littleEndian = order === '>' ? false : order === '<' || order === '|' ? true : HOST_LITTLE_ENDIAN;
  return { element, littleEndian };
}

function elementOf(descr: string): ElementType | undefined {
  if (/^[|=]?\?$/.test(descr)) return { kind: 'bool', size: 1 };
  const match = /^[<>|=]?([fiub])([1248])$/.exec(descr);
  if (!match) return undefined;
  const size = Number(match[2]) as ElementType['size'];
  switch (match[1]) {
    case 'f':
      return size === 1 ? undefined : { kind: 'float', size };
    case 'b':
      return size === 1 ? { kind: 'bool', size } : undefined;
    case 'i':
      return { kind: 'int', size };
    default:
      return { kind: 'uint', size };
  }
}
