/**
 * Which catalogue entry a value names, from where it stands: the kind of entry a `key:` takes
 * (`optimizer:` an optimizer, `kernel_initializer:` an initializer, `rule:` a stopping rule) and
 * the entry of that kind by name. The checker (what a param is used as) and the editor
 * (completion, hover, signature help) ask the same questions.
 */
import type { CatalogueView, EntryView, ParamView } from './types.js';

/** The kinds of catalogue entry a value can name. */
export type EntryCategory =
  | 'optimizer'
  | 'loss'
  | 'schedule'
  | 'source'
  | 'initializer'
  | 'regularizer'
  | 'metric'
  | 'activation'
  | 'early_stopping'
  | 'study_domain'
  | 'prune_rule'
  | 'stopping_rule';

/** The singular word for a category, for hover titles. */
export const CATEGORY_WORD: Record<EntryCategory | 'layer', string> = {
  layer: 'layer',
  optimizer: 'optimizer',
  loss: 'loss',
  schedule: 'learning-rate schedule',
  source: 'data source',
  initializer: 'initializer',
  regularizer: 'regularizer',
  metric: 'metric',
  activation: 'activation',
  early_stopping: 'early stopping',
  stopping_rule: 'early-stopping rule',
  study_domain: 'study domain',
  prune_rule: 'pruning rule',
};

const CATEGORY_OF_KEY: Readonly<Record<string, EntryCategory>> = {
  optimizer: 'optimizer',
  loss: 'loss',
  schedule: 'schedule',
  source: 'source',
  metrics: 'metric',
  early_stopping: 'early_stopping',
  // `rule:` only exists inside `early_stopping`.
  rule: 'stopping_rule',
  prune: 'prune_rule',
};

/**
 * The kind of entry the value of `key` names. `param` is the parameter the key names in its
 * frame, when known: its type decides for layer parameters (`kernel_initializer`, `activation`).
 */
export function categoryOfKey(key: string | undefined, param?: ParamView): EntryCategory | undefined {
  if (param?.type.kind === 'initializer') return 'initializer';
  if (param?.type.kind === 'regularizer') return 'regularizer';
  if (param?.type.kind === 'enum' && param.type.group === 'activation') return 'activation';
  if (key === undefined) return undefined;
  if (Object.hasOwn(CATEGORY_OF_KEY, key)) return CATEGORY_OF_KEY[key];
  if (key.endsWith('_initializer')) return 'initializer';
  if (key.endsWith('_regularizer')) return 'regularizer';
  if (key === 'activation' || key.endsWith('_activation')) return 'activation';
  return undefined;
}

/** `early_stopping`'s options as an entry, so its call form (`early_stopping(patience: 5)`) reads like any call. */
function earlyStoppingEntry(catalogue: CatalogueView): EntryView {
  const doc = catalogue.trainOptions.find((option) => option.name === 'early_stopping')?.doc ?? '';
  return { name: 'early_stopping', params: catalogue.earlyStoppingOptions, doc };
}

/** How to read one category from the catalogue: its entries by name (aliases accepted) and its canonical names. */
function categoryAccess(catalogue: CatalogueView, category: EntryCategory): { lookup: (name: string) => EntryView | undefined; names: readonly string[] } {
  switch (category) {
    case 'optimizer':
      return { lookup: (name) => catalogue.optimizer(name), names: catalogue.optimizerNames };
    case 'loss':
      return { lookup: (name) => catalogue.loss(name), names: catalogue.lossNames };
    case 'schedule':
      return { lookup: (name) => catalogue.schedule(name), names: catalogue.scheduleNames };
    case 'source':
      return { lookup: (name) => catalogue.source(name), names: catalogue.sourceNames };
    case 'initializer':
      return { lookup: (name) => catalogue.initializer(name), names: catalogue.initializerNames };
    case 'regularizer':
      return { lookup: (name) => catalogue.regularizer(name), names: catalogue.regularizerNames };
    case 'metric':
      return { lookup: (name) => catalogue.metric(name), names: catalogue.metricNames };
    case 'activation':
      return { lookup: (name) => catalogue.activation(name), names: catalogue.activationNames };
    case 'early_stopping':
      return { lookup: (name) => (name === 'early_stopping' ? earlyStoppingEntry(catalogue) : undefined), names: ['early_stopping'] };
    case 'stopping_rule':
      return { lookup: (name) => catalogue.stoppingRule(name), names: catalogue.stoppingRuleNames };
    case 'study_domain':
      return { lookup: (name) => catalogue.studyDomain(name), names: catalogue.studyDomainNames };
    case 'prune_rule':
      return { lookup: (name) => catalogue.pruneRule(name), names: catalogue.pruneRuleNames };
  }
}

/** The entry of `category` called `name` (aliases accepted), if the catalogue has it. */
export function lookupEntry(catalogue: CatalogueView, category: EntryCategory, name: string): EntryView | undefined {
  return categoryAccess(catalogue, category).lookup(name);
}

/** The canonical names of a category's entries. */
export function categoryNames(catalogue: CatalogueView, category: EntryCategory): readonly string[] {
  return categoryAccess(catalogue, category).names;
}

/** The parameters an entry takes by position, in order (the checker binds positional arguments this way). */
export function positionalParams(entry: EntryView): ParamView[] {
  return entry.params.filter((param) => param.position !== undefined).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}
