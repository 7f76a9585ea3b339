/**
 * The semantic check of an IR document's early-stopping rule, which the schema alone cannot do:
 * the rule is one the catalogue has, it carries each of its parameters (and no other) in range,
 * and `gl`/`pq` watch a minimised monitor. `validateIr` runs it on documents read from outside;
 * the runner runs it on any document it is handed, so a bad rule is a diagnostic, never a crash.
 */
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import { describeParam, paramSchema } from '../catalogue/params.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { IrEarlyStopping } from './schema.js';

/** One problem: the path inside the document (`training.earlyStopping.rule.params.alpha`) and what is wrong. */
export interface RuleProblem {
  path: string;
  message: string;
}

const PATH = 'training.earlyStopping.rule';

/** What is wrong with an early-stopping block's rule; empty when nothing is. */
export function stoppingRuleProblems(earlyStopping: IrEarlyStopping, catalogue: CatalogueView = defaultCatalogueView()): RuleProblem[] {
  const { rule } = earlyStopping;
  const view = catalogue.stoppingRule(rule.type);
  if (!view || view.name !== rule.type) {
    return [{ path: `${PATH}.type`, message: `unknown stopping rule \`${rule.type}\` (the rules are ${catalogue.stoppingRuleNames.map((name) => `\`${name}\``).join(', ')})` }];
  }
  const problems: RuleProblem[] = [];
  for (const param of view.params) {
    const value = rule.params[param.name];
    if (value === undefined) {
      problems.push({ path: `${PATH}.params.${param.name}`, message: `\`${rule.type}\` needs \`${param.name}\` (lowering writes every parameter)` });
      continue;
    }
    const parsed = paramSchema(param).safeParse(value);
    if (!parsed.success) problems.push({ path: `${PATH}.params.${param.name}`, message: `must be ${describeParam(param)}, got ${JSON.stringify(value)}` });
  }
  for (const name of Object.keys(rule.params)) {
    if (!view.params.some((param) => param.name === name)) problems.push({ path: `${PATH}.params.${name}`, message: `\`${rule.type}\` has no parameter \`${name}\`` });
  }
  if (view.minimisedMonitorOnly && earlyStopping.mode !== 'min') {
    problems.push({ path: `${PATH}.type`, message: `\`${rule.type}\` needs a minimised monitor (\`mode: min\`), got \`mode: ${earlyStopping.mode}\`` });
  }
  return problems;
}
