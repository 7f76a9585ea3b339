/**
 * Turns lexer and parser errors into diagnostics: a stable code, the exact place (a missing
 * closer is reported where it was expected, right after the last thing that was read, with a
 * label on the opener), a message in the user's words and a help line.
 */
import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic, Range } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../diagnostics/source-text.js';
import { SYNTAX_CODE } from '../diagnostics/codes/syntax-codes.js';
import { EXPECTED_SEPARATOR, RULE_EXPECTATIONS, describeFound } from './messages.js';

const CLOSERS: Record<string, { opener: string; text: string }> = {
  RBrace: { opener: 'LBrace', text: '}' },
  RParen: { opener: 'LParen', text: ')' },
  RBracket: { opener: 'LBracket', text: ']' },
};
const OPENER_NAMES = new Set(['LBrace', 'LParen', 'LBracket']);

function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && token.tokenType !== EOF && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

/** Diagnostics for the lexer's errors: runs of characters that start no token. */
export function lexerDiagnostics(errors: readonly ILexingError[], source: SourceText): Diagnostic[] {
  return errors.map((error) => {
    const text = source.text.slice(error.offset, error.offset + error.length);
    return {
      code: SYNTAX_CODE.unexpectedCharacter,
      severity: 'error',
      message: `unexpected character${error.length > 1 ? 's' : ''} \`${text}\``,
      range: source.rangeOf(error.offset, error.offset + error.length),
      label: 'not part of the .nn language',
      help: text.startsWith('#') ? 'comments start with `//` (or `/* ... */`)' : 'remove it; names are letters, digits and `_`, strings are in double quotes',
    };
  });
}

/** Diagnostics for tokens that are errors in themselves: unterminated strings and block comments. */
export function tokenDiagnostics(tokens: readonly IToken[], comments: readonly IToken[], source: SourceText): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const token of tokens) {
    if (token.tokenType.name !== 'UnterminatedString') continue;
    out.push({
      code: SYNTAX_CODE.unterminatedString,
      severity: 'error',
      message: 'unterminated string',
      range: source.rangeOf(token.startOffset, token.endOffset! + 1),
      label: 'this string has no closing `"` on its line',
      help: 'add a `"` where the string ends; strings cannot span lines (use `\\n` for a line break)',
    });
  }
  for (const comment of comments) {
    if (comment.tokenType.name !== 'UnterminatedComment') continue;
    out.push({
      code: SYNTAX_CODE.unterminatedComment,
      severity: 'error',
      message: 'unterminated block comment',
      range: source.rangeOf(comment.startOffset, comment.startOffset + 2),
      label: 'this comment is never closed, so the rest of the file is ignored',
      help: 'close it with `*/`',
    });
  }
  return out;
}

/** What a `{`, `(` or `[` opens, in words, judging from the tokens before it. */
function describeOpener(tokens: readonly IToken[], index: number): string {
  const opener = tokens[index]!;
  const before = tokens[index - 1];
  const twoBefore = tokens[index - 2];
  if (opener.tokenType.name === 'LParen' && twoBefore?.tokenType.name === 'Block') return `the parameters of block \`${before!.image}\``;
  if (opener.tokenType.name === 'LParen') return before?.tokenType.name === 'Identifier' ? `the arguments of \`${before.image}\`` : 'the arguments';
  if (opener.tokenType.name === 'LBracket') return 'the list';
  if (twoBefore?.tokenType.name === 'Model') return `the body of model \`${before!.image}\``;
  if (before?.tokenType.name === 'RParen' && blockHeadBefore(tokens, index)) return `the body of block \`${blockHeadBefore(tokens, index)}\``;
  if (twoBefore?.tokenType.name === 'Data') return `the data declaration \`${before!.image}\``;
  if (twoBefore?.tokenType.name === 'On') return 'the train declaration';
  if (twoBefore?.tokenType.name === 'Repeat') return 'the repeat block';
  return 'the object';
}

/** The block's name when the `{` at `index` opens a block's body (`block NAME(...) {`). */
function blockHeadBefore(tokens: readonly IToken[], index: number): string | undefined {
  let depth = 0;
  for (let at = index - 1; at >= 0; at--) {
    const name = tokens[at]!.tokenType.name;
    if (name === 'RParen') depth++;
    else if (name === 'LParen' && --depth === 0) {
      return tokens[at - 2]?.tokenType.name === 'Block' ? tokens[at - 1]!.image : undefined;
    }
  }
  return undefined;
}

/** The innermost `{`/`(`/`[` still open when the parser reached `tokens[stop]`, and its index. */
function unclosedOpener(tokens: readonly IToken[], stop: number, openerName: string): number | undefined {
  const stack: number[] = [];
  for (let index = 0; index < stop && index < tokens.length; index++) {
    const name = tokens[index]!.tokenType.name;
    if (OPENER_NAMES.has(name)) stack.push(index);
    else if (name in CLOSERS) {
      // Pop to the matching opener; mismatched closers are reported separately.
      const at = stack.map((open) => tokens[open]!.tokenType.name).lastIndexOf(CLOSERS[name]!.opener);
      if (at >= 0) stack.length = at;
    }
  }
  for (let at = stack.length - 1; at >= 0; at--) if (tokens[stack[at]!]!.tokenType.name === openerName) return stack[at];
  return undefined;
}

