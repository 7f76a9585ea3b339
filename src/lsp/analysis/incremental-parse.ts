/**
 * Re-parsing only the declarations an edit touched. A `.nn` document is a list of top-level
 * declarations; once the parser is between two of them it is in the same state whatever came
 * before, so an edit inside some declarations changes only their syntax trees: the declarations
 * before are kept as they are, those after are kept with their positions moved.
 *
 * The result must equal a full `parse` of the new text, syntax diagnostics included. The fast path
 * is taken only when that is sure, and a full parse is done otherwise:
 * - the old parse had no syntax diagnostic outside the re-parsed region, so the declarations around
 *   it are whole and clean (a clean declaration's parse does not depend on what follows it);
 * - the region ends before a line that starts a declaration, so no token (a string, a comment)
 *   runs across the boundary;
 * - parsed with the first three tokens of the next declaration after it (what the parser's
 *   lookahead and error recovery can see), the region hands over to that declaration at top level;
 * - its brackets leave the nesting under the parser's limit for the rest of the file.
 */
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../../diagnostics/diagnostic.js';
import type { SourceText } from '../../diagnostics/source-text.js';
import { movePositions, type PositionShift } from '../../diagnostics/move-positions.js';
import type { Declaration, SpecFile } from '../../syntax/ast.js';
import { placeToken, startsLineAfter } from './token-placement.js';
import { bracketNesting, builderDiagnostic, commentOf, dedupe } from '../../syntax/recovering-parse.js';
import { reparseItems } from './item-reparse.js';
import { MAX_NESTING, nnParser, parse } from '../../syntax/index.js';
import { AstBuilder } from '../../syntax/cst-to-ast.js';
import { parseTokens } from '../../syntax/parser.js';
import { nnLexer, RBrace, RBracket, RParen, Identifier } from '../../syntax/tokens.js';
import { lexerDiagnostics, parserDiagnostics, tokenDiagnostics } from '../../syntax/syntax-errors.js';
import { nestingDepth } from './nesting-depth.js';

/** A parsed document version: its text, tree and syntax diagnostics (the parser's alone, not the checker's). */
export interface ParsedVersion {
  text: string;
  spec: SpecFile;
  diagnostics: Diagnostic[];
  /**
   * Where each of the parser's own errors was found (its token's offset; Infinity at the end of
   * the text). Two errors on one line make one diagnostic, so the diagnostics alone could hide
   * an error in a declaration that looks clean.
   */
  errorOffsets: number[];
}

/** Where a parser error was found: its token's offset, Infinity for the end of the text. */
function errorOffset(error: IRecognitionException): number {
  const offset = error.token.startOffset;
  return error.token.tokenType.name === 'EOF' || !Number.isFinite(offset) ? Number.POSITIVE_INFINITY : offset;
}

/**
 * Parses `text`, re-parsing only what changed since `previous` when that is sure to give the same
 * result as a full parse (see the file's comment), and the whole text otherwise.
 */
export function parseVersion(text: string, source: SourceText, previous?: ParsedVersion): ParsedVersion {
  const reused = previous ? reparse(previous, text, source) : undefined;
  if (reused) return reused;
  const parsed = parse(text);
  // Valid text takes the parser's fast path, which never runs the chevrotain parser: its singleton
  // still holds an earlier text's errors. Text with problems went through it last, so there the
  // singleton holds this text's errors (`parse` returns diagnostics only).
  const errorOffsets = parsed.diagnostics.length === 0 ? [] : nnParser.errors.map(errorOffset);
  return { text, spec: parsed.value, diagnostics: parsed.diagnostics, errorOffsets };
}

/** How many characters of the next declaration are lexed to find its first three tokens. */
const SENTINEL_LOOKAHEAD = 512;

/** The first index where `a` and `b` differ. */
function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters `a` and `b` share at their ends, not reaching into the first `prefix` of either. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** What the parser's error reporting sees as the last token before the region: the end of the declaration before it. */
function tokenBefore(declaration: Declaration, text: string): IToken {
  const end = declaration.range.end;
  const last = text[end.offset - 1];
  const tokenType: TokenType = last === '}' ? RBrace : last === ')' ? RParen : last === ']' ? RBracket : Identifier;
  return {
    image: last ?? '',
    startOffset: end.offset - 1,
    endOffset: end.offset - 1,
    startLine: end.line,
    endLine: end.line,
    startColumn: end.column - 1,
    endColumn: end.column - 1,
    tokenTypeIdx: tokenType.tokenTypeIdx!,
    tokenType,
  };
}

/**
 * The parse of `text` (whose offsets `source` maps) built from `previous` by re-parsing only the
 * declarations the edit touched, or undefined when that cannot be proved equal to a full parse
 * (the caller then parses the whole text).
 */
