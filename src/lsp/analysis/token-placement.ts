/**
 * Tokens lexed from a slice of a document, put back where they are in the document: what lets
 * the incremental parser lex and parse only the edited part while the syntax tree and the
 * diagnostics it builds carry the document's own offsets and lines.
 */
import type { IToken } from 'chevrotain';

/** Moves a token lexed from a slice that starts at `base` (on 1-based line `baseLine`, column `baseColumn`) to its place in the document. */
export function placeToken(token: IToken, base: number, baseLine: number, baseColumn: number): void {
  const onFirstLine = token.startLine === 1;
  const endOnFirstLine = token.endLine === 1;
  token.startOffset += base;
  if (token.endOffset !== undefined) token.endOffset += base;
  if (token.startLine !== undefined) token.startLine += baseLine - 1;
  if (token.endLine !== undefined) token.endLine += baseLine - 1;
  if (onFirstLine && token.startColumn !== undefined) token.startColumn += baseColumn - 1;
  if (endOnFirstLine && token.endColumn !== undefined) token.endColumn += baseColumn - 1;
}

/**
 * True when `offset` is the first token of its line (only spaces and tabs before it) and that line
 * starts at or after `editEnd`, i.e. the edit is on an earlier line. No token then runs into
 * `offset` from before (strings and line comments end at line breaks; a block comment left open
 * is seen when the slice is lexed), and what follows keeps its columns.
 */
export function startsLineAfter(text: string, offset: number, editEnd: number): boolean {
  let at = offset - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t')) at--;
  return at >= editEnd && text[at] === '\n';
}
