/**
 * Checks `rule:` of `early_stopping`: the rule's name (NN4404, with a did-you-mean) and
 * parameters (their types and ranges come from the catalogue), and how the rule fits the rest of
 * the block: `gl` and `pq` need a minimised monitor (NN4405), `patience` and `baseline` only
 * matter to the `patience` rule (NN4406), a rule that cannot stop within the run (NN4407), and
 * Prechelt's rules on a training monitor (NN4408).
 */
import type { Value } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { CheckContext } from './context.js';
import { listNames } from './context.js';
import { resolveEntryCall } from './values.js';
import { monitorDirection } from '../catalogue/catalogue.js';
import type { CheckedCall } from './program.js';

/** The rest of the `early_stopping` block, as far as the rule depends on it. */
export interface RuleSurroundings {
  monitor: string;
  mode: 'min' | 'max';
  /** Whether `mode` was written (else it is the monitor's own direction). */
  modeWritten: boolean;
  patience: number;
  startFromEpoch: number;
  /** The run's epochs, when known. */
  epochs?: number;
  /** Where `monitor` was written (its value), else the whole `early_stopping` value. */
  monitorRange: Range;
  /** Where each option was written (its key), by name. */
  optionRanges: ReadonlyMap<string, Range>;
}

/** The catalogue's default rule (`patience`), as `early_stopping` takes it when `rule` is left out. */
export function defaultStoppingRule(catalogue: CatalogueView): CheckedCall {
  const value = catalogue.earlyStoppingOptions.find((option) => option.name === 'rule')?.default;
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.type === 'string') {
    const params = value.params;
    return { type: value.type, params: params && typeof params === 'object' && !Array.isArray(params) ? params : {} };
  }
  throw new Error('nnspec catalogue: `early_stopping` has no default `rule`');
}

/** Resolves a written `rule:` value to `{ type, params }` (defaults filled in), or reports why not. */
export function resolveStoppingRule(ctx: CheckContext, catalogue: CatalogueView, value: Value): CheckedCall | undefined {
  return resolveEntryCall(ctx, catalogue, value, {
    what: 'stopping rule',
    names: catalogue.stoppingRuleNames,
    lookup: (name) => catalogue.stoppingRule(name),
    code: TRAINING_CODE.unknownStoppingRule,
    paramName: 'rule',
    help: `the rules are ${listNames(catalogue.stoppingRuleNames, 'and')} (see docs/training.md)`,
  });
}

/** Checks how a resolved rule fits its `early_stopping` block; `ruleRange` is where `rule:` was written, if it was. */
export function checkRuleFit(ctx: CheckContext, catalogue: CatalogueView, rule: CheckedCall, around: RuleSurroundings, ruleRange: Range | undefined): void {
  const view = catalogue.stoppingRule(rule.type);
  if (!view) return;
  const at = ruleRange ?? around.monitorRange;
  if (view.minimisedMonitorOnly && around.mode === 'max') {
    const why = around.modeWritten ? 'is maximised (`mode: max`)' : 'is better higher, so it is maximised';
    ctx.report({
      code: TRAINING_CODE.stoppingRuleNeedsMinimisedMonitor,
      message: `\`${rule.type}\` needs a monitor that is minimised, like a loss, but \`${around.monitor}\` ${why}`,
      range: at,
      label: `\`${rule.type}\` measures the rise above the lowest value so far`,
      labels: ruleRange ? [{ range: around.monitorRange, message: 'maximised' }] : [],
      help: `${around.modeWritten && monitorDirection(around.monitor, catalogue) === 'min' ? 'remove `mode: max`' : 'monitor a loss (`monitor: val_loss`)'}, or use \`up(strips, strip)\`, which works in either direction, or \`patience\``,
    });
  }
  for (const option of ['patience', 'baseline']) {
    const range = around.optionRanges.get(option);
    if (!range || view.readsOptions.includes(option)) continue;
    ctx.report({
      code: TRAINING_CODE.optionIgnoredByRule,
      message: `\`${option}\` has no effect with \`rule: ${rule.type}\``,
      range,
      label: `ignored by \`${rule.type}\``,
      help: `\`${option}\` belongs to the \`patience\` rule; remove it, or set \`${rule.type}\`'s own parameters${
        view.params.length > 0
          ? ` (${listNames(
              view.params.map((param) => param.name),
              'and',
            )})`
          : ''
      }`,
    });
  }
  if (view.validationMonitor && !around.monitor.startsWith('val_')) {
    ctx.report({
      code: TRAINING_CODE.stoppingRuleOnTrainingMonitor,
      message: `\`${rule.type}\` judges generalization, but \`${around.monitor}\` is measured on the training split`,
      range: around.monitorRange,
      label: 'a training value',
      help: `monitor the validation value (\`val_${around.monitor}\`)`,
    });
  }
  // Only the new rules: `patience` longer than the run was always accepted, and stays so.
  if (around.epochs !== undefined && rule.type !== 'patience') {
    const first = around.startFromEpoch + view.firstStop(rule.params, around.patience);
    // Stopping at the last epoch is no stop either: training runs every epoch.
    if (first >= around.epochs) {
      const warmUp = around.startFromEpoch > 0 ? ` (after ${around.startFromEpoch} epochs of \`start_from_epoch\`)` : '';
      ctx.report({
        code: TRAINING_CODE.ruleCannotStop,
        message: `\`${rule.type}\` cannot stop before epoch ${first}${warmUp}, so training always runs all ${around.epochs} epoch${around.epochs === 1 ? '' : 's'}`,
        range: at,
        label: `first possible stop: epoch ${first}`,
        help: `raise \`epochs\` above ${first}${rule.type === 'gl' ? '' : ", or shorten the rule's strips"}`,
      });
    }
  }
}
