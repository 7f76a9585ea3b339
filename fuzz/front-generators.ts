/**
 * Front-end inputs: random strings, byte soups and grammar-aware mutations of the seed specs
 * (token deletion, duplication, swaps, extreme numbers, long names, deep nesting, unicode, CRLF,
 * BOM, NUL and control characters). Pure functions of a {@link Random}: same seed, same input.
 */
import { tokenize } from '../src/index.js';
import type { Random } from './random.js';

/** What one front-end fuzz case runs: a document, and the options `format` gets. */
export interface FrontInput {
  /** Which generator made it (for the summary). */
  kind: string;
  text: string;
  /** Options for `format`; absent uses the defaults. */
  formatOptions?: { indent?: number; maxWidth?: number };
}

/** Limits that keep a generated input's size in check (the npm-test run uses smaller ones). */
export interface FrontLimits {
  /** The longest random string or byte soup. */
  maxRandomLength: number;
  /** The longest generated name. */
  maxNameLength: number;
  /** The deepest generated nesting. */
  maxDepth: number;
}

export const DEFAULT_FRONT_LIMITS: FrontLimits = { maxRandomLength: 2000, maxNameLength: 200_000, maxDepth: 300 };

/** Numbers at the edges of what a double, an int32 and the parser can hold. */
export const EXTREME_NUMBERS: readonly string[] = [
  '1e309',
  '-1e309',
  '1e999999',
  '-0',
  '0',
  '-0.0',
  '2147483647',
  '2147483648',
  '-2147483648',
  '4294967296',
  '9007199254740993',
  '1e308',
  '1.7976931348623157e308',
  '5e-324',
  '1e-320',
  '1e-400',
  '-1',
  '0.0000001',
  '1e-7',
  '123456789012345678901234567890',
  '1000000',
  '100000',
  '99999',
  '0.5',
  '1.',
  '.5',
  '1e',
  '0x10',
  '1_000',
  '00',
  '-',
  'NaN',
  'Infinity',
  '-Infinity',
];

/** Characters that stress lexers and position arithmetic. */
const NASTY_CHARS: readonly string[] = [
  '\0',
  '\x07',
  '\x1b',
  '\x1b[2J',
  '\x1b]0;title\x07',
  '\b',
  '\t',
  '\v',
  '\f',
  '\r',
  '\n',
  '\r\n',
  '\u0085',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u200B',
  '\u200D',
  '\u202E',
  '\u2066',
  '\u0627\u0644\u0639',
  '\u05D0',
  '\u0301',
  'e\u0301',
  '\u{1F600}',
  '\u{10FFFF}',
  '\uD800',
  '\uDFFF',
  '\uFFFD',
  '\uFFFF',
  '\u00A0',
  '\u3000',
  '\u00E9',
  '\u4E2D\u6587',
  '\x7f',
  '\x9b',
];

/** Pieces of the language itself, so random strings reach past the lexer. */
const LANGUAGE_PIECES: readonly string[] = [
  'model',
  'data',
  'train',
  'on',
  'repeat',
  'true',
  'false',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '.',
  '"',
  '/*',
  '*/',
  '//',
  ' ',
  '\n',
  'dense',
  'input',
  'shape',
  'relu',
  'softmax',
  'csv',
  'idx',
  'builtin',
  'digits',
  'loss',
  'mse',
  'epochs',
  'x',
  '1',
  '-2.5e3',
  '\\',
  '\\u{',
  '\\n',
  '#',
  '@',
];

/** One random string: printable ASCII, language pieces, extreme numbers and nasty characters mixed. */
export function randomString(random: Random, limits: FrontLimits): string {
  const length = random.size(limits.maxRandomLength);
  const parts: string[] = [];
  let total = 0;
  while (total < length) {
    const roll = random.next();
    const part =
      roll < 0.4
        ? String.fromCharCode(random.int(0x20, 0x7e))
        : roll < 0.75
          ? random.pick(LANGUAGE_PIECES)
          : roll < 0.85
            ? random.pick(EXTREME_NUMBERS)
            : roll < 0.97
              ? random.pick(NASTY_CHARS)
              : String.fromCharCode(random.int(0, 0xffff));
    parts.push(part);
    total += part.length;
  }
  return parts.join('');
}

/** Random bytes read as a file would be: decoded as UTF-8 (replacing invalid sequences), or byte per char. */
export function byteSoup(random: Random, limits: FrontLimits): string {
  const bytes = new Uint8Array(random.size(limits.maxRandomLength));
  for (let index = 0; index < bytes.length; index++) bytes[index] = random.int(0, 255);
  return random.chance(0.7) ? new TextDecoder('utf-8').decode(bytes) : String.fromCharCode(...bytes);
}

/** A name of any length, sometimes made of non-ASCII letters. */
function longName(random: Random, limits: FrontLimits): string {
  const length = 1 + random.size(limits.maxNameLength);
  const unit = random.pick(['a', 'x_', 'dense', 'é', '\u{1F600}', 'Ab9']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, Math.max(1, length));
}

/** Nested brackets, repeats or calls, `depth` deep, around a body. */
function deepNesting(random: Random, limits: FrontLimits): string {
  const depth = 1 + random.size(limits.maxDepth);
  const style = random.int(0, 3);
  if (style === 0) return `${'repeat 2 { '.repeat(depth)}dense(1)${' }'.repeat(depth)}`;
  if (style === 1) {
    const count = random.pick(['1000000', '2147483647', '100000', '0', '1e309', '65536']);
    return `${`repeat ${count} { `.repeat(Math.min(depth, 4))}${random.chance(0.5) ? '' : 'dense(1)'}${' }'.repeat(Math.min(depth, 4))}`;
  }
  if (style === 2) return `${'['.repeat(depth)}1${']'.repeat(random.chance(0.8) ? depth : random.int(0, depth))}`;
  return `${'f('.repeat(depth)}${')'.repeat(depth)}`;
}

interface Piece {
  text: string;
  kind: string;
}

/** The document cut into tokens and the text between them, so mutations can work on tokens. */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const token of tokenize(text)) {
    const start = token.range.start.offset;
    if (start > at) out.push({ text: text.slice(at, start), kind: 'space' });
    out.push({ text: token.text, kind: token.kind });
    at = Math.max(at, token.range.end.offset);
  }
  if (at < text.length) out.push({ text: text.slice(at), kind: 'space' });
  return out;
}