export function reparse(previous: ParsedVersion, text: string, source: SourceText): ParsedVersion | undefined {
  const old = previous.text;
  if (old === text) return previous;
  const declarations = previous.spec.declarations;
  if (declarations.length === 0) return undefined;
  const prefix = commonPrefixLength(old, text);
  const oldEditEnd = old.length - commonSuffixLength(old, text, prefix);
  const delta = text.length - old.length;
  const items = reparseItems(previous, text, source, { start: prefix, oldEnd: oldEditEnd, delta });
  if (items) return items;

  // The region: from the last declaration starting before the edit (or the document's start) to the first starting after it.
  let first = 0;
  while (first + 1 < declarations.length && declarations[first + 1]!.range.start.offset < prefix) first++;
  const regionStart = declarations[first]!.range.start.offset < prefix ? declarations[first]!.range.start.offset : 0;
  if (regionStart === 0) first = 0;
  let next = first;
  while (next < declarations.length && declarations[next]!.range.start.offset <= oldEditEnd) next++;
  const following = declarations[next];
  const oldRegionEnd = following ? following.range.start.offset : old.length;
  if (following && !startsLineAfter(old, oldRegionEnd, oldEditEnd)) return undefined;

  // Every old syntax problem must lie in the region: the declarations around it are then clean. An
  // error found at the next declaration's keyword was raised before it started: the region's.
  // One found at the region's first token was raised by the declaration before it (which read that far), so that one is not clean.
  const outside = (offset: number): boolean => offset < regionStart || (offset === regionStart && regionStart > 0);
  for (const offset of previous.errorOffsets) if (outside(offset) || (following && offset > oldRegionEnd)) return undefined;
  for (const diagnostic of previous.diagnostics) {
    const start = diagnostic.range.start.offset;
    if (outside(start) || diagnostic.range.end.offset > oldRegionEnd || (start === oldRegionEnd && following)) return undefined;
  }

  const newRegionEnd = oldRegionEnd + delta;
  // The next declaration's first three tokens: what the region's parse may look at past its end.
  let windowEnd = text.length;
  let sentinelTokens = 0;
  if (following) {
    const lookEnd = Math.min(text.length, newRegionEnd + Math.min(SENTINEL_LOOKAHEAD, following.range.end.offset - oldRegionEnd));
    const ahead = nnLexer.tokenize(text.slice(newRegionEnd, lookEnd));
    if (ahead.errors.length > 0 || ahead.tokens.length < 4) return undefined;
    windowEnd = newRegionEnd + ahead.tokens[2]!.endOffset! + 1;
    sentinelTokens = 3;
  }

  const start = source.positionAt(regionStart);
  const lexed = nnLexer.tokenize(text.slice(regionStart, windowEnd));
  const comments = lexed.groups.comments ?? [];
  for (const token of lexed.tokens) placeToken(token, regionStart, start.line, start.column);
  for (const token of comments) placeToken(token, regionStart, start.line, start.column);
  const lexerErrors = lexed.errors.map((error) => ({ ...error, offset: error.offset + regionStart }));
  // An unterminated comment would swallow the rest of the document, which the window does not hold.
  if (following && comments.some((token) => token.tokenType.name === 'UnterminatedComment')) return undefined;
  if (following && lexerErrors.some((error) => error.offset >= newRegionEnd)) return undefined;
  const regionTokens = lexed.tokens.slice(0, lexed.tokens.length - sentinelTokens);
  if (following && lexed.tokens[regionTokens.length]?.startOffset !== newRegionEnd) return undefined;

  // Nesting: the region may not pass the limit, nor leave so much open that the rest would.
  const depth = bracketNesting(regionTokens);
  if (depth.tooDeepAt !== undefined) return undefined;
  const suffix = declarations.slice(next);
  if (depth.endDepth > 0 && suffix.length > 0 && depth.endDepth + Math.max(...suffix.map(nestingDepth)) > MAX_NESTING) return undefined;

  const { cst, errors } = parseTokens(lexed.tokens);
  const nodes = cst.children.declaration ?? [];
  let regionErrors: IRecognitionException[] = errors;
  if (following) {
    // The region must hand over to the next declaration at top level, exactly where it starts.
    const last = nodes[nodes.length - 1];
    if (!last || !('children' in last) || last.location?.startOffset !== newRegionEnd) return undefined;
    nodes.pop();
    // The truncated next declaration fails only at the window's end; the region's own errors all come before it.
    regionErrors = errors.filter((error) => Number.isFinite(error.token.startOffset) && error.token.tokenType.name !== 'EOF');
  }

  const before = first > 0 ? [tokenBefore(declarations[first - 1]!, old)] : [];
  const diagnostics: Diagnostic[] = [
    ...lexerDiagnostics(lexerErrors, source),
    ...tokenDiagnostics(regionTokens, comments, source),
    ...parserDiagnostics(regionErrors, [...before, ...regionTokens], source),
  ];
  const builder = new AstBuilder(source, (kind, range, detail) => diagnostics.push(builderDiagnostic(kind, range, detail)));
  const rebuilt = builder.declarations({ ...cst, children: { ...cst.children, declaration: nodes } });

  const shift: PositionShift = { offsets: delta, lines: following ? source.positionAt(newRegionEnd).line - following.range.start.line : 0 };
  const moved = movePositions(suffix, shift);
  const oldComments = previous.spec.comments;
  const spec: SpecFile = {
    kind: 'spec',
    declarations: [...declarations.slice(0, first), ...rebuilt, ...moved],
    comments: [
      ...oldComments.filter((comment) => comment.range.start.offset < regionStart),
      ...comments.filter((token) => token.startOffset < newRegionEnd || !following).map((token) => commentOf(token, source)),
      ...movePositions(
        oldComments.filter((comment) => following && comment.range.start.offset >= oldRegionEnd),
        shift,
      ),
    ],
    range: source.rangeOf(0, text.length),
  };
  return { text, spec, diagnostics: sortDiagnostics(dedupe(diagnostics)), errorOffsets: regionErrors.map(errorOffset) };
}
