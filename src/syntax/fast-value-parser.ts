/**
 * The values and bracketed lists of the parser's fast path (./fast-parser.ts, which explains the
 * approach): numbers, strings, booleans, names and calls, lists, objects and property blocks,
 * argument lists, and the token positions every range is made of. The declarations and model
 * bodies are in ./fast-parser.ts, which extends this class.
 */
import type { Position, Range } from '../diagnostics/diagnostic.js';
import type { Argument, CallValue, Identifier, ListValue, NameValue, NumberValue, ObjectValue, Property, Value } from './ast.js';
import {
  COLON,
  COMMA,
  DOT,
  FALSE,
  type FastTokens,
  IDENTIFIER,
  LEFT_BRACE,
  LEFT_BRACKET,
  LEFT_PAREN,
  NUMBER,
  RIGHT_BRACE,
  RIGHT_BRACKET,
  RIGHT_PAREN,
  STRING,
  TRUE,
} from './fast-lexer.js';
import { decodeString } from './strings.js';

/**
 * Thrown inside the fast parser to abandon it, and caught by `parseValidSpec`: unwinding the
 * recursion by hand would put a check after every call. It never leaves the fast parser.
 */
export class GiveUp {}
/** The one {@link GiveUp} thrown. */
export const GIVE_UP = new GiveUp();

/** True for a name of any sort (a property or argument key): identifiers and keywords alike. */
function isAnyName(kind: number): boolean {
  return kind >= IDENTIFIER && kind <= FALSE;
}

/**
 * The value of a literal made of at most 15 digits after an optional sign (`16`, `-3`, `+2`, `-0`),
 * or NaN for any other literal. Exact (below 2^53), so equal to `Number(raw)`, which costs a call
 * into the runtime per literal: most literals of a spec are small whole numbers.
 */
