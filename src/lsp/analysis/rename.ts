/**
 * Whether a model, data, param or study name may be renamed to a new name, and why not: the new
 * name must be a name the parser reads as one (not a keyword), and must not be taken by another
 * declaration of the same kind; a param must not take a name already written as a value (it
 * would turn that value into a use of the param). The server turns a refusal into an LSP error
 * the editor shows.
 */
import { KEYWORDS } from '../../syntax/index.js';
import type { Identifier } from '../../syntax/ast.js';
import type { NameSymbol } from './document.js';

/** The pattern of a declared name (the lexer's identifier). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why `newName` cannot replace `symbol`'s name, or undefined when it can. `valueNames` finds a
 * name written as a value in a `data`, `model` or `train` declaration (checked for params only).
 */
export function renameProblem(symbol: NameSymbol, newName: string, symbols: readonly NameSymbol[], valueNames: (name: string) => Identifier | undefined = () => undefined): string | undefined {
  const what = `a ${symbol.kind} name`;
  if (!NAME.test(newName)) {
    return `\`${newName}\` is not a valid ${symbol.kind} name: a name starts with a letter or \`_\` and holds only letters, digits and \`_\` (like \`${symbol.name}_2\`)`;
  }
  if ((KEYWORDS as readonly string[]).includes(newName)) return `\`${newName}\` is a keyword and cannot be ${what}; keywords are ${KEYWORDS.map((word) => `\`${word}\``).join(', ')}`;
  if (newName !== symbol.name && symbols.some((other) => other.kind === symbol.kind && other.name === newName && other.declaration)) {
    return `a ${symbol.kind} named \`${newName}\` is already declared`;
  }
  const written = symbol.kind === 'param' && newName !== symbol.name ? valueNames(newName) : undefined;
  if (written) return `\`${newName}\` is already written as a value on line ${written.range.start.line}: renaming the param to it would make that value a use of the param`;
  return undefined;
}

/** What the editor says when asked to rename something that is not a model, data, param or study name. */
export const NOT_RENAMEABLE = 'only model, data, param and study names can be renamed: put the cursor on a name after `model`, `data`, `param`, `study`, `train`, `on` or `test:`, or on a use of a param';
