/**
 * The one catalogue of nnspec: layers, optimizers, losses, metrics, schedules, initializers,
 * regularizers, data sources and block options, as data. Front end only: no Node built-ins,
 * no TF.js.
 */
// `Shape` and `Task` stay internal names here: the checker exports the same types under them.
export type {
  CatalogueView,
  EntryView,
  LayerView,
  LossView,
  MetricView,
  OptionsView,
  ParamType,
  ParamView,
  ShapeError,
  ShapeProblem,
  ShapeResult,
  SourceView,
  StoppingRuleView,
  TfjsMapping,
  TrainingOnlyEffect,
  TrainingOnlyRule,
} from './types.js';
export { closeMatches, defaultCatalogueView, MAX_SUGGESTED_NAME_LENGTH, MAX_SUGGESTION_CELLS, metricFitsLoss, monitorDirection, suggest } from './catalogue.js';
export { LAYERS, ACTIVATIONS, lookupLayer, trainingOnlyEffects } from './layers.js';
export { MAX_STUDY_SETTINGS, MAX_STUDY_SEEDS } from './study.js';
export { describeBounds, describeKind, describeParam } from './params.js';
export { describeParamRange, isInParamRange, type ParamRange } from './param-range.js';
