/**
 * A small test-only parser for `.nn` text, producing the AST of src/syntax/ast.ts, so the
 * checker's tests can run on source text while they do not depend on the real parser.
 * It accepts only well-formed specs (it throws on anything else: a bug in a test).
 */
import { SourceText } from '../../src/diagnostics/source-text.js';
import type { Argument, Declaration, Identifier, ModelItem, NameValue, NumberValue, Property, SpecFile, Value } from '../../src/syntax/ast.js';

interface Token {
  kind: 'ident' | 'number' | 'string' | 'punct' | 'eof';
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (text.startsWith('//', index)) {
      while (index < text.length && text[index] !== '\n') index += 1;
      continue;
    }
    if (text.startsWith('/*', index)) {
      index = text.indexOf('*/', index) + 2;
      continue;
    }
    const number = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(index));
    if (number && (char !== '-' || /[\d.]/.test(text[index + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], start: index, end: index + number[0].length });
      index += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], start: index, end: index + ident[0].length });
      index += ident[0].length;
      continue;
    }
    if (char === '"') {
      const end = text.indexOf('"', index + 1) + 1;
      tokens.push({ kind: 'string', text: text.slice(index, end), start: index, end });
      index = end;
      continue;
    }
    tokens.push({ kind: 'punct', text: char, start: index, end: index + 1 });
    index += 1;
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

/** Parses a well-formed spec. */
export function miniParse(text: string): SpecFile {
  const source = new SourceText(text);
  const tokens = tokenize(text);
  let at = 0;
  const peek = (offset = 0): Token => tokens[at + offset];
  const next = (): Token => tokens[at++];
  const expect = (value: string): Token => {
    const token = next();
    if (token.text !== value) throw new Error(`expected ${value} at ${token.start}, got ${token.text}`);
    return token;
  };
  const range = (start: number, end: number) => source.rangeOf(start, end);
  const identifier = (): Identifier => {
    const token = next();
    if (token.kind !== 'ident') throw new Error(`expected a name at ${token.start}`);
    return { kind: 'identifier', name: token.text, range: range(token.start, token.end) };
  };
  const skipComma = (): void => {
    if (peek().text === ',') next();
  };

  function args(): { args: Argument[]; start: number; end: number } {
    const open = expect('(');
    const list: Argument[] = [];
    while (peek().text !== ')') {
      if (peek().kind === 'ident' && peek(1).text === ':') {
        const name = identifier();
        next();
        const value = parseValue();
        list.push({ kind: 'argument', name, value, range: range(name.range.start.offset, value.range.end.offset) });
      } else {
        const value = parseValue();
        list.push({ kind: 'argument', value, range: value.range });
      }
      skipComma();
    }
    const close = expect(')');
    return { args: list, start: open.start, end: close.end };
  }

  function properties(): Property[] {
    const list: Property[] = [];
    while (peek().text !== '}') {
      const key = identifier();
      expect(':');
      const value = parseValue();
      list.push({ kind: 'property', key, value, range: range(key.range.start.offset, value.range.end.offset) });
      skipComma();
    }
    return list;
  }

  function parseValue(): Value {
    const token = peek();
    if (token.kind === 'number') {
      next();
      return { kind: 'number', value: Number(token.text), raw: token.text, range: range(token.start, token.end) } satisfies NumberValue;
    }
    if (token.kind === 'string') {
      next();
      return { kind: 'string', value: token.text.slice(1, -1), raw: token.text, range: range(token.start, token.end) };
    }
    if (token.text === '[') {
      next();
      const items: Value[] = [];
      while (peek().text !== ']') {
        items.push(parseValue());
        skipComma();
      }
      const close = expect(']');
      return { kind: 'list', items, range: range(token.start, close.end) };
    }
    if (token.text === '{') {
      next();
      const entries = properties();
      const close = expect('}');
      return { kind: 'object', entries, range: range(token.start, close.end) };
    }
    if (token.text === 'true' || token.text === 'false') {
      next();
      return { kind: 'boolean', value: token.text === 'true', range: range(token.start, token.end) };
    }
    const path = [identifier()];
    while (peek().text === '.') {
      next();
      path.push(identifier());
    }
    const name: NameValue = {
      kind: 'name',
      path,
      name: path.map((part) => part.name).join('.'),
      range: range(path[0].range.start.offset, path[path.length - 1].range.end.offset),
    };
    if (peek().text !== '(') return name;
    const call = args();
    return { kind: 'call', callee: name, args: call.args, argsRange: range(call.start, call.end), range: range(name.range.start.offset, call.end) };
  }

  function items(): ModelItem[] {
    const list: ModelItem[] = [];
    while (peek().text !== '}') {
      if (peek().text === 'repeat') {
        const keyword = next();
        const countToken = next();
        const count: NumberValue = { kind: 'number', value: Number(countToken.text), raw: countToken.text, range: range(countToken.start, countToken.end) };
        expect('{');
        const body = items();
        const close = expect('}');
        list.push({ kind: 'repeat', count, body, keywordRange: range(keyword.start, keyword.end), range: range(keyword.start, close.end) });
        continue;
      }
      const name = identifier();
      const call = args();
      list.push({ kind: 'layer', name, args: call.args, argsRange: range(call.start, call.end), range: range(name.range.start.offset, call.end) });
    }
    return list;
  }

  const declarations: Declaration[] = [];
  while (peek().kind !== 'eof') {
    const keyword = next();
    const keywordRange = range(keyword.start, keyword.end);
    if (keyword.text === 'model') {
      const name = identifier();
      expect('{');
      const body = items();
      const close = expect('}');
      declarations.push({ kind: 'model', name, items: body, keywordRange, range: range(keyword.start, close.end) });
    } else if (keyword.text === 'data') {
      const name = identifier();
      expect('{');
      const props = properties();
      const close = expect('}');
      declarations.push({ kind: 'data', name, properties: props, keywordRange, range: range(keyword.start, close.end) });
    } else if (keyword.text === 'train') {
      const model = identifier();
      expect('on');
      const data = identifier();
      expect('{');
      const props = properties();
      const close = expect('}');
      declarations.push({ kind: 'train', model, data, properties: props, keywordRange, range: range(keyword.start, close.end) });
    } else throw new Error(`unexpected ${keyword.text} at ${keyword.start}`);
  }
  return { kind: 'spec', declarations, comments: [], range: range(0, text.length) };
}