/** The last real token before `token`, for placing "expected here" diagnostics. */
function previousReal(tokens: readonly IToken[], index: number): IToken | undefined {
  for (let at = index - 1; at >= 0; at--) if (isReal(tokens[at])) return tokens[at];
  return undefined;
}

/** Diagnostics for the parser's errors, one per place. */
export function parserDiagnostics(errors: readonly IRecognitionException[], tokens: readonly IToken[], source: SourceText): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (errors.length === 0) return out;
  const seenOffsets = new Set<number>();
  const errorLines = new Set<number>();
  const indexOf = new Map(tokens.map((token, index) => [token, index]));
  const endOfText = source.text.length;
  for (const error of errors) {
    const [expected = '', words = error.message] = error.message.split(EXPECTED_SEPARATOR);
    const found = error.token;
    const foundIndex = isReal(found) ? (indexOf.get(found) ?? tokens.length) : tokens.length;
    const foundOffset = isReal(found) ? found.startOffset : endOfText;
    if (seenOffsets.has(foundOffset)) continue;
    seenOffsets.add(foundOffset);
    // Recovery re-synchronises inside the line of an error and trips again on what follows:
    // those follow-up errors are noise, so only the first error of a line is kept.
    const line = isReal(found) ? (found.startLine ?? 0) : Number.POSITIVE_INFINITY;
    if (errorLines.has(line)) continue;
    errorLines.add(line);
    const previous = previousReal(tokens, foundIndex);
    const afterPrevious = previous ? previous.endOffset! + 1 : 0;
    // Something missing at the end of a line is reported there, not at whatever the next line holds.
    const onLaterLine = isReal(found) && previous !== undefined && (found.startLine ?? 0) > (previous.endLine ?? 0);
    const foundRange: Range =
      isReal(found) && !onLaterLine ? source.rangeOf(found.startOffset, found.endOffset! + 1) : source.rangeOf(afterPrevious, afterPrevious);
    const closer = CLOSERS[expected];
    const stray = error.name === 'MismatchedTokenException' && closer ? strayInside(error, found, onLaterLine, source, afterPrevious, foundRange) : undefined;
    if (stray) {
      out.push(stray);
      continue;
    }
    if (error.name === 'MismatchedTokenException' && closer) {
      const openerIndex = unclosedOpener(tokens, foundIndex, closer.opener);
      const opener = openerIndex === undefined ? undefined : tokens[openerIndex];
      const what = openerIndex === undefined ? '' : ` to close ${describeOpener(tokens, openerIndex)}`;
      out.push({
        code: SYNTAX_CODE.unclosedDelimiter,
        severity: 'error',
        message: `expected \`${closer.text}\`${what}`,
        range: source.rangeOf(afterPrevious, afterPrevious),
        label: `\`${closer.text}\` expected here`,
        labels: opener ? [{ range: source.rangeOf(opener.startOffset, opener.endOffset! + 1), message: `\`${opener.image}\` opened here` }] : undefined,
        help: `add \`${closer.text}\` after the last ${closer.text === ')' ? 'argument' : 'entry'}; found ${isReal(found) ? `\`${found.image}\`` : 'the end of the file'} instead`,
      });
      continue;
    }
    out.push(describeOther(expected, words, error, foundRange, found));
  }
  return out;
}

const DECLARATION_KEYWORDS = new Set(['Data', 'Model', 'Block', 'Train', 'Param', 'Study']);

/**
 * A closer was expected but something else follows on the same line (or, in a body, something
 * that is not a declaration): that is rarely a missing closer. Inside a call or list it is
 * a missing comma; inside a body, an item that does not belong there.
 */
function strayInside(
  error: IRecognitionException,
  found: IToken | undefined,
  onLaterLine: boolean,
  source: SourceText,
  gap: number,
  range: Range,
): Diagnostic | undefined {
  if (!isReal(found)) return undefined;
  const ruleStack = error.context?.ruleStack ?? [];
  const rule = ruleStack[ruleStack.length - 1] ?? '';
  if ((rule === 'argumentList' || rule === 'list') && !onLaterLine && !(found.tokenType.name in CLOSERS)) {
    const what = rule === 'list' ? 'list items' : 'arguments';
    const at = source.rangeOf(gap, gap);
    return {
      code: SYNTAX_CODE.missingComma,
      severity: 'error',
      message: `expected \`,\` between ${what}, found ${describeFound(found)}`,
      range: at,
      label: '`,` expected here',
      help: `separate ${what} with \`,\``,
      fixes: [{ title: 'insert `,`', edits: [{ range: at, newText: ',' }] }],
    };
  }
  if (DECLARATION_KEYWORDS.has(found.tokenType.name) || found.tokenType.name in CLOSERS) return undefined;
  // The offending item itself is the place, even when it starts a new line.
  range = source.rangeOf(found.startOffset, found.endOffset! + 1);
  if (rule === 'modelBody') {
    return {
      code: SYNTAX_CODE.expectedLayer,
      severity: 'error',
      message: `expected a layer such as \`dense(64)\` or a \`repeat\` block, found ${describeFound(found)}`,
      range,
      label: 'not a layer',
      help: 'inside a model, write one layer call per line, e.g. `dense(64, activation: relu)` or `h = dense(64)`, `from NAME`, or `repeat N { ... }`',
    };
  }
  if (rule === 'propertyBlock') {
    return {
      code: SYNTAX_CODE.unexpectedToken,
      severity: 'error',
      message: `expected a property such as \`epochs: 10\` or \`}\`, found ${describeFound(found)}`,
      range,
      label: 'not a property',
      help: 'write properties as `key: value`, one per line or separated by `,`',
    };
  }
  return undefined;
}

