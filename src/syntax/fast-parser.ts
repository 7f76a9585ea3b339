/**
 * The fast path of `parse`: a recursive-descent parser over ./fast-lexer.ts's tokens that builds
 * the AST directly, with no CST in between, for text that has no syntax problem.
 *
 * It follows the grammar of ./parser.ts rule for rule and builds the very nodes ./cst-to-ast.ts
 * builds: the same fields in the same order, the same ranges. At the first thing that grammar
 * would reject, or that the AST builder would report (an unknown escape, a number too large for
 * a double, two properties on one line without a comma), it gives up and `parse` runs the
 * recovering chevrotain parser, which owns every syntax message. So valid text costs one pass
 * of the lexer and one of this parser; text with an error costs what it always did, plus that.
 */
import type { Position, Range } from '../diagnostics/diagnostic.js';
import type {
  Argument,
  BlockDeclaration,
  BlockParam,
  CallValue,
  DataDeclaration,
  Declaration,
  FromNode,
  Identifier,
  LayerNode,
  ListValue,
  ModelDeclaration,
  ModelItem,
  NameValue,
  NumberValue,
  ObjectValue,
  ParamDeclaration,
  Property,
  RepeatNode,
  SpecFile,
  StudyDeclaration,
  TrainDeclaration,
  Value,
} from './ast.js';
import {
  BLOCK,
  COLON,
  COMMA,
  DATA,
  DOT,
  END_OF_TEXT,
  EQUALS,
  FALSE,
  type FastTokens,
  FROM,
  IDENTIFIER,
  LEFT_BRACE,
  LEFT_BRACKET,
  LEFT_PAREN,
  lexFast,
  MODEL,
  NUMBER,
  ON,
  PARAM,
  REPEAT,
  RIGHT_BRACE,
  RIGHT_BRACKET,
  RIGHT_PAREN,
  STRING,
  STUDY,
  TRAIN,
  TRUE,
} from './fast-lexer.js';
import { decodeString } from './strings.js';

/**
 * Thrown inside the fast parser to abandon it, and caught by {@link parseValidSpec}: unwinding
 * the recursion by hand would put a check after every call. It never leaves this module.
 */
class GiveUp {}
const GIVE_UP = new GiveUp();

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

/**
 * The AST of `text` when it has no syntax problem at all, built as the recovering parser would
 * build it; `undefined` when it has one, or anything this parser does not accept: the caller
 * then runs the recovering parser, which reports it.
 */
