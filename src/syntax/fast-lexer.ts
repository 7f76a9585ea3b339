/**
 * The lexer of the parser's fast path (./fast-parser.ts): one pass over the text with
 * `charCodeAt`, no regular expressions and no token objects, tracking line and column as it goes
 * so that no offset is ever turned into a position by a search.
 *
 * It reads exactly the tokens of ./tokens.ts (same first-match order: a `.` or sign before a
 * digit starts a number, a keyword is a whole word), but only where the chevrotain lexer would
 * have no complaint: at an unterminated string or block comment, a character no token starts
 * with, or brackets nested deeper than the recovering parser allows, it gives up and returns
 * `undefined`, and `parse` falls back to the recovering parser, which reports the problem.
 */
import type { Position } from '../diagnostics/diagnostic.js';
import type { Comment } from './ast.js';
import { MAX_NESTING } from './limits.js';

/** The end of the token list (one is always appended, so lookahead never runs off the arrays). */
export const END_OF_TEXT = 0;
/** A name that is not a keyword. Keywords follow it, so `kind <= FALSE` tells a name of any sort. */
export const IDENTIFIER = 1;
/** The keyword `data`. */
export const DATA = 2;
/** The keyword `model`. */
export const MODEL = 3;
/** The keyword `train`. */
export const TRAIN = 4;
/** The keyword `on`. */
export const ON = 5;
/** The keyword `repeat`. */
export const REPEAT = 6;
/** The keyword `param`. */
export const PARAM = 7;
/** The keyword `study`. */
export const STUDY = 8;
/** The keyword `block`. */
export const BLOCK = 9;
/** The keyword `from`. */
export const FROM = 10;
/** The keyword `true`. */
export const TRUE = 11;
/** The keyword `false` (the last kind that is a name). */
export const FALSE = 12;
/** A number literal, sign included. */
export const NUMBER = 13;
/** A string literal that closes on its line. */
export const STRING = 14;
// Punctuation tokens are their own character codes, so the lexer needs no table for them.
/** `{` */
export const LEFT_BRACE = 123;
/** `}` */
export const RIGHT_BRACE = 125;
/** `(` */
export const LEFT_PAREN = 40;
/** `)` */
export const RIGHT_PAREN = 41;
/** `[` */
export const LEFT_BRACKET = 91;
/** `]` */
export const RIGHT_BRACKET = 93;
/** `,` */
export const COMMA = 44;
/** `:` */
export const COLON = 58;
/** `.` (not before a digit: `.5` is a number) */
export const DOT = 46;
/** `=` */
export const EQUALS = 61;

/** The kind of a word: a keyword's own kind, else {@link IDENTIFIER}. Compares by length first (no hashing). */
function wordKind(word: string): number {
  switch (word.length) {
    case 2:
      return word === 'on' ? ON : IDENTIFIER;
    case 4:
      return word === 'data' ? DATA : word === 'from' ? FROM : word === 'true' ? TRUE : IDENTIFIER;
    case 5:
      switch (word) {
        case 'model':
          return MODEL;
        case 'train':
          return TRAIN;
        case 'param':
          return PARAM;
        case 'study':
          return STUDY;
        case 'block':
          return BLOCK;
        case 'false':
          return FALSE;
        default:
          return IDENTIFIER;
      }
    case 6:
      return word === 'repeat' ? REPEAT : IDENTIFIER;
    default:
      return IDENTIFIER;
  }
}

/**
 * The tokens of a document as parallel arrays (index `i` is the `i`-th token), comments apart.
 * Typed arrays grown by doubling: pushing onto six plain arrays cost more than all the scanning.
 * No token but a block comment spans lines, so a token's end is on its start's line.
 */
export class FastTokens {
  /** How many tokens, the closing {@link END_OF_TEXT} one included. */
  count = 0;
  /** The kind of each token: one of the constants above. */
  kinds: Int32Array;
  /** The text of names, numbers and strings (quotes included); `''` for punctuation. */
  readonly images: string[] = [];
  /** The offset of each token's first character. */
  starts: Int32Array;
  /** The offset just past each token's last character. */
  ends: Int32Array;
  /** The 1-based line of each token. */
  lines: Int32Array;
  /** The 1-based column of each token's first character. */
  columns: Int32Array;
  /** The comments, in order, as the AST holds them. */
  readonly comments: Comment[] = [];
  /** The position of the end of the text (the end of the whole document's range). */
  end: Position = { offset: 0, line: 1, column: 1 };

  /** Room for `capacity` tokens to start with. */
  constructor(capacity: number) {
    this.kinds = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
  }

  /** Appends one token. */
  add(kind: number, image: string, start: number, end: number, line: number, column: number): void {
    const index = this.count;
    if (index === this.kinds.length) this.grow();
    this.kinds[index] = kind;
    this.images.push(image);
    this.starts[index] = start;
    this.ends[index] = end;
    this.lines[index] = line;
    this.columns[index] = column;
    this.count = index + 1;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const larger = (old: Int32Array): Int32Array => {
      const copy = new Int32Array(capacity);
      copy.set(old);
      return copy;
    };
    this.kinds = larger(this.kinds);
    this.starts = larger(this.starts);
    this.ends = larger(this.ends);
    this.lines = larger(this.lines);
    this.columns = larger(this.columns);
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isNamePart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57);
}

/**
 * The end of the number literal starting at `at`, or -1 if none starts there. Mirrors
 * `/[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/`: the exponent is part of the number only
 * when digits follow it (`1e` is the number `1`, then the name `e`).
 */
