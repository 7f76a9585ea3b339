/**
 * Hover on a param (its default, its values in each study that varies it, and each use with the
 * catalogue parameter it feeds) and on a study's name (what it varies, its size, what it trains).
 * Read from the syntax tree, so it answers while the checker still reports errors.
 */
import type { CatalogueView } from '../../catalogue/types.js';
import { describeParam } from '../../catalogue/params.js';
import type { StudyDeclaration } from '../../syntax/ast.js';
import type { DocumentAnalysis, NameSymbol } from './document.js';
import { paramUses, sourceOf, studyKeys, studyOption, studySize, variationText } from './params.js';

/** Markdown for a param: `**param rate** = \`0.5\``, then its studies and its uses, one per line. */
export function paramHover(analysis: DocumentAnalysis, symbol: NameSymbol, catalogue: CatalogueView): string {
  if (!symbol.declaration) return `param \`${symbol.name}\` (not declared: declare it with \`param ${symbol.name} = VALUE\`)`;
  const lines = [
    `**param ${symbol.name}** = \`${symbol.defaultText ?? '?'}\``,
    '',
    `- default: \`${symbol.defaultText ?? '?'}\`, what a plain \`nnspec train\` uses`,
  ];
  for (const key of studyKeys(analysis.spec).filter((candidate) => candidate.key.name === symbol.name)) {
    lines.push(`- study ${key.study.name?.name ?? '?'}: ${variationText(analysis.text, key)}`);
  }
  const uses = paramUses(analysis.spec, catalogue).filter((use) => use.identifier.name === symbol.name);
  for (const use of uses) {
    const where = `line ${use.identifier.range.start.line}`;
    lines.push(use.feeds ? `- used as ${use.feeds.owner}'s ${use.feeds.param.name} (takes ${describeParam(use.feeds.param)}), ${where}` : `- used on ${where}`);
  }
  if (uses.length === 0) lines.push('- not used in any `data`, `model` or `train` declaration');
  return lines.join('\n');
}

/** Markdown for a study: the params it varies and how, its size, the model it trains and its pruning rule. */
export function studyHover(analysis: DocumentAnalysis, symbol: NameSymbol, catalogue: CatalogueView): string {
  const study = analysis.spec.declarations.find(
    (declaration): declaration is StudyDeclaration => declaration.kind === 'study' && declaration.name === symbol.declaration,
  );
  if (!study) return `study \`${symbol.name}\``;
  const lines = [`**study ${symbol.name}**`, ''];
  for (const key of studyKeys(analysis.spec).filter((candidate) => candidate.study === study))
    lines.push(`- ${key.key.name}: ${variationText(analysis.text, key)}`);
  const size = studySize(study, catalogue);
  if (size) lines.push(`- ${size}`);
  const train = studyOption(study, 'train');
  lines.push(train ? `- trains \`${sourceOf(analysis.text, train)}\`` : "- trains the file's only `train` declaration");
  const prune = studyOption(study, 'prune');
  if (prune) lines.push(`- prune: \`${sourceOf(analysis.text, prune)}\``);
  return lines.join('\n');
}
