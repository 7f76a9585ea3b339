/**
 * Completion items for a cursor context, each with its one-line doc from the catalogue.
 * Pure: the server converts them to LSP items.
 */
import type { CatalogueView, EntryView, ParamView } from '../../catalogue/types.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import type { CursorContext, Frame } from './context.js';
import type { NameSymbol } from './document.js';

/** One completion suggestion. */
export interface CompletionEntry {
  label: string;
  kind: 'keyword' | 'layer' | 'parameter' | 'value' | 'reference' | 'function';
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label (`dense($1)`, `units: `). */
  insertText?: string;
  snippet?: boolean;
}

const DECLARATION_SNIPPETS: CompletionEntry[] = [
  { label: 'data', kind: 'keyword', detail: 'data NAME { source: ..., split: ... }', documentation: 'declares a data set', insertText: 'data ${1:name} {\n  source: ${2:builtin.digits}\n  split: { train: 0.8, validation: 0.2 }\n}', snippet: true },
  { label: 'model', kind: 'keyword', detail: 'model NAME { layers }', documentation: 'declares a network as a chain of layers', insertText: 'model ${1:name} {\n  $0\n}', snippet: true },
  { label: 'train', kind: 'keyword', detail: 'train MODEL on DATA { ... }', documentation: 'says how to train a model on a data set', insertText: 'train ${1:model} on ${2:data} {\n  loss: ${3:categorical_crossentropy}\n  optimizer: adam()\n  epochs: ${4:50}\n}', snippet: true },
];

function entryItems(names: readonly string[], lookup: (name: string) => EntryView | undefined, kind: CompletionEntry['kind']): CompletionEntry[] {
  return names.map((name) => {
    const entry = lookup(name);
    return { label: name, kind, detail: entry ? signature(entry) : undefined, documentation: entry?.doc };
  });
}

/** `dense(units, activation: linear, ...)`. */
export function signature(entry: EntryView): string {
  const parts = entry.params.map((param) => (param.required ? param.name : `${param.name}: ${formatDefault(param)}`));
  return `${entry.name}(${parts.join(', ')})`;
}

function formatDefault(param: ParamView): string {
  const value = param.default;
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'object') return Array.isArray(value) ? JSON.stringify(value) : String((value as { type?: unknown }).type ?? '...');
  return String(value);
}

function paramItems(params: readonly ParamView[], given: readonly string[]): CompletionEntry[] {
  return params
    .filter((param) => !given.includes(param.name))
    .map((param) => ({ label: param.name, kind: 'parameter', detail: `${param.name}${param.required ? '' : ` (default ${formatDefault(param)})`}`, documentation: param.doc, insertText: `${param.name}: ` }));
}

function values(labels: readonly string[], documentation?: string): CompletionEntry[] {
  return labels.map((label) => ({ label, kind: 'value', documentation }));
}

/** Parameters of whatever a frame is the inside of. */
function frameParams(catalogue: CatalogueView, frame: Frame): readonly ParamView[] {
  switch (frame.kind) {
    case 'layer-call':
      return catalogue.layer(frame.layer)?.params ?? [];
    case 'block':
      return frame.owner === 'data' ? catalogue.dataOptions : catalogue.trainOptions;
    case 'object':
      if (frame.owner === 'split') return catalogue.splitOptions;
      if (frame.owner === 'early_stopping') return catalogue.earlyStoppingOptions;
      return [];
    case 'value-call': {
      const entry =
        frame.key === 'optimizer'
          ? catalogue.optimizer(frame.callee)
          : frame.key === 'loss'
            ? catalogue.loss(frame.callee)
            : frame.key === 'schedule'
              ? catalogue.schedule(frame.callee)
              : frame.key === 'source'
                ? catalogue.source(frame.callee)
                : (frame.key?.endsWith('_initializer') ? catalogue.initializer(frame.callee) : undefined) ??
                  (frame.key?.endsWith('_regularizer') ? catalogue.regularizer(frame.callee) : undefined);
      return entry?.params ?? [];
    }
    default:
      return [];
  }
}

/** Values for `key:` inside `frame`. */
function valueItems(catalogue: CatalogueView, key: string | undefined, frame: Frame | undefined, symbols: readonly NameSymbol[], metrics: readonly string[]): CompletionEntry[] {
  switch (key) {
    case 'loss':
      return entryItems(catalogue.lossNames, (name) => catalogue.loss(name), 'value');
    case 'optimizer':
      return entryItems(catalogue.optimizerNames, (name) => catalogue.optimizer(name), 'function').map((item) => ({ ...item, insertText: `${item.label}()` }));
    case 'schedule':
      return entryItems(catalogue.scheduleNames, (name) => catalogue.schedule(name), 'function');
    case 'source':
      return entryItems(catalogue.sourceNames, (name) => catalogue.source(name), 'function');
    case 'metrics':
      return values(catalogue.metricNames, 'a metric computed on every split');
    case 'monitor': {
      const watched = ['loss', ...metrics];
      return values([...watched.map((name) => `val_${name}`), ...watched], 'a quantity early stopping or reduce_on_plateau watches');
    }
    case 'test':
      return symbols.filter((symbol) => symbol.kind === 'data').map((symbol) => ({ label: symbol.name, kind: 'reference', documentation: 'use this whole data declaration as the test set' }));
    default:
      break;
  }
  if (key?.endsWith('_initializer')) return entryItems(catalogue.initializerNames, (name) => catalogue.initializer(name), 'function');
  if (key?.endsWith('_regularizer')) return entryItems(catalogue.regularizerNames, (name) => catalogue.regularizer(name), 'function');
  const param = frame && key ? frameParams(catalogue, frame).find((candidate) => candidate.name === key) : undefined;
  if (param?.type.kind === 'enum') return values(param.type.values, param.doc);
  if (param?.type.kind === 'boolean') return values(['true', 'false'], param.doc);
  return [];
}

/** The completion entries for a context in a document with these declared names. */
export function completionsFor(context: CursorContext, symbols: readonly NameSymbol[], metrics: readonly string[] = [], catalogue: CatalogueView = defaultCatalogueView()): CompletionEntry[] {
  switch (context.kind) {
    case 'top-level':
      return DECLARATION_SNIPPETS;
    case 'after-train':
      return symbols.filter((symbol) => symbol.kind === 'model').map((symbol) => ({ label: symbol.name, kind: 'reference', detail: 'model' }));
    case 'after-on':
      return symbols.filter((symbol) => symbol.kind === 'data').map((symbol) => ({ label: symbol.name, kind: 'reference', detail: 'data' }));
    case 'expect-on':
      return [{ label: 'on', kind: 'keyword', documentation: '`train MODEL on DATA`' }];
    case 'model-body':
      return [
        ...catalogue.layerNames.map((name): CompletionEntry => {
          const layer = catalogue.layer(name)!;
          return { label: name, kind: 'layer', detail: signature(layer), documentation: layer.doc, insertText: `${name}($1)`, snippet: true };
        }),
        { label: 'repeat', kind: 'keyword', documentation: 'repeat a block of layers N times', insertText: 'repeat ${1:2} {\n  $0\n}', snippet: true },
      ];
    case 'key':
      return paramItems(frameParams(catalogue, context.frame), context.given);
    case 'value':
      return valueItems(catalogue, context.key, context.frame, symbols, metrics);
    case 'none':
      return [];
  }
}
