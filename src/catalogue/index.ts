/**
 * The one catalogue of nnspec: layers, optimizers, losses, metrics, schedules, initializers,
 * regularizers, data sources and block options, as data. Front end only: no Node built-ins,
 * no TF.js.
 */
export type * from './types.js';
export { defaultCatalogueView } from './catalogue.js';
export { LAYERS, ACTIVATIONS } from './layers.js';