export function parseValidSpec(text: string): SpecFile | undefined {
  const tokens = lexFast(text);
  if (tokens === undefined) return undefined;
  try {
    return new ValidSpecParser(tokens).specFile();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** One parse: `at` is the index of the next token; after a rule, `at - 1` is its last token. */
class ValidSpecParser {
  private at = 0;
  private readonly kinds: Int32Array;
  private readonly images: string[];

  constructor(private readonly tokens: FastTokens) {
    this.kinds = tokens.kinds;
    this.images = tokens.images;
  }

  private startOf(index: number): Position {
    return { offset: this.tokens.starts[index], line: this.tokens.lines[index], column: this.tokens.columns[index] };
  }

  /** The end of a token: on its start's line, as no token but a comment spans lines. */
  private endOf(index: number): Position {
    const { starts, ends, lines, columns } = this.tokens;
    return { offset: ends[index], line: lines[index], column: columns[index] + ends[index] - starts[index] };
  }

  private tokenRange(index: number): Range {
    return { start: this.startOf(index), end: this.endOf(index) };
  }

  /** From the start of token `first` to the end of the last token read. */
  private rangeFrom(first: number): Range {
    return { start: this.startOf(first), end: this.endOf(this.at - 1) };
  }

  /** Reads a token of `kind` and returns its index, or gives up. */
  private expect(kind: number): number {
    if (this.kinds[this.at] !== kind) throw GIVE_UP;
    return this.at++;
  }

  private identifier(index: number): Identifier {
    return { kind: 'identifier', name: this.images[index], range: this.tokenRange(index) };
  }

  /** `specFile := declaration*`, to the end of the text. */
  specFile(): SpecFile {
    const declarations: Declaration[] = [];
    for (;;) {
      switch (this.kinds[this.at]) {
        case END_OF_TEXT:
          return {
            kind: 'spec',
            declarations,
            comments: this.tokens.comments,
            range: { start: { offset: 0, line: 1, column: 1 }, end: this.tokens.end },
          };
        case DATA:
          declarations.push(this.dataDeclaration());
          break;
        case MODEL:
          declarations.push(this.modelDeclaration());
          break;
        case BLOCK:
          declarations.push(this.blockDeclaration());
          break;
        case TRAIN:
          declarations.push(this.trainDeclaration());
          break;
        case PARAM:
          declarations.push(this.paramDeclaration());
          break;
        case STUDY:
          declarations.push(this.studyDeclaration());
          break;
        default:
          throw GIVE_UP;
      }
    }
  }

  private dataDeclaration(): DataDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'data', name, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private modelDeclaration(): ModelDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const items = this.modelBody();
    return { kind: 'model', name, items, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private blockDeclaration(): BlockDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const paramsStart = this.at;
    const params = this.blockParams();
    const paramsRange = this.rangeFrom(paramsStart);
    const items = this.modelBody();
    return { kind: 'block', name, params, paramsRange, items, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  /** `( (NAME (= value)? (, NAME (= value)?)* ,?)? )` */
  private blockParams(): BlockParam[] {
    this.expect(LEFT_PAREN);
    const params: BlockParam[] = [];
    while (this.kinds[this.at] !== RIGHT_PAREN) {
      const nameIndex = this.expect(IDENTIFIER);
      let value: Value | undefined;
      if (this.kinds[this.at] === EQUALS) {
        this.at += 1;
        value = this.value();
      }
      const param: BlockParam = { kind: 'block-param', name: this.identifier(nameIndex), range: this.rangeFrom(nameIndex) };
      if (value) param.default = value;
      params.push(param);
      if (!this.separator(RIGHT_PAREN)) break;
    }
    this.at += 1;
    return params;
  }

  /**
   * After an item of a comma-separated list: reads the `,` and tells whether another item
   * follows (not when a trailing `,` precedes the closer). Stops before the closer, gives up on
   * anything else: commas between arguments, list items and block parameters are required.
   */
  private separator(closer: number): boolean {
    const kind = this.kinds[this.at];
    if (kind === COMMA) {
      this.at += 1;
      return this.kinds[this.at] !== closer;
    }
    if (kind === closer) return false;
    throw GIVE_UP;
  }

  private trainDeclaration(): TrainDeclaration {
    const keyword = this.at++;
    const model = this.identifier(this.expect(IDENTIFIER));
    this.expect(ON);
    const data = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'train', model, data, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private paramDeclaration(): ParamDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    this.expect(EQUALS);
    const value = this.value();
    return { kind: 'param', name, value, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private studyDeclaration(): StudyDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'study', name, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  /** `{ item* }`: layers, `from NAME` and `repeat N { ... }`, no separators. */
  private modelBody(): ModelItem[] {
    this.expect(LEFT_BRACE);
    const items: ModelItem[] = [];
    for (;;) {
      switch (this.kinds[this.at]) {
        case RIGHT_BRACE:
          this.at += 1;
          return items;
        case IDENTIFIER:
          items.push(this.layer());
          break;
        case REPEAT:
          items.push(this.repeat());
          break;
        case FROM:
          items.push(this.fromItem());
          break;
        default:
          throw GIVE_UP;
      }
    }
  }

  private repeat(): RepeatNode {
    const keyword = this.at++;
    const count = this.number(this.expect(NUMBER));
    const body = this.modelBody();
    return { kind: 'repeat', count, body, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private fromItem(): FromNode {
    const keyword = this.at++;
    const source = this.expect(IDENTIFIER);
    const item: FromNode = { kind: 'from', keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
    item.source = this.identifier(source);
    return item;
  }

  /** `NAME(args)` or `OUT = NAME(args)`. */
  private layer(): LayerNode {
    const first = this.at;
    let binding: Identifier | undefined;
    if (this.kinds[first + 1] === EQUALS) {
      binding = this.identifier(first);
      this.at += 2;
    }
    const name = this.identifier(this.expect(IDENTIFIER));
    const argsStart = this.at;
    const args = this.argumentList();
    const layer: LayerNode = { kind: 'layer', name, args, argsRange: this.rangeFrom(argsStart), range: this.rangeFrom(first) };
    if (binding) layer.binding = binding;
    return layer;
  }

  /**
   * `{ (key: value ,?)* }`. The comma is optional only across a line break: two properties on
   * one line without one is NN1004, which the recovering parser reports.
   */
  private propertyBlock(): Property[] {
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
  private argumentList(): Argument[] {
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

  private value(): Value {
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
  private number(index: number): NumberValue {
    const raw = this.images[index];
    const integer = smallIntegerValue(raw);
    const value = Number.isNaN(integer) ? Number(raw) : integer;
    if (!Number.isFinite(value)) throw GIVE_UP;
    return { kind: 'number', value, raw, range: this.tokenRange(index) };
  }

  /** A string literal; one with an unknown escape (NN1011) is left to the recovering parser. */
  private string(index: number): Value {
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
  private list(): ListValue {
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
  private nameOrCall(): NameValue | CallValue {
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
