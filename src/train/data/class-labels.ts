/**
 * Turning raw labels into class indices, one rule for every source: the classes are the distinct
 * label values, sorted (numerically when every label is a number, else by code unit), and a
 * label's index is its class's position in that order. Browser-safe.
 */

/** Class indices and the names they index. */
export interface EncodedClasses {
  labels: Float32Array;
  classNames: string[];
}

/** Strict decimal number syntax: no hex, no `NaN`/`Infinity`, no thousands separators. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a decimal number, or returns `undefined` when `text` is not one (or not finite). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Encodes numeric labels as classes; names are the numbers as JavaScript prints them (`"0"`, `"2.5"`). */
export function encodeNumericClasses(values: ArrayLike<number>): EncodedClasses {
  const distinct = [...new Set(Array.from(values))].sort((a, b) => a - b);
  const indexOf = new Map(distinct.map((value, index) => [value, index]));
  const labels = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) labels[index] = indexOf.get(values[index]) as number;
  return { labels, classNames: distinct.map((value) => String(value)) };
}

/** Encodes text labels as classes, sorted by code unit (locale-independent, so stable everywhere). */
export function encodeTextClasses(values: readonly string[]): EncodedClasses {
  const distinct = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indexOf = new Map(distinct.map((value, index) => [value, index]));
  const labels = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) labels[index] = indexOf.get(values[index]) as number;
  return { labels, classNames: distinct };
}
