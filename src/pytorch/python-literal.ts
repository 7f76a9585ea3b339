/**
 * Python literals that fit the generated scripts' lines: `python-text.ts`'s literal, broken one
 * item a line when it would run past {@link WIDTH} columns. Browser-safe.
 */
import type { IrValue } from '../ir/schema.js';
import { pythonLiteral } from './python-text.js';

/** Lines longer than this are broken, one item per line. */
const WIDTH = 100;

/**
 * `value` as a Python literal (see `pythonLiteral`): on one line when it fits in {@link WIDTH}
 * columns after `indent` spaces, else a list or dict with one item a line, indented by 4 more.
 */
export function pythonBlock(value: IrValue, indent = 0): string {
  const flat = pythonLiteral(value);
  if (indent + flat.length <= WIDTH || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 4);
  const lines = Array.isArray(value)
    ? value.map((item) => `${pad}${pythonBlock(item, indent + 4)},`)
    : Object.entries(value).map(([key, item]) => `${pad}${JSON.stringify(key)}: ${pythonBlock(item, indent + 4)},`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${' '.repeat(indent)}${close}`;
}
