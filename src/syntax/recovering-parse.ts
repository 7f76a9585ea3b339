/**
 * The recovering parse: chevrotain's lexer and parser with error recovery, the CST turned into the
 * AST. Every syntax diagnostic comes from here. `parse` (./index.ts) runs it whenever the fast
 * path (./fast-parser.ts) gives up, that is for any text with a syntax problem.
 */
import type { IToken } from 'chevrotain';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { SourceText } from '../diagnostics/source-text.js';
import { SYNTAX_CODE } from '../diagnostics/codes/syntax-codes.js';
import type { Comment, SpecFile } from './ast.js';
import { AstBuilder } from './cst-to-ast.js';
import { MAX_NESTING } from './limits.js';
import { parseTokens } from './parser.js';
import { nnLexer } from './tokens.js';
import { lexerDiagnostics, parserDiagnostics, tokenDiagnostics } from './syntax-errors.js';

/** The comment as the syntax tree keeps it (the incremental parse builds its comments with it too). */
export function commentOf(token: IToken, source: SourceText): Comment {
  return {
    kind: token.tokenType.name === 'LineComment' ? 'line-comment' : 'block-comment',
    text: token.image,
    range: source.rangeOf(token.startOffset, token.endOffset! + 1),
  };
}

/**
 * Parses a `.nn` document into its AST with chevrotain, recovering from errors. The tree is
 * partial where the text has errors (see src/syntax/ast.ts); every problem is a diagnostic with
 * a `NN1xxx` code, sorted by position.
 */
export function parseWithRecovery(text: string): StageResult<SpecFile> {
  const source = new SourceText(text);
  const lexed = nnLexer.tokenize(text);
  const comments = lexed.groups.comments ?? [];
  // The parser recurses once per bracket: cut pathological nesting off before it can overflow the stack.
  const tooDeep = bracketNesting(lexed.tokens).tooDeepAt;
  const tokens = tooDeep === undefined ? lexed.tokens : lexed.tokens.slice(0, tooDeep);
  const { cst, errors } = parseTokens(tokens);
  const diagnostics: Diagnostic[] = [
    ...lexerDiagnostics(lexed.errors, source),
    ...tokenDiagnostics(lexed.tokens, comments, source),
    ...parserDiagnostics(errors, tokens, source),
  ];
  if (tooDeep !== undefined) {
    const token = lexed.tokens[tooDeep]!;
    diagnostics.push({
      code: SYNTAX_CODE.nestingTooDeep,
      severity: 'error',
      message: `brackets nested more than ${MAX_NESTING} deep`,
      range: source.rangeOf(token.startOffset, token.endOffset! + 1),
      label: 'the rest of the file is not read',
      help: 'no spec needs this much nesting; check for a runaway generator or unbalanced brackets',
    });
  }
  const builder = new AstBuilder(source, (kind, range, detail) => diagnostics.push(builderDiagnostic(kind, range, detail)));
  const declarations = cst ? builder.declarations(cst) : [];
  const spec: SpecFile = {
    kind: 'spec',
    declarations,
    comments: comments.map((token) => commentOf(token, source)),
    range: source.rangeOf(0, text.length),
  };
  return { value: spec, diagnostics: sortDiagnostics(dedupe(diagnostics)) };
}

/** The diagnostic of a problem the syntax tree's builder found (the incremental parse reports them with it too). */
export function builderDiagnostic(kind: 'bad-escape' | 'missing-comma' | 'number-out-of-range', range: Diagnostic['range'], detail: string): Diagnostic {
  if (kind === 'number-out-of-range') {
    return {
      code: SYNTAX_CODE.numberOutOfRange,
      severity: 'error',
      message: detail.length > 40 ? `a number of ${detail.length.toLocaleString('en-US')} characters is too large` : `number \`${detail}\` is too large`,
      range,
      label: 'not a finite number',
      help: 'numbers are 64-bit floats, at most about 1.8e308 in size; write a smaller number',
    };
  }
  if (kind === 'bad-escape') {
    return {
      code: SYNTAX_CODE.badEscape,
      severity: 'error',
      message: `unknown escape \`${detail}\` in a string`,
      range,
      label: 'not an escape nnspec knows',
      help: 'write a backslash as `\\\\`; escapes are \\" \\\\ \\n \\t \\r \\/ \\0 \\u00e9 \\u{1F600}',
    };
  }
  return {
    code: SYNTAX_CODE.missingComma,
    severity: 'error',
    message: `expected \`,\` between ${detail} on one line`,
    range,
    label: '`,` expected here',
    help: 'separate them with `,` (commas are optional only at line breaks)',
    fixes: [{ title: 'insert `,`', edits: [{ range, newText: ',' }] }],
  };
}

/**
 * Walks the brackets of `tokens` from depth 0: the index of the first one opened beyond
 * {@link MAX_NESTING} (undefined when none is), and the depth left open at the end. The
 * incremental parse asks the same of an edited region.
 */
export function bracketNesting(tokens: readonly IToken[]): { tooDeepAt: number | undefined; endDepth: number } {
  let depth = 0;
  for (let index = 0; index < tokens.length; index++) {
    const image = tokens[index]!.image;
    if (image === '{' || image === '(' || image === '[') {
      depth += 1;
      if (depth > MAX_NESTING) return { tooDeepAt: index, endDepth: depth };
    } else if (image === '}' || image === ')' || image === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return { tooDeepAt: undefined, endDepth: depth };
}

/** One diagnostic per place: recovery can report the same spot twice. */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${diagnostic.range.start.offset}:${diagnostic.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
