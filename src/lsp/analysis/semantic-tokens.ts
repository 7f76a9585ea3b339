/** Semantic tokens: keywords, layer/call names, property keys, declared names, params, enum values, literals. */
import type { SpecToken } from '../../syntax/index.js';
import type { NameSymbol } from './document.js';

/** The token types, in the order of the legend the server announces (new types go last: clients cache the legend's indexes). */
export const SEMANTIC_TOKEN_TYPES = ['keyword', 'function', 'property', 'class', 'enumMember', 'number', 'string', 'comment', 'variable', 'parameter'] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

/** One classified token (0-based line and character, as LSP wants). */
export interface ClassifiedToken {
  line: number;
  character: number;
  length: number;
  type: SemanticTokenType;
}

/** The start offsets of every declared param's name and of each of its uses and study keys: tokens classified as `variable`. */
export function paramOffsets(symbols: readonly NameSymbol[]): Set<number> {
  const offsets = new Set<number>();
  for (const symbol of symbols) {
    if (symbol.kind !== 'param' || !symbol.declaration) continue;
    for (const identifier of [symbol.declaration, ...symbol.references]) offsets.add(identifier.range.start.offset);
  }
  return offsets;
}

/**
 * The types of graph names, by start offset: an output name (`h = ...`, `add(h)`, `from h`) is a
 * `variable`, a block's name a `function` (it is called like a layer), a block param a `parameter`.
 */
export function graphNameTypes(symbols: readonly NameSymbol[]): Map<number, SemanticTokenType> {
  const types = new Map<number, SemanticTokenType>();
  const of: Partial<Record<NameSymbol['kind'], SemanticTokenType>> = { output: 'variable', block: 'function', 'block-param': 'parameter' };
  for (const symbol of symbols) {
    const type = of[symbol.kind];
    if (!type) continue;
    for (const identifier of [symbol.declaration, ...symbol.references]) if (identifier) types.set(identifier.range.start.offset, type);
  }
  return types;
}

/**
 * Classifies every token; multi-line tokens (block comments) are split per line. Names starting
 * at one of `variables` (see {@link paramOffsets}) are params: `variable`, even as a study's key;
 * graph names take their type from `graphNames` (see {@link graphNameTypes}), except as a key.
 */
export function classifyTokens(
  tokens: readonly SpecToken[],
  text: string,
  variables: ReadonlySet<number> = new Set(),
  graphNames: ReadonlyMap<number, SemanticTokenType> = new Map(),
): ClassifiedToken[] {
  const code = tokens.filter((token) => token.kind !== 'comment');
  const next = new Map<SpecToken, SpecToken | undefined>();
  const previous = new Map<SpecToken, SpecToken | undefined>();
  code.forEach((token, index) => {
    next.set(token, code[index + 1]);
    previous.set(token, code[index - 1]);
  });
  const out: ClassifiedToken[] = [];
  for (const token of tokens) {
    let type: SemanticTokenType | undefined;
    switch (token.kind) {
      case 'keyword':
      case 'boolean':
        type = next.get(token)?.text === ':' ? 'property' : 'keyword';
        break;
      case 'number':
        type = 'number';
        break;
      case 'string':
        type = 'string';
        break;
      case 'comment':
        type = 'comment';
        break;
      case 'name': {
        const after = next.get(token)?.text;
        const before = previous.get(token)?.text;
        const graphType = after === ':' ? undefined : graphNames.get(token.range.start.offset);
        if (variables.has(token.range.start.offset)) type = 'variable';
        else if (graphType) type = graphType;
        else if (after === '(' || after === '.') type = 'function';
        else if (after === ':') type = 'property';
        else if (before === 'model' || before === 'data' || before === 'study') type = 'class';
        else if (before === 'train' || before === 'on') type = 'variable';
        else if (before === '.') type = 'function';
        else type = 'enumMember';
        break;
      }
      default:
        type = undefined;
    }
    if (!type) continue;
    const lines = text.slice(token.range.start.offset, token.range.end.offset).split('\n');
    lines.forEach((line, index) => {
      if (line.length === 0) return;
      out.push({ line: token.range.start.line - 1 + index, character: index === 0 ? token.range.start.column - 1 : 0, length: line.length, type: type! });
    });
  }
  return out;
}
