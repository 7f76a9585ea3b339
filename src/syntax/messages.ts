/**
 * Words for what the parser expected or found. Chevrotain's default messages name token
 * types (`--> RBrace <--`); users know `}` and "a value such as 0.5".
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** "the end of the file", "`}`", "the number `5`", "the string \"a\"", "`dense`". */
export function describeFound(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'the end of the file';
  const name = token.tokenType.name;
  if (name === 'NumberLiteral') return `the number \`${token.image}\``;
  if (name === 'StringLiteral' || name === 'UnterminatedString') return `the string ${shorten(token.image)}`;
  return `\`${shorten(token.image)}\``;
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

const EXPECTED_WORDS: Record<string, string> = {
  Identifier: 'a name',
  AnyName: 'a name',
  NumberLiteral: 'a number',
  StringLiteral: 'a string',
  On: '`on`',
  Data: '`data`',
  Model: '`model`',
  Train: '`train`',
  Repeat: '`repeat`',
  Param: '`param`',
  Study: '`study`',
  Block: '`block`',
  From: '`from`',
  Equals: '`=`',
};

/** How an expected token type reads in a message. */
export function describeExpected(type: TokenType): string {
  return EXPECTED_WORDS[type.name] ?? (typeof type.LABEL === 'string' ? type.LABEL : `\`${type.name}\``);
}

/** The words for what a rule expects when none of its alternatives matched. */
export const RULE_EXPECTATIONS: Record<string, string> = {
  declaration: 'a declaration: `data`, `model`, `block`, `train`, `param` or `study`',
  specFile: 'a declaration: `data`, `model`, `block`, `train`, `param` or `study`',
  modelItem: 'a layer such as `dense(64)`, `NAME = dense(64)`, `from NAME` or a `repeat` block',
  value: 'a value such as 0.5, relu or [64]',
  property: 'a property such as `epochs: 10`',
};

/** Separates what was expected (a token type or rule name) from the words, inside an exception's message. */
export const EXPECTED_SEPARATOR = '\u0000';

function encode(expected: string, words: string): string {
  return `${expected}${EXPECTED_SEPARATOR}${words}`;
}

/**
 * Messages chevrotain stores on its exceptions. The final diagnostics are rebuilt from the
 * exception's token and rule stack in ./syntax-errors.ts, which adds codes, ranges and labels;
 * these texts are the fallback and what chevrotain's own tooling shows.
 */
export const nnErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return encode(expected.name, `expected ${describeExpected(expected)}, found ${describeFound(actual)}`);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return encode('declaration', `expected ${RULE_EXPECTATIONS.declaration}, found ${describeFound(firstRedundant)}`);
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    return encode(ruleName, `expected ${RULE_EXPECTATIONS[ruleName] ?? 'something else'}, found ${describeFound(actual[0])}`);
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return encode(ruleName, `expected ${RULE_EXPECTATIONS[ruleName] ?? 'something else'}, found ${describeFound(actual[0])}`);
  },
};
