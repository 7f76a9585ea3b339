/**
 * The `.nn` front end: text in, typed AST with ranges and diagnostics out. Never throws, whatever
 * the input: a syntax error becomes one diagnostic at its place and parsing goes on.
 */
import type { Range, StageResult } from '../diagnostics/diagnostic.js';
import { SourceText } from '../diagnostics/source-text.js';
import type { SpecFile } from './ast.js';
import { parseValidSpec } from './fast-parser.js';
import { parseWithRecovery } from './recovering-parse.js';
import { nnLexer } from './tokens.js';

export type * from './ast.js';
export { KEYWORDS } from './tokens.js';
export { nnParser, NnParser } from './parser.js';
export { MAX_NESTING } from './limits.js';

/** The kinds of token {@link tokenize} reports (for highlighting and semantic tokens). */
export type TokenKind = 'keyword' | 'name' | 'number' | 'string' | 'boolean' | 'comment' | 'punctuation';

/** One token of a document with its span. */
export interface SpecToken {
  kind: TokenKind;
  text: string;
  range: Range;
}

const KIND_OF: Record<string, TokenKind> = {
  Data: 'keyword',
  Model: 'keyword',
  Train: 'keyword',
  On: 'keyword',
  Repeat: 'keyword',
  Param: 'keyword',
  Study: 'keyword',
  Block: 'keyword',
  From: 'keyword',
  True: 'boolean',
  False: 'boolean',
  Identifier: 'name',
  NumberLiteral: 'number',
  StringLiteral: 'string',
  UnterminatedString: 'string',
  LineComment: 'comment',
  BlockComment: 'comment',
  UnterminatedComment: 'comment',
};

/** Every token of a document (comments included), in order. Never throws. */
export function tokenize(text: string): SpecToken[] {
  const source = new SourceText(text);
  const lexed = nnLexer.tokenize(text);
  const all = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  return all.map((token) => ({
    kind: KIND_OF[token.tokenType.name] ?? 'punctuation',
    text: token.image,
    range: source.rangeOf(token.startOffset, token.endOffset! + 1),
  }));
}

/**
 * Parses a `.nn` document into its AST. The tree is partial where the text has errors (see
 * src/syntax/ast.ts); every problem is a diagnostic with a `NN1xxx` code, sorted by position.
 *
 * Valid text takes the fast path (./fast-parser.ts: a hand-written lexer and recursive descent
 * that build the AST directly); at the first problem it gives up and the recovering chevrotain
 * parser (./recovering-parse.ts) parses the text again, so that every message, range and partial
 * tree comes from one place. Both build the same AST for valid text (tests/syntax/fast-path.test.ts).
 */
export function parse(text: string): StageResult<SpecFile> {
  const spec = parseValidSpec(text);
  return spec === undefined ? parseWithRecovery(text) : { value: spec, diagnostics: [] };
}