function numberEnd(text: string, at: number): number {
  let index = at;
  let code = text.charCodeAt(index);
  if (code === 45 /* - */ || code === 43 /* + */) code = text.charCodeAt(++index);
  if (isDigit(code)) {
    do code = text.charCodeAt(++index);
    while (isDigit(code));
    if (code === 46 /* . */) {
      do code = text.charCodeAt(++index);
      while (isDigit(code));
    }
  } else if (code === 46 && isDigit(text.charCodeAt(index + 1))) {
    index += 1;
    do code = text.charCodeAt(++index);
    while (isDigit(code));
  } else {
    return -1;
  }
  if (code === 101 /* e */ || code === 69 /* E */) {
    let exponent = index + 1;
    let next = text.charCodeAt(exponent);
    if (next === 45 || next === 43) next = text.charCodeAt(++exponent);
    if (isDigit(next)) {
      do next = text.charCodeAt(++exponent);
      while (isDigit(next));
      index = exponent;
    }
  }
  return index;
}

/**
 * The end of the string literal whose `"` is at `at`, or -1 when it does not close on its line
 * (the recovering parser reports that). An escape is a backslash and any character but a line
 * break, as the token's `\\.` reads it; which escapes exist is the parser's business.
 */
function stringEnd(text: string, at: number): number {
  for (let index = at + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 34 /* " */) return index + 1;
    if (code === 10 || code === 13) return -1;
    if (code === 92 /* \ */) {
      const next = text.charCodeAt(index + 1);
      // A regular expression's `.` matches no line terminator: `\` before one ends the token.
      if (Number.isNaN(next) || next === 10 || next === 13 || next === 0x2028 || next === 0x2029) return -1;
      index += 1;
    }
  }
  return -1;
}

/**
 * Cuts `text` into tokens, or returns `undefined` at the first thing the chevrotain lexer would
 * report (or brackets nested past {@link MAX_NESTING}). Line breaks are `\n`, `\r\n` and a lone `\r`,
 * as in `SourceText`.
 */
export function lexFast(text: string): FastTokens | undefined {
  // About one token per five characters in real specs; the table grows if there are more.
  const tokens = new FastTokens(16 + (text.length >> 2));
  const comments = tokens.comments;
  const length = text.length;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    // Whitespace: what the WhiteSpace token skips, counting line breaks on the way.
    if (code === 32 || code === 9) {
      at += 1;
      continue;
    }
    if (code === 10) {
      at += 1;
      line += 1;
      lineStart = at;
      continue;
    }
    if (code === 13) {
      at += 1;
      if (text.charCodeAt(at) !== 10) {
        line += 1;
        lineStart = at;
      }
      continue;
    }
    if (code === 11 || code === 12 || code === 0xa0 || code === 0xfeff) {
      at += 1;
      continue;
    }
    const start = at;
    let kind: number;
    let image = '';
    if (isNameStart(code)) {
      at += 1;
      while (at < length && isNamePart(text.charCodeAt(at))) at += 1;
      image = text.slice(start, at);
      kind = wordKind(image);
    } else if (isDigit(code) || code === 45 || code === 43 || code === 46) {
      const end = numberEnd(text, at);
      if (end >= 0) {
        at = end;
        image = text.slice(start, at);
        kind = NUMBER;
      } else if (code === DOT) {
        at += 1;
        kind = DOT;
      } else {
        return undefined; // a sign with no number after it
      }
    } else if (code === 34) {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      at = end;
      image = text.slice(start, at);
      kind = STRING;
    } else if (code === 47 /* / */) {
      const next = text.charCodeAt(at + 1);
      if (next === 47) {
        at += 2;
        while (at < length) {
          const inside = text.charCodeAt(at);
          if (inside === 10 || inside === 13) break;
          at += 1;
        }
        const column = start - lineStart + 1;
        comments.push({
          kind: 'line-comment',
          text: text.slice(start, at),
          range: { start: { offset: start, line, column }, end: { offset: at, line, column: column + at - start } },
        });
        continue;
      }
      if (next !== 42 /* * */) return undefined;
      const close = text.indexOf('*/', at + 2);
      if (close < 0) return undefined;
      const startPosition: Position = { offset: start, line, column: start - lineStart + 1 };
      at = close + 2;
      for (let index = start + 2; index < close; index++) {
        const inside = text.charCodeAt(index);
        if (inside === 10 || (inside === 13 && text.charCodeAt(index + 1) !== 10)) {
          line += 1;
          lineStart = index + 1;
        }
      }
      comments.push({
        kind: 'block-comment',
        text: text.slice(start, at),
        range: { start: startPosition, end: { offset: at, line, column: at - lineStart + 1 } },
      });
      continue;
    } else if (code === LEFT_BRACE || code === LEFT_PAREN || code === LEFT_BRACKET) {
      depth += 1;
      if (depth > MAX_NESTING) return undefined;
      at += 1;
      kind = code;
    } else if (code === RIGHT_BRACE || code === RIGHT_PAREN || code === RIGHT_BRACKET) {
      depth -= 1;
      at += 1;
      kind = code;
    } else if (code === COMMA || code === COLON || code === EQUALS) {
      at += 1;
      kind = code;
    } else {
      return undefined; // no token starts with this character
    }
    tokens.add(kind, image, start, at, line, start - lineStart + 1);
  }
  tokens.add(END_OF_TEXT, '', length, length, line, length - lineStart + 1);
  tokens.end = { offset: length, line, column: length - lineStart + 1 };
  return tokens;
}