function smallIntegerValue(raw: string): number {
  const first = raw.charCodeAt(0);
  const signed = first === 45 /* - */ || first === 43; /* + */
  const start = signed ? 1 : 0;
  if (raw.length - start > 15) return Number.NaN;
  let value = 0;
  for (let index = start; index < raw.length; index++) {
    const digit = raw.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return first === 45 ? -value : value;
}

/** One parse's token cursor and value rules: `at` is the index of the next token; after a rule, `at - 1` is its last token. */
export class FastValueParser {
  protected at = 0;
  protected readonly kinds: Int32Array;
  protected readonly images: string[];

  /** A parser at the first of `tokens`. */
  constructor(protected readonly tokens: FastTokens) {
    this.kinds = tokens.kinds;
    this.images = tokens.images;
  }

  protected startOf(index: number): Position {
    return { offset: this.tokens.starts[index], line: this.tokens.lines[index], column: this.tokens.columns[index] };
  }

  /** The end of a token: on its start's line, as no token but a comment spans lines. */
  protected endOf(index: number): Position {
    const { starts, ends, lines, columns } = this.tokens;
    return { offset: ends[index], line: lines[index], column: columns[index] + ends[index] - starts[index] };
  }

  protected tokenRange(index: number): Range {
    return { start: this.startOf(index), end: this.endOf(index) };
  }

  /** From the start of token `first` to the end of the last token read. */
  protected rangeFrom(first: number): Range {
    return { start: this.startOf(first), end: this.endOf(this.at - 1) };
  }

  /** Reads a token of `kind` and returns its index, or gives up. */
  protected expect(kind: number): number {
    if (this.kinds[this.at] !== kind) throw GIVE_UP;
    return this.at++;
  }

  protected identifier(index: number): Identifier {
    return { kind: 'identifier', name: this.images[index], range: this.tokenRange(index) };
  }

  /**
   * After an item of a comma-separated list: reads the `,` and tells whether another item
   * follows (not when a trailing `,` precedes the closer). Stops before the closer, gives up on
   * anything else: commas between arguments, list items and block parameters are required.
   */
  protected separator(closer: number): boolean {
    const kind = this.kinds[this.at];
    if (kind === COMMA) {
      this.at += 1;
      return this.kinds[this.at] !== closer;
    }
    if (kind === closer) return false;
    throw GIVE_UP;
  }

  /**
   * `{ (key: value ,?)* }`. The comma is optional only across a line break: two properties on
   * one line without one is NN1004, which the recovering parser reports.
   */
  protected propertyBlock(): Property[] {
    this.expect(LEFT_BRACE);
    const properties: Property[] = [];
    let separated = true;
    let previousLine = 0;
    let previousEnd = 0;
    while (this.kinds[this.at] !== RIGHT_BRACE) {
      const key = this.at;
      if (!isAnyName(this.kinds[key]) || this.kinds[key + 1] !== COLON) throw GIVE_UP;
      // As the AST builder's check: a property that touches the one before (`f(1)b: 2`) is not reported.
      if (!separated && this.tokens.lines[key] === previousLine && previousEnd < this.tokens.starts[key]) throw GIVE_UP;
      this.at += 2;
      const value = this.value();
      properties.push({ kind: 'property', key: this.identifier(key), value, range: this.rangeFrom(key) });
      previousLine = this.tokens.lines[this.at - 1];
      previousEnd = this.tokens.ends[this.at - 1];
      separated = this.kinds[this.at] === COMMA;
      if (separated) this.at += 1;
    }
    this.at += 1;
    return properties;
  }

  /** `( (argument (, argument)* ,?)? )` */
  protected argumentList(): Argument[] {
    this.expect(LEFT_PAREN);
    const args: Argument[] = [];
    while (this.kinds[this.at] !== RIGHT_PAREN) {
      const first = this.at;
      let name: Identifier | undefined;
      if (isAnyName(this.kinds[first]) && this.kinds[first + 1] === COLON) {
        name = this.identifier(first);
        this.at += 2;
      }
      const value = this.value();
      args.push({ kind: 'argument', name, value, range: this.rangeFrom(first) });
      if (!this.separator(RIGHT_PAREN)) break;
    }
    this.at += 1;
    return args;
  }

  protected value(): Value {
    const index = this.at;
    switch (this.kinds[index]) {
      case NUMBER:
        this.at += 1;
        return this.number(index);
      case STRING:
        this.at += 1;
        return this.string(index);
      case TRUE:
      case FALSE:
        this.at += 1;
        return { kind: 'boolean', value: this.kinds[index] === TRUE, range: this.tokenRange(index) };
      case LEFT_BRACKET:
        return this.list();
      case LEFT_BRACE: {
        const entries = this.propertyBlock();
        const object: ObjectValue = { kind: 'object', entries, range: this.rangeFrom(index) };
        return object;
      }
      case IDENTIFIER:
        return this.nameOrCall();
      default:
        throw GIVE_UP;
    }
  }

  /** A number literal; one too large for a double (NN1013) is left to the recovering parser. */
  protected number(index: number): NumberValue {
    const raw = this.images[index];
    const integer = smallIntegerValue(raw);
    const value = Number.isNaN(integer) ? Number(raw) : integer;
    if (!Number.isFinite(value)) throw GIVE_UP;
    return { kind: 'number', value, raw, range: this.tokenRange(index) };
  }

  /** A string literal; one with an unknown escape (NN1011) is left to the recovering parser. */
  protected string(index: number): Value {
    const raw = this.images[index];
    const body = raw.slice(1, -1);
    let value = body;
    if (body.includes('\\')) {
      const decoded = decodeString(body);
      if (decoded.problems.length > 0) throw GIVE_UP;
      value = decoded.value;
    }
    return { kind: 'string', value, raw, range: this.tokenRange(index) };
  }

  /** `[ (value (, value)* ,?)? ]` */
  protected list(): ListValue {
    const open = this.at++;
    const items: Value[] = [];
    while (this.kinds[this.at] !== RIGHT_BRACKET) {
      items.push(this.value());
      if (!this.separator(RIGHT_BRACKET)) break;
    }
    this.at += 1;
    return { kind: 'list', items, range: this.rangeFrom(open) };
  }

  /** `a`, `a.b`, `a(args)`, `a.b(args)`: every segment an identifier, not a keyword. */
  protected nameOrCall(): NameValue | CallValue {
    const first = this.at++;
    const path = [this.identifier(first)];
    let joined = this.images[first];
    while (this.kinds[this.at] === DOT) {
      if (this.kinds[this.at + 1] !== IDENTIFIER) throw GIVE_UP;
      path.push(this.identifier(this.at + 1));
      joined += `.${this.images[this.at + 1]}`;
      this.at += 2;
    }
    const name: NameValue = { kind: 'name', path, name: joined, range: { start: path[0].range.start, end: path[path.length - 1].range.end } };
    if (this.kinds[this.at] !== LEFT_PAREN) return name;
    const argsStart = this.at;
    const args = this.argumentList();
    return { kind: 'call', callee: name, args, argsRange: this.rangeFrom(argsStart), range: this.rangeFrom(first) };
  }
}
