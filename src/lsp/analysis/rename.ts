/**
 * Whether a model or data name may be renamed to a new name, and why not: the new name must
 * be a name the parser reads as one (not a keyword), and must not be taken by another
 * declaration of the same kind. The server turns a refusal into an LSP error the editor shows.
 */
import { KEYWORDS } from '../../syntax/index.js';
import type { NameSymbol } from './document.js';

/** The pattern of a declared name (the lexer's identifier). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `newName` cannot replace `symbol`'s name, or undefined when it can. */
export function renameProblem(symbol: NameSymbol, newName: string, symbols: readonly NameSymbol[]): string | undefined {
  const what = `a ${symbol.kind} name`;
  if (!NAME.test(newName)) {
    return `\`${newName}\` is not a valid ${symbol.kind} name: a name starts with a letter or \`_\` and holds only letters, digits and \`_\` (like \`${symbol.name}_2\`)`;
  }
  if ((KEYWORDS as readonly string[]).includes(newName)) return `\`${newName}\` is a keyword and cannot be ${what}; keywords are ${KEYWORDS.map((word) => `\`${word}\``).join(', ')}`;
  if (newName !== symbol.name && symbols.some((other) => other.kind === symbol.kind && other.name === newName && other.declaration)) {
    return `a ${symbol.kind} named \`${newName}\` is already declared`;
  }
  return undefined;
}

/** What the editor says when asked to rename something that is not a model or data name. */
export const NOT_RENAMEABLE = 'only model and data names can be renamed: put the cursor on a name after `model`, `data`, `train`, `on` or `test:`';
