/**
 * The typed syntax tree of a `.nn` document. Every node and value carries its source range.
 *
 * Parsing recovers from errors, so a tree may be partial: fields that the parser could not
 * read are `undefined` (a declaration without a name, a property without a value, a number too
 * large to represent, which the parser reports, as a list holding one is). Later
 * stages must accept such trees and stay quiet about parts the parser already reported.
 */
import type { Range } from '../diagnostics/diagnostic.js';

/** A name as written, with its span. */
export interface Identifier {
  kind: 'identifier';
  name: string;
  range: Range;
}

export interface NumberValue {
  kind: 'number';
  /** The parsed value (a negative literal is one number, not a negation). */
  value: number;
  /** The text as written (`1e-3`, `0.50`), kept for the formatter and for messages. */
  raw: string;
  range: Range;
}

export interface StringValue {
  kind: 'string';
  /** The value with escapes resolved. */
  value: string;
  /** The literal as written, quotes included. */
  raw: string;
  range: Range;
}

export interface BooleanValue {
  kind: 'boolean';
  value: boolean;
  range: Range;
}

/** A bare or dotted name used as a value: `relu`, `val_loss`, `builtin.digits`. */
export interface NameValue {
  kind: 'name';
  /** The segments: `['builtin', 'digits']`. */
  path: Identifier[];
  /** The segments joined with dots: `builtin.digits`. */
  name: string;
  range: Range;
}

export interface ListValue {
  kind: 'list';
  items: Value[];
  range: Range;
}

export interface ObjectValue {
  kind: 'object';
  entries: Property[];
  range: Range;
}

/** An argument of a call: positional (`256`) or named (`activation: relu`). */
export interface Argument {
  kind: 'argument';
  name?: Identifier;
  /** Undefined only when recovery could not read the value (or it was a number too large, NN1013). */
  value?: Value;
  range: Range;
}

/** A call as a value: `l2(1e-4)`, `adam(learning_rate: 1e-3)`, `synthetic.spirals(samples: 1500)`. */
export interface CallValue {
  kind: 'call';
  callee: NameValue;
  args: Argument[];
  /** Span of the parentheses and what is inside them. */
  argsRange: Range;
  range: Range;
}

export type Value = NumberValue | StringValue | BooleanValue | NameValue | ListValue | ObjectValue | CallValue;

/** `key: value` inside a declaration body or an object value. */
export interface Property {
  kind: 'property';
  key: Identifier;
  /** Undefined only when recovery could not read the value (or it was a number too large, NN1013). */
  value?: Value;
  range: Range;
}

/**
 * A layer inside a model or block: `dense(256, activation: relu)`, or a block use
 * `conv_block(16, 0.1)` (the checker tells them apart). `args` is empty for `flatten()`. A
 * merge names the outputs it reads as positional name arguments: `add(h)`, `concatenate(a, b)`.
 */
export interface LayerNode {
  kind: 'layer';
  /** The callee: a catalogue layer or a block. */
  name: Identifier;
  args: Argument[];
  argsRange: Range;
  /** `h = dense(...)`: the name given to this layer's output (the whole use's output for a block). */
  binding?: Identifier;
  /** The whole item, the binding included. */
  range: Range;
}

/** `from NAME`: the chain goes on from a named output (starts a branch). */
export interface FromNode {
  kind: 'from';
  /** Undefined when recovery could not read the name. */
  source?: Identifier;
  keywordRange: Range;
  range: Range;
}

/** `repeat N { layers }`: the body is unrolled N times by the checker. */
export interface RepeatNode {
  kind: 'repeat';
  /** Undefined when recovery could not read the count (or it was a number too large, NN1013). */
  count?: NumberValue;
  body: ModelItem[];
  keywordRange: Range;
  range: Range;
}

export type ModelItem = LayerNode | RepeatNode | FromNode;

/** `data NAME { property* }` */
export interface DataDeclaration {
  kind: 'data';
  name?: Identifier;
  properties: Property[];
  keywordRange: Range;
  range: Range;
}

/** `model NAME { item* }` */
export interface ModelDeclaration {
  kind: 'model';
  name?: Identifier;
  items: ModelItem[];
  keywordRange: Range;
  range: Range;
}

/** One parameter of a block: `filters`, or `rate = 0.1` with a default. */
export interface BlockParam {
  kind: 'block-param';
  name: Identifier;
  /** The default, when one is written. */
  default?: Value;
  range: Range;
}

/** `block NAME(param, ...) { item* }`: a reusable, parametrised piece of a model, used like a layer. */
export interface BlockDeclaration {
  kind: 'block';
  name?: Identifier;
  params: BlockParam[];
  /** The parentheses and what is inside them. */
  paramsRange: Range;
  items: ModelItem[];
  keywordRange: Range;
  range: Range;
}

/** `train MODEL on DATA { property* }` */
export interface TrainDeclaration {
  kind: 'train';
  model?: Identifier;
  data?: Identifier;
  properties: Property[];
  keywordRange: Range;
  range: Range;
}

/** `param NAME = value`: a named value with a default, usable wherever a literal may stand. */
export interface ParamDeclaration {
  kind: 'param';
  name?: Identifier;
  /** The default; undefined only when recovery could not read it. */
  value?: Value;
  keywordRange: Range;
  range: Range;
}

/** `study NAME { property* }`: `grid`/`random`, `trials`, `seeds`, `train`, `prune`. */
export interface StudyDeclaration {
  kind: 'study';
  name?: Identifier;
  properties: Property[];
  keywordRange: Range;
  range: Range;
}

export type Declaration = DataDeclaration | ModelDeclaration | BlockDeclaration | TrainDeclaration | ParamDeclaration | StudyDeclaration;

/** A comment, kept for the formatter. `text` includes the delimiters. */
export interface Comment {
  kind: 'line-comment' | 'block-comment';
  text: string;
  range: Range;
}

/** A whole `.nn` document. */
export interface SpecFile {
  kind: 'spec';
  declarations: Declaration[];
  comments: Comment[];
  range: Range;
}
