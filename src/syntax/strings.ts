/** String literal escapes: `\"`, `\\`, `\n`, `\t`, `\r`, `\u{1F600}`, `\u00e9`. */

/** An escape the language does not know, at `offset` inside the literal's body. */
export interface EscapeProblem {
  offset: number;
  length: number;
  text: string;
}

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', '/': '/', '0': '\0' };

/** Resolves the escapes of a string literal's body (without quotes); unknown escapes are kept as written and reported. */
export function decodeString(body: string): { value: string; problems: EscapeProblem[] } {
  let value = '';
  const problems: EscapeProblem[] = [];
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = body[index + 1];
    if (next !== undefined && next in SIMPLE) {
      value += SIMPLE[next];
      index += 1;
      continue;
    }
    if (next === 'u') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(index + 2));
      const plain = /^[0-9a-fA-F]{4}/.exec(body.slice(index + 2));
      const hex = braced ? braced[1]! : plain ? plain[0] : undefined;
      const code = hex === undefined ? NaN : parseInt(hex, 16);
      if (hex !== undefined && code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        index += 1 + (braced ? braced[0].length : 4);
        continue;
      }
    }
    const length = next === undefined ? 1 : 2;
    problems.push({ offset: index, length, text: body.slice(index, index + length) });
    value += body.slice(index, index + length);
    index += length - 1;
  }
  return { value, problems };
}
