/**
 * Whether a model, data, param or study name may be renamed to a new name, and why not: the new
 * name must be a name the parser reads as one (not a keyword), and must not be taken by another
 * declaration of the same kind; a param must not take a name already written as a value (it
 * would turn that value into a use of the param). The server turns a refusal into an LSP error
 * the editor shows.
 */
import { KEYWORDS } from '../../syntax/index.js';
import type { Identifier } from '../../syntax/ast.js';
import type { CatalogueView } from '../../catalogue/types.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import { asGraphSymbol, type NameSymbol } from './document.js';
import { namesAround, type GraphIndex, type GraphSymbol } from './graph-names.js';

/** The pattern of a declared name (the lexer's identifier). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why `newName` cannot replace `symbol`'s name, or undefined when it can. `valueNames` finds a
 * name written as a value in a `data`, `model` or `train` declaration (checked for params only).
 */
export function renameProblem(
  symbol: NameSymbol,
  newName: string,
  symbols: readonly NameSymbol[],
  valueNames: (name: string) => Identifier | undefined = () => undefined,
  graph: GraphIndex = { symbols: [], scopes: [] },
  catalogue: CatalogueView = defaultCatalogueView(),
): string | undefined {
  const kind = KIND_WORD[symbol.kind];
  const what = `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  if (!NAME.test(newName)) {
    return `\`${newName}\` is not a valid ${kind}: a name starts with a letter or \`_\` and holds only letters, digits and \`_\` (like \`${symbol.name}_2\`)`;
  }
  if ((KEYWORDS as readonly string[]).includes(newName))
    return `\`${newName}\` is a keyword and cannot be ${what}; keywords are ${KEYWORDS.map((word) => `\`${word}\``).join(', ')}`;
  const graphSymbol = asGraphSymbol(symbol);
  if (graphSymbol) return newName === symbol.name ? undefined : graphRenameProblem(graphSymbol, newName, graph, catalogue);
  if (newName !== symbol.name && symbols.some((other) => other.kind === symbol.kind && other.name === newName && other.declaration)) {
    return `a ${symbol.kind} named \`${newName}\` is already declared`;
  }
  const written = symbol.kind === 'param' && newName !== symbol.name ? valueNames(newName) : undefined;
  if (written)
    return `\`${newName}\` is already written as a value on line ${written.range.start.line}: renaming the param to it would make that value a use of the param`;
  return undefined;
}

/** Each kind of name, in words. */
const KIND_WORD: Record<NameSymbol['kind'], string> = {
  model: 'model name',
  data: 'data name',
  param: 'param name',
  study: 'study name',
  output: 'output name',
  block: 'block name',
  'block-param': 'block param name',
};

/**
 * Why a graph name cannot become `newName`: a block must not take a catalogue layer's name (its
 * uses would call the layer) or another block's; an output name or block param must not take a
 * name visible where it is defined, or defined in a scope nested there (a use would then read
 * the other one).
 */
function graphRenameProblem(symbol: GraphSymbol, newName: string, graph: GraphIndex, catalogue: CatalogueView): string | undefined {
  if (symbol.kind === 'block') {
    if (catalogue.layer(newName))
      return `\`${newName}\` is a catalogue layer: a block named so would be called in its place; pick a name no layer has (like \`${newName}_block\`)`;
    const other = graph.symbols.find((candidate) => candidate.kind === 'block' && candidate.name === newName);
    return other ? `a block named \`${newName}\` is already declared${other.declaration ? ` on line ${other.declaration.range.start.line}` : ''}` : undefined;
  }
  if (!symbol.scope || !namesAround(graph, symbol.scope).has(newName)) return undefined;
  const where = symbol.scope.block ? `the body of block \`${symbol.scope.block.name?.name ?? '?'}\`` : 'this model';
  return `\`${newName}\` is already a name in ${where}: renaming \`${symbol.name}\` to it would make its uses read the other one`;
}

/** What the editor says when asked to rename something that is not a name. */
export const NOT_RENAMEABLE =
  'only declared names can be renamed: put the cursor on a name after `model`, `data`, `param`, `study`, `block`, `train`, `on` or `test:`, on a use of a param, on an output name (`h = ...`, `add(h)`, `from h`), a block use or a block param';
