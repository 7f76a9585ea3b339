/**
 * Python source text for the generated files: literals from IR values, identifiers from spec
 * names. Browser-safe.
 */
import type { IrValue } from '../ir/schema.js';

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** A Python literal of an IR value: numbers as written, `True`/`False`/`None`, double-quoted strings, lists, dicts. */
export function pythonLiteral(value: IrValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'float("nan")' : value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`)
    .join(', ')}}`;
}

/** Lines longer than this are broken by {@link pythonBlock}, one item per line. */
const WIDTH = 100;

/**
 * `value` as a Python literal (see {@link pythonLiteral}): on one line when it fits in {@link WIDTH}
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

/**
 * A Python identifier for a spec name: characters outside `[A-Za-z0-9_]` become `_`
 * (`a.conv2d_1` gives `a_conv2d_1`), a leading digit or a keyword gets a `_` added.
 */
export function pythonIdentifier(name: string): string {
  let identifier = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(identifier)) identifier = `_${identifier}`;
  if (KEYWORDS.has(identifier)) identifier = `${identifier}_`;
  return identifier;
}

/** A CamelCase class name for a model name (`digits_resnet` gives `DigitsResnet`). */
export function pythonClassName(name: string): string {
  const camel = name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return camel.length === 0 || /^[0-9]/.test(camel) ? `Model${camel}` : camel;
}

/**
 * Hands out unique identifiers: the first name that sanitises to `a_b` keeps it, a later one
 * gets `a_b_2`; a `reserved` name is never handed out (`train` gives `train_`).
 */
export class IdentifierAllocator {
  private readonly taken: Set<string>;
  private readonly reserved: ReadonlySet<string>;
  constructor(reserved: Iterable<string> = []) {
    this.reserved = new Set(reserved);
    this.taken = new Set(reserved);
  }
  allocate(name: string): string {
    let base = pythonIdentifier(name);
    // A reserved name gets a `_` (`train_`); a second spec name that sanitises alike a number.
    if (this.reserved.has(base)) base = `${base}_`;
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}
