/**
 * A Lit attribute converter for JSON values (`tokens='["a", "b"]'`,
 * `mask="[0, 11]"`). An unparsable value is kept as its raw string, so that
 * the element can report a precise error through its error path instead of
 * Lit throwing during attribute conversion (which would reach the page).
 *
 * @example
 * ```ts
 * @property({ converter: jsonAttribute }) tokens?: string[] | string;
 * ```
 */
export const jsonAttribute = {
  fromAttribute(value: string | null): unknown {
    if (value === null) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  toAttribute(value: unknown): string | null {
    return value === undefined ? null : JSON.stringify(value);
  },
};
