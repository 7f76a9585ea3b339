/**
 * Re-parsing only the layer lines an edit touched inside one model (or block) body: a large
 * model is one declaration, and re-parsing all of it for a one-character edit costs as much as
 * parsing the whole of a 1,000-line spec. Between two items of a body the parser is in the same
 * state whatever came before, as it is between two declarations (./incremental-parse.ts).
 *
 * Only the clean case is taken: the old document had no syntax diagnostic at all, and the edited
 * items parse without any, followed by the next item (what the parser's lookahead may see) or the
 * body's `}`. Then every decision of the parser around them is the one it made before, and no
 * error recovery runs. Anything else (a typo being written) goes to the declaration-level path,
 * which reproduces errors exactly.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { SourceText } from '../../diagnostics/source-text.js';
import { movePositions, type PositionShift } from '../../diagnostics/move-positions.js';
import type { BlockDeclaration, Comment, ModelDeclaration, ModelItem, SpecFile } from '../../syntax/ast.js';
import { MAX_NESTING } from '../../syntax/index.js';
import { AstBuilder } from '../../syntax/cst-to-ast.js';
import { parseTokens } from '../../syntax/parser.js';
import { Identifier, LBrace, Model, nnLexer, RBrace } from '../../syntax/tokens.js';
import type { ParsedVersion } from './incremental-parse.js';
import { placeToken, startsLineAfter } from './token-placement.js';
import { commentOf } from '../../syntax/recovering-parse.js';

/** The changed span of an edit: the old text's `[start, oldEnd)` became `[start, start + (oldEnd - start) + delta)`. */
export interface EditSpan {
  start: number;
  oldEnd: number;
  delta: number;
}

/** A token the parser reads but the document does not hold (the wrapper around the re-parsed items). */
function syntheticToken(tokenType: TokenType, image: string, offset: number): IToken {
  return {
    image,
    startOffset: offset,
    endOffset: offset,
    startLine: Number.NaN,
    endLine: Number.NaN,
    startColumn: Number.NaN,
    endColumn: Number.NaN,
    tokenTypeIdx: tokenType.tokenTypeIdx!,
    tokenType,
  };
}

/** The deepest bracket nesting of `tokens`, walked from 0. */
function deepest(tokens: readonly IToken[]): number {
  let depth = 0;
  let most = 0;
  for (const token of tokens) {
    const image = token.image;
    if (image === '{' || image === '(' || image === '[') most = Math.max(most, ++depth);
    else if (image === '}' || image === ')' || image === ']') depth = Math.max(0, depth - 1);
  }
  return most;
}

/**
 * The parse of `text` made from the clean `previous` by re-parsing only the items of one model
 * or block body that the edit touched, or undefined when the edit is not of that kind.
 */
export function reparseItems(previous: ParsedVersion, text: string, source: SourceText, edit: EditSpan): ParsedVersion | undefined {
  if (previous.diagnostics.length > 0 || previous.errorOffsets.length > 0) return undefined;
  const old = previous.text;
  const declarations = previous.spec.declarations;
  const owner = declarations.findIndex((declaration) => declaration.range.start.offset < edit.start && edit.oldEnd < declaration.range.end.offset);
  const body = declarations[owner];
  if (!body || (body.kind !== 'model' && body.kind !== 'block')) return undefined;
  const items = body.items;
  // The items from the last one starting before the edit to the first starting after it (or the closing `}`).
  let first = -1;
  while (first + 1 < items.length && items[first + 1]!.range.start.offset < edit.start) first++;
  if (first < 0) return undefined;
  let next = first;
  while (next < items.length && items[next]!.range.start.offset <= edit.oldEnd) next++;
  const following = items[next];
  const closing = body.range.end.offset - 1;
  const oldBoundary = following ? following.range.start.offset : closing;
  if (old[closing] !== '}' || !startsLineAfter(old, oldBoundary, edit.oldEnd)) return undefined;

  const regionStart = items[first]!.range.start.offset;
  const newBoundary = oldBoundary + edit.delta;
  // The next item whole (it is short: one layer call), or the body's `}`: all the lookahead can see.
  const windowEnd = following ? newBoundary + (following.range.end.offset - following.range.start.offset) : newBoundary + 1;
  const start = source.positionAt(regionStart);
  const lexed = nnLexer.tokenize(text.slice(regionStart, windowEnd));
  const comments = lexed.groups.comments ?? [];
  if (lexed.errors.length > 0) return undefined;
  if (comments.some((token) => token.tokenType.name === 'UnterminatedComment')) return undefined;
  if (lexed.tokens.some((token) => token.tokenType.name === 'UnterminatedString')) return undefined;
  for (const token of lexed.tokens) placeToken(token, regionStart, start.line, start.column);
  for (const token of comments) placeToken(token, regionStart, start.line, start.column);
  const boundaryIndex = lexed.tokens.findIndex((token) => token.startOffset >= newBoundary);
  if (boundaryIndex < 0 || lexed.tokens[boundaryIndex]!.startOffset !== newBoundary) return undefined;
  // A body's items sit one bracket deep; nested bodies (a repeat, a block in a model) are not taken here.
  if (1 + deepest(lexed.tokens.slice(0, boundaryIndex)) > MAX_NESTING) return undefined;

  // Parsed as the items of a model body: the same rule, so the same decisions, as in the document.
  const wrapper = [syntheticToken(Model, 'model', regionStart), syntheticToken(Identifier, 'items', regionStart), syntheticToken(LBrace, '{', regionStart)];
  const tokens = [...wrapper, ...lexed.tokens, ...(following ? [syntheticToken(RBrace, '}', windowEnd)] : [])];
  const { cst, errors } = parseTokens(tokens);
  if (errors.length > 0) return undefined;
  let problems = 0;
  const built = new AstBuilder(source, () => problems++).declarations(cst);
  const wrapped = built[0];
  if (problems > 0 || built.length !== 1 || wrapped?.kind !== 'model') return undefined;
  const rebuilt: ModelItem[] = [...wrapped.items];
  if (following) {
    if (rebuilt[rebuilt.length - 1]?.range.start.offset !== newBoundary) return undefined;
    rebuilt.pop();
  }
  if (rebuilt.some((item) => item.range.start.offset >= newBoundary)) return undefined;

  const oldBoundaryLine = following ? following.range.start.line : body.range.end.line;
  const shift: PositionShift = { offsets: edit.delta, lines: source.positionAt(newBoundary).line - oldBoundaryLine };
  const edited: ModelDeclaration | BlockDeclaration = {
    ...body,
    items: [...items.slice(0, first), ...rebuilt, ...movePositions(items.slice(next), shift)],
    range: { start: body.range.start, end: movePositions(body.range.end, shift) },
  };
  const oldComments = previous.spec.comments;
  const spec: SpecFile = {
    kind: 'spec',
    declarations: [...declarations.slice(0, owner), edited, ...movePositions(declarations.slice(owner + 1), shift)],
    comments: [
      ...oldComments.filter((comment) => comment.range.start.offset < regionStart),
      ...comments.filter((token) => token.startOffset < newBoundary).map((token): Comment => commentOf(token, source)),
      ...movePositions(
        oldComments.filter((comment) => comment.range.start.offset >= oldBoundary),
        shift,
      ),
    ],
    range: source.rangeOf(0, text.length),
  };
  return { text, spec, diagnostics: [], errorOffsets: [] };
}