/** One token-level mutation, in place. */
function mutateTokens(random: Random, tokens: Piece[], seeds: readonly string[], limits: FrontLimits): string {
  const index = random.int(0, Math.max(0, tokens.length - 1));
  const roll = random.int(0, 9);
  if (tokens.length === 0) {
    tokens.push({ text: random.pick(LANGUAGE_PIECES), kind: 'punctuation' });
    return 'insert';
  }
  switch (roll) {
    case 0:
      tokens.splice(index, 1 + random.size(3));
      return 'delete';
    case 1:
      tokens.splice(index, 0, ...tokens.slice(index, index + 1 + random.size(8)));
      return 'duplicate';
    case 2: {
      const other = random.int(0, tokens.length - 1);
      [tokens[index], tokens[other]] = [tokens[other]!, tokens[index]!];
      return 'swap';
    }
    case 3: {
      const numbers = tokens.map((token, at) => (token.kind === 'number' ? at : -1)).filter((at) => at >= 0);
      const at = numbers.length > 0 ? random.pick(numbers) : index;
      tokens[at] = { text: random.pick(EXTREME_NUMBERS), kind: 'number' };
      return 'extreme-number';
    }
    case 4: {
      const names = tokens.map((token, at) => (token.kind === 'name' ? at : -1)).filter((at) => at >= 0);
      const at = names.length > 0 ? random.pick(names) : index;
      tokens[at] = { text: longName(random, limits), kind: 'name' };
      return 'long-name';
    }
    case 5:
      tokens.splice(index, 0, { text: ` ${deepNesting(random, limits)} `, kind: 'space' });
      return 'deep-nesting';
    case 6:
      tokens.splice(index, 0, { text: random.pick(NASTY_CHARS), kind: 'space' });
      return 'unicode';
    case 7: {
      const donor = pieces(random.pick(seeds)).filter((piece) => piece.kind !== 'space');
      if (donor.length > 0) tokens.splice(index, 0, { text: ' ', kind: 'space' }, random.pick(donor), { text: ' ', kind: 'space' });
      return 'transplant';
    }
    case 8:
      tokens[index] = { text: random.pick(LANGUAGE_PIECES), kind: 'punctuation' };
      return 'replace';
    default: {
      const strings = tokens.map((token, at) => (token.kind === 'string' ? at : -1)).filter((at) => at >= 0);
      const at = strings.length > 0 ? random.pick(strings) : index;
      tokens[at] = {
        text: `"${random.pick(['\\u{110000}', '\\uD800', '\\q', '\\', '../../etc/passwd', '/dev/zero', random.pick(NASTY_CHARS)])}"`,
        kind: 'string',
      };
      return 'string';
    }
  }
}

/** Whole-text changes: line endings, BOM, NUL, truncation. */
function mutateText(random: Random, text: string): { text: string; what: string } {
  switch (random.int(0, 5)) {
    case 0:
      return { text: text.replace(/\n/g, '\r\n'), what: 'crlf' };
    case 1:
      return { text: text.replace(/\n/g, '\r'), what: 'cr' };
    case 2:
      return { text: `\uFEFF${text}`, what: 'bom' };
    case 3: {
      const at = random.int(0, text.length);
      return { text: `${text.slice(0, at)}\0${text.slice(at)}`, what: 'nul' };
    }
    case 4:
      return { text: text.slice(0, random.int(0, text.length)), what: 'truncate' };
    default: {
      const at = random.int(0, text.length);
      return { text: text.slice(0, at) + random.pick(NASTY_CHARS) + text.slice(at), what: 'control' };
    }
  }
}

/** A seed spec with 1-4 token mutations and sometimes a whole-text one. */
export function mutatedSpec(random: Random, seeds: readonly string[], limits: FrontLimits): string {
  const tokens = pieces(random.pick(seeds));
  const count = 1 + random.size(4);
  for (let step = 0; step < count; step++) mutateTokens(random, tokens, seeds, limits);
  let text = tokens.map((token) => token.text).join('');
  if (random.chance(0.3)) text = mutateText(random, text).text;
  return text;
}

/** Extreme `format` options: negative, huge, fractional and non-finite indents and widths. */
function formatOptions(random: Random): FrontInput['formatOptions'] {
  const values = [-1, 0, 1, 2, 3.5, 8, 16, 1e9, 2 ** 31, Infinity, -Infinity, Number.NaN];
  return { indent: random.pick(values), maxWidth: random.pick([...values, 100, 40]) };
}

/** One front-end input: 15% random strings, 10% byte soups, 75% mutated specs; 10% get extreme format options. */
export function frontInput(random: Random, seeds: readonly string[], limits: FrontLimits = DEFAULT_FRONT_LIMITS): FrontInput {
  const roll = random.next();
  const input: FrontInput =
    roll < 0.15
      ? { kind: 'random-string', text: randomString(random, limits) }
      : roll < 0.25
        ? { kind: 'byte-soup', text: byteSoup(random, limits) }
        : { kind: 'mutated-spec', text: mutatedSpec(random, seeds, limits) };
  if (random.chance(0.1)) input.formatOptions = formatOptions(random);
  return input;
}
