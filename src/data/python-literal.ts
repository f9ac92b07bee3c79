/**
 * A value of the Python literal subset npy headers are written in: dicts
 * with string keys, tuples and lists (both become arrays), strings, integers,
 * True, False and None.
 *
 * @example
 * ```ts
 * const header: PythonLiteral = { descr: '<f4', fortran_order: false, shape: [3, 4] };
 * ```
 */
export type PythonLiteral = string | number | boolean | null | PythonLiteral[] | { [key: string]: PythonLiteral };

/** Deeper than any real npy header (a structured dtype nests a few levels). */
const MAX_DEPTH = 32;

/**
 * Parses a Python literal such as the npy header
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` without
 * `eval`: the header comes from a file, and a file must not run code. Throws
 * an Error saying what was expected at which character.
 *
 * @example
 * ```ts
 * parsePythonLiteral("{'shape': (3, 4), 'fortran_order': False}");
 * // { shape: [3, 4], fortran_order: false }
 * ```
 */
export function parsePythonLiteral(text: string): PythonLiteral {
  const reader = new LiteralReader(text);
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.position < text.length) reader.fail('end of header');
  return value;
}

class LiteralReader {
  position = 0;

  constructor(private readonly text: string) {}

  value(depth: number): PythonLiteral {
    if (depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} levels of nesting`);
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') return this.dict(depth);
    if (char === '(') return this.sequence(')', depth);
    if (char === '[') return this.sequence(']', depth);
    if (char === "'" || char === '"') return this.string(char);
    const integer = /^-?\d+L?/.exec(this.text.slice(this.position, this.position + 40));
    if (integer) {
      this.position += integer[0].length;
      return Number(integer[0].replace('L', ''));
    }
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.fail('a value');
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  fail(expected: string): never {
    const found = this.text.slice(this.position, this.position + 20);
    throw new Error(`expected ${expected} at character ${this.position}, found ${found ? JSON.stringify(found) : 'the end'}`);
  }

  private dict(depth: number): PythonLiteral {
    const dict: { [key: string]: PythonLiteral } = {};
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') break;
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('a string key');
      this.expect(':');
      dict[key] = this.value(depth + 1);
      if (!this.separator('}')) break;
    }
    this.position++;
    return dict;
  }

  private sequence(close: string, depth: number): PythonLiteral[] {
    const items: PythonLiteral[] = [];
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === close) break;
      items.push(this.value(depth + 1));
      if (!this.separator(close)) break;
    }
    this.position++;
    return items;
  }

  /** After an item: true after a comma (more may follow), false at `close`. */
  private separator(close: string): boolean {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === ',') {
      this.position++;
      return true;
    }
    if (char !== close) this.fail(`',' or '${close}'`);
    return false;
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.position] !== char) this.fail(`'${char}'`);
    this.position++;
  }

  private string(quote: string): string {
    let result = '';
    for (let at = this.position + 1; at < this.text.length; at++) {
      const char = this.text[at];
      if (char === quote) {
        this.position = at + 1;
        return result;
      }
      if (char === '\\' && at + 1 < this.text.length) {
        at++;
        result += ESCAPES[this.text[at]] ?? this.text[at];
      } else {
        result += char;
      }
    }
    return this.fail(`a closing ${quote}`);
  }
}

/** Python escapes that can appear in header strings (dtype field names). */
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
