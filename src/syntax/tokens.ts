/**
 * The tokens of the `.nn` language. Keywords are reserved only where the grammar needs them
 * (declaration heads, `repeat`); as property keys (`split: { train: 0.6 }`) they are plain
 * names, which is why every keyword also belongs to the {@link AnyName} category.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Any word usable as a property or argument key: identifiers and keywords alike. */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName] });

function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(`${word}\\b`), longer_alt: Identifier, categories: [AnyName] });
}

export const Data = keyword('data');
export const Model = keyword('model');
export const Train = keyword('train');
export const On = keyword('on');
export const Repeat = keyword('repeat');
export const Param = keyword('param');
export const Study = keyword('study');
export const Block = keyword('block');
export const From = keyword('from');
export const True = keyword('true');
export const False = keyword('false');

/** Decimal numbers with an optional sign, fraction and exponent: `64`, `-3`, `0.5`, `.5`, `1e-3`. */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/ });
/** A string that reaches the end of its line without a closing quote: reported, then read as a string. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*\\?/ });

export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, line_breaks: true, group: 'comments' });
/** `/*` without its `*\/`: swallows the rest of the document, reported once. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, line_breaks: true, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED, line_breaks: true });

export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: '`{`' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: '`}`' });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: '`)`' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: '`]`' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: '`,`' });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: '`:`' });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: '`.`' });
export const Equals = createToken({ name: 'Equals', pattern: '=', label: '`=`' });

/** Every token type, in the lexer's matching order (comments before `/`, keywords before identifiers). */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  Data,
  Model,
  Train,
  On,
  Repeat,
  Param,
  Study,
  Block,
  From,
  True,
  False,
  Identifier,
  AnyName,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Equals,
];

/** The language's keywords, for highlighters and completion. */
export const KEYWORDS = ['data', 'model', 'block', 'train', 'on', 'repeat', 'from', 'param', 'study', 'true', 'false'] as const;

/** The lexer, built once: chevrotain validates token definitions on construction. */
export const nnLexer = new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: false });
