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

/** Exact powers of ten as doubles: 10^22 is the largest one a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, exponent) => Number(`1e${exponent}`));

/**
 * {@link parseDecimal} of `text.slice(start, end)`, without making that string for the usual
 * short number: the digits are read in place, and a value of at most 15 significant digits and a
 * decimal exponent within ±22 is one exact integer multiplied or divided by an exact power of
 * ten, a single correctly rounded operation, so it equals `Number()`'s (Clinger's fast path).
 * Anything longer falls back to `parseDecimal`.
 */
export function parseDecimalIn(text: string, start: number, end: number): number | undefined {
  let index = start;
  let char = text.charCodeAt(index);
  const negative = char === 45; // -
  if (negative || char === 43 /* + */) index++;
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  for (; index < end && (char = text.charCodeAt(index)) >= 48 && char <= 57; index++, digits++) {
    mantissa = mantissa * 10 + (char - 48);
    if (mantissa !== 0) significant++;
  }
  if (index < end && text.charCodeAt(index) === 46 /* . */) {
    for (index++; index < end && (char = text.charCodeAt(index)) >= 48 && char <= 57; index++, digits++) {
      mantissa = mantissa * 10 + (char - 48);
      if (mantissa !== 0) significant++;
      exponent--;
    }
  }
  if (digits === 0) return undefined;
  if (index < end && ((char = text.charCodeAt(index)) === 101 || char === 69) /* e E */) {
    index++;
    char = text.charCodeAt(index);
    const sign = char === 45 ? -1 : 1;
    if (char === 45 || char === 43) index++;
    let power = 0;
    let powerDigits = 0;
    for (; index < end && (char = text.charCodeAt(index)) >= 48 && char <= 57; index++, powerDigits++) power = Math.min(power * 10 + (char - 48), 1e6);
    if (powerDigits === 0) return undefined;
    exponent += sign * power;
  }
  if (index !== end) return undefined;
  if (significant > 15 || exponent < -22 || exponent > 22) return parseDecimal(text.slice(start, end));
  const value = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
  return negative ? -value : value;
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
