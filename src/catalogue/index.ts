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
  OptionsView,
  ParamType,
  ParamView,
  ShapeError,
  ShapeProblem,
  ShapeResult,
  SourceView,
  TfjsMapping,
} from './types.js';
export { closeMatches, defaultCatalogueView, suggest } from './catalogue.js';
export { LAYERS, ACTIVATIONS, lookupLayer } from './layers.js';
export { describeBounds, describeKind, describeParam, paramSchema } from './params.js';
