/**
 * The one catalogue of nnspec: layers, optimizers, losses, metrics, schedules, initializers,
 * regularizers, data sources and block options, as data. Front end only: no Node built-ins,
 * no TF.js.
 */
export type * from './types.js';
export { defaultCatalogueView, suggest } from './catalogue.js';
export { LAYERS, ACTIVATIONS, lookupLayer } from './layers.js';
export { describeBounds, describeKind, describeParam, paramSchema } from './params.js';
