/**
 * How a catalogue entry and its parameters are written for people: the signature line
 * (`dense(units, activation: linear, ...)`) with where each parameter sits in it, a
 * parameter's type, range and default in words, and the text completion inserts for a call.
 */
import type { EntryView, ParamView } from '../../catalogue/types.js';
import { describeBounds, describeKind } from '../../catalogue/params.js';

/** A signature line and the `[start, end)` offsets of each parameter's part of it. */
export interface SignatureLine {
  label: string;
  params: { param: ParamView; span: [number, number] }[];
}

/** `dense(units, activation: linear, ...)`, with each parameter's span in the line. */
export function signatureLine(entry: EntryView): SignatureLine {
  let label = `${entry.name}(`;
  const params: SignatureLine['params'] = [];
  entry.params.forEach((param, index) => {
    if (index > 0) label += ', ';
    const part = param.required ? param.name : `${param.name}: ${formatDefault(param)}`;
    params.push({ param, span: [label.length, label.length + part.length] });
    label += part;
  });
  return { label: `${label})`, params };
}

/** `dense(units, activation: linear, ...)`. */
export function signature(entry: EntryView): string {
  return signatureLine(entry).label;
}

/** A parameter's default as written in a spec (`linear`, `0.001`, `[1, 1]`, `none`). */
export function formatDefault(param: ParamView): string {
  const value = param.default;
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'object')
    return Array.isArray(value) ? JSON.stringify(value).replaceAll(',', ', ') : String((value as { type?: unknown }).type ?? '...');
  return String(value);
}

/**
 * A parameter's facts as Markdown lines: its doc, then type, range and default (or that it
 * is required, and whether it may be given by position).
 */
export function describeParamFacts(param: ParamView): string[] {
  const type = param.accepts ?? `${describeKind(param.type)}${param.nullable ? ', or `none`' : ''}`;
  const range = param.accepts === undefined ? describeBounds(param) : '';
  return [
    param.doc,
    '',
    `- type: ${type}`,
    ...(range === '' ? [] : [`- range: ${range}`]),
    param.required ? '- required' : `- default: \`${formatDefault(param)}\``,
    ...(param.position !== undefined ? [`- may be given by position (argument ${param.position + 1})`] : []),
  ];
}

/** What completion inserts for an entry: a snippet when the client takes snippets, and plain text otherwise. */
export interface CallInsertion {
  /** The snippet (`dense(${1:units})`), or undefined when plain text is all there is to insert. */
  snippet?: string;
  /** The text for clients without snippets (`dense()`). */
  plain: string;
}

function placeholder(param: ParamView, index: number): string {
  const inner = `\${${index}:${param.name}}`;
  if (param.type.kind === 'string') return `"${inner}"`;
  if (param.type.kind === 'shape') return `[${inner}]`;
  return inner;
}

/**
 * The text inserted for a call to `entry`. Required parameters become placeholders (by
 * position where they may be, else `name: value`); an entry whose parameters are all optional
 * puts the cursor inside its parentheses (Tab leaves them); an entry without parameters is
 * inserted whole, cursor after. `bare` entries (values such as `he_normal` or `builtin.digits`,
 * which need no parentheses) are inserted as their name when nothing is required.
 */
export function callInsertion(entry: EntryView, { bare = false } = {}): CallInsertion {
  // Positional arguments come first, in position order, as the checker binds them.
  const required = entry.params.filter((param) => param.required).sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
  if (required.length === 0) {
    if (bare) return { plain: entry.name };
    return entry.params.length === 0 ? { plain: `${entry.name}()` } : { snippet: `${entry.name}($1)$0`, plain: `${entry.name}()` };
  }
  const parts = required.map((param, index) =>
    param.position !== undefined ? placeholder(param, index + 1) : `${param.name}: ${placeholder(param, index + 1)}`,
  );
  return { snippet: `${entry.name}(${parts.join(', ')})$0`, plain: `${entry.name}()` };
}