function describeOther(expected: string, words: string, error: IRecognitionException, range: Range, found: IToken | undefined): Diagnostic {
  const ruleStack = error.context?.ruleStack ?? [];
  const rule = ruleStack[ruleStack.length - 1] ?? '';
  const strayCloser = isReal(found) && found.tokenType.name in CLOSERS;
  if (expected === 'value' || (rule === 'value' && error.name !== 'MismatchedTokenException')) {
    return {
      code: SYNTAX_CODE.expectedValue,
      severity: 'error',
      message: words,
      range,
      label: 'a value was expected here',
      help: 'write a number, a string, a name such as `relu`, a list `[...]`, an object `{...}` or a call such as `l2(1e-4)`',
    };
  }
  if (expected === 'declaration' || expected === 'specFile' || expected === 'EOF' || rule === 'specFile') {
    return {
      code: SYNTAX_CODE.expectedDeclaration,
      severity: 'error',
      message: `expected ${RULE_EXPECTATIONS.declaration}, found ${describeFound(found)}`,
      range,
      label: strayCloser ? 'nothing is open here to close' : 'not a declaration',
      help: strayCloser
        ? 'remove this closing bracket, or check the brackets before it'
        : 'a spec is made of `data NAME { ... }`, `model NAME { ... }` and `train MODEL on DATA { ... }` declarations',
    };
  }
  if (expected === 'modelItem') {
    return {
      code: SYNTAX_CODE.expectedLayer,
      severity: 'error',
      message: words,
      range,
      label: 'not a layer',
      help: 'inside a model, write one layer call per line, e.g. `dense(64, activation: relu)` or `h = dense(64)`, `from NAME`, or `repeat N { ... }`',
    };
  }
  if (expected === 'Identifier' || expected === 'AnyName') {
    const help =
      rule === 'dataDeclaration' || rule === 'modelDeclaration' || rule === 'blockDeclaration'
        ? 'name the declaration, e.g. `model mlp { ... }`'
        : rule === 'fromItem'
          ? 'write `from NAME` with a name given earlier, as in `h = dense(64)`'
          : rule === 'blockParam' || rule === 'blockParams'
            ? "write the block's parameters as names, e.g. `block conv_block(filters, rate = 0.1) { ... }`"
            : rule === 'trainDeclaration'
              ? 'write `train MODEL on DATA { ... }` with the names of a declared model and data set'
              : rule === 'property' || rule === 'propertyBlock'
                ? 'write properties as `key: value`'
                : 'write a name made of letters, digits and `_`';
    return { code: SYNTAX_CODE.expectedName, severity: 'error', message: words, range, label: 'a name was expected here', help };
  }
  if (expected === 'LParen' && (rule === 'layer' || (rule === 'argumentList' && ruleStack.includes('layer')))) {
    const name = previousName(error);
    return {
      code: SYNTAX_CODE.unexpectedToken,
      severity: 'error',
      message: `expected \`(\` after the layer name${name ? ` \`${name}\`` : ''}, found ${describeFound(found)}`,
      range,
      label: '`(` expected here',
      help: 'a layer is a call, even without arguments (`flatten()`); options go inside it: `dense(units: 64)`',
    };
  }
  return { code: SYNTAX_CODE.unexpectedToken, severity: 'error', message: words, range, label: 'unexpected here', help: helpForExpected(expected) };
}

function previousName(error: IRecognitionException): string | undefined {
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  return previous && isReal(previous) ? previous.image : undefined;
}

function helpForExpected(expected: string): string {
  switch (expected) {
    case 'Colon':
      return 'properties are written `key: value`';
    case 'On':
      return 'write `train MODEL on DATA { ... }`';
    case 'NumberLiteral':
      return 'write the repeat count as a whole number, e.g. `repeat 2 { ... }`';
    case 'LParen':
      return 'a layer is a call, even without arguments: `flatten()`';
    case 'LBrace':
      return "a declaration's body is written in braces: `{ ... }`";
    default:
      return `check the text around here against docs/language.md`;
  }
}
