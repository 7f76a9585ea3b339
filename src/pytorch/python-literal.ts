/**
 * JSON-like values written as Python literals, for the generated scripts' constants. Browser-safe.
 */

/** A value {@link pythonLiteral} can write: what JSON holds. */
export type PythonValue = null | boolean | number | string | readonly PythonValue[] | { readonly [key: string]: PythonValue };

/** Lines longer than this are broken, one item per line. */
const WIDTH = 100;

/**
 * `value` as a Python literal: `None`, `True`/`False`, numbers as JavaScript writes them (valid
 * Python: `0.001`, `1e-7`), strings in double quotes (JSON's escapes are Python's), lists and
 * dicts on one line when they fit in {@link WIDTH} columns after `indent` spaces, else one item a line.
 *
 * @throws Error for a number that is not finite (no IR value is).
 */
export function pythonLiteral(value: PythonValue, indent = 0): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`nnspec pytorch: ${value} has no Python literal here`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  const isList = Array.isArray(value);
  const items = isList
    ? (value as readonly PythonValue[]).map((item) => (inner: number) => pythonLiteral(item, inner))
    : Object.entries(value).map(
        ([key, item]) =>
          (inner: number) =>
            `${JSON.stringify(key)}: ${pythonLiteral(item, inner)}`,
      );
  const [open, close] = isList ? ['[', ']'] : ['{', '}'];
  const flat = `${open}${items.map((item) => item(indent)).join(', ')}${close}`;
  if (indent + flat.length <= WIDTH && !flat.includes('\n')) return flat;
  const pad = ' '.repeat(indent + 4);
  return `${open}\n${items.map((item) => `${pad}${item(indent + 4)},`).join('\n')}\n${' '.repeat(indent)}${close}`;
}
