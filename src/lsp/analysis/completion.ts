/**
 * Completion items for a cursor context, each with its one-line doc from the catalogue.
 * Pure: the server converts them to LSP items.
 */
import type { CatalogueView, EntryView, ParamView } from '../../catalogue/types.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import type { CursorContext, Frame } from './context.js';
import type { NameSymbol } from './document.js';
import { asGraphSymbol } from './document.js';
import { namesBefore, type GraphIndex } from './graph-names.js';
import { categoryNames, categoryOfKey, entryOfCall, lookupEntry, paramsOfFrame, positionalParams, type EntryCategory } from './entries.js';
import { callInsertion, formatDefault, signature } from './signature.js';

/** One completion suggestion. */
export interface CompletionEntry {
  label: string;
  kind: 'keyword' | 'layer' | 'parameter' | 'value' | 'reference' | 'function';
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label (`dense(${1:units})`, `units: `). */
  insertText?: string;
  /** Whether `insertText` is a snippet; then `plainText` is what a client without snippets inserts. */
  snippet?: boolean;
  plainText?: string;
}

/** A snippet without its tab stops, placeholders kept as their text: for clients without snippets. */
function snippetToPlain(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

function snippetEntry(entry: Omit<CompletionEntry, 'snippet' | 'plainText'> & { insertText: string }): CompletionEntry {
  return { ...entry, snippet: true, plainText: snippetToPlain(entry.insertText) };
}

const DECLARATION_SNIPPETS: CompletionEntry[] = [
  snippetEntry({
    label: 'data',
    kind: 'keyword',
    detail: 'data NAME { source: ..., split: ... }',
    documentation: 'declares a data set',
    insertText: 'data ${1:name} {\n  source: ${2:builtin.digits}\n  split: { train: 0.8, validation: 0.2 }\n}',
  }),
  snippetEntry({
    label: 'model',
    kind: 'keyword',
    detail: 'model NAME { layers }',
    documentation: 'declares a network as a chain of layers',
    insertText: 'model ${1:name} {\n  $0\n}',
  }),
  snippetEntry({
    label: 'train',
    kind: 'keyword',
    detail: 'train MODEL on DATA { ... }',
    documentation: 'says how to train a model on a data set',
    insertText: 'train ${1:model} on ${2:data} {\n  loss: ${3:categorical_crossentropy}\n  optimizer: adam()\n  epochs: ${4:50}\n}',
  }),
  snippetEntry({
    label: 'param',
    kind: 'keyword',
    detail: 'param NAME = VALUE',
    documentation: 'declares a named value with a default, usable wherever a literal may stand; a study varies it',
    insertText: 'param ${1:name} = ${2:0.5}',
  }),
  snippetEntry({
    label: 'study',
    kind: 'keyword',
    detail: 'study NAME { grid: ..., seeds: ... }',
    documentation: 'varies params: trains every setting over paired seeds',
    insertText: 'study ${1:name} {\n  grid: { ${2:param}: [${3:0, 0.5}] }\n  seeds: ${4:5}\n}',
  }),
];

/** A call's completion: the snippet from {@link callInsertion}, or plain text when nothing is left to fill in. */
function callEntry(entry: EntryView, kind: CompletionEntry['kind'], options: { bare?: boolean } = {}): CompletionEntry {
  const insertion = callInsertion(entry, options);
  const base = { label: entry.name, kind, detail: signature(entry), documentation: entry.doc };
  if (insertion.snippet) return { ...base, insertText: insertion.snippet, snippet: true, plainText: insertion.plain };
  return insertion.plain === entry.name ? base : { ...base, insertText: insertion.plain };
}

/** The entries of a category, as the values of a key. */
function categoryItems(catalogue: CatalogueView, category: EntryCategory): CompletionEntry[] {
  return categoryNames(catalogue, category).flatMap((name) => {
    const entry = lookupEntry(catalogue, category, name);
    if (!entry) return [];
    switch (category) {
      case 'optimizer':
      case 'study_domain':
      case 'prune_rule':
        // Written as a call in every example (`adam()`, `median(after: 10)`), so it is inserted as one.
        return [callEntry(entry, 'function')];
      case 'loss':
      case 'metric':
      case 'activation':
        return [
          entry.params.some((param) => param.required)
            ? callEntry(entry, 'value')
            : { label: name, kind: 'value', detail: entry.params.length > 0 ? signature(entry) : undefined, documentation: entry.doc },
        ];
      default:
        return [callEntry(entry, 'function', { bare: true })];
    }
  });
}

function paramItems(params: readonly ParamView[], given: readonly string[]): CompletionEntry[] {
  return params
    .filter((param) => !given.includes(param.name))
    .map((param) => ({
      label: param.name,
      kind: 'parameter',
      detail: `${param.name}${param.required ? '' : ` (default ${formatDefault(param)})`}`,
      documentation: param.doc,
      insertText: `${param.name}: `,
    }));
}

/** The declared params, as values (`rate`, detail `param rate = 0.5`) or, with `asKeys`, as keys of a study's `grid:`/`random:`. */
function paramNames(symbols: readonly NameSymbol[], { asKeys = false, given = [] as readonly string[] } = {}): CompletionEntry[] {
  return symbols
    .filter((symbol) => symbol.kind === 'param' && symbol.declaration !== undefined && !given.includes(symbol.name))
    .map((symbol) => ({
      label: symbol.name,
      kind: 'reference',
      detail: `param ${symbol.name} = ${symbol.defaultText ?? '?'}`,
      documentation: asKeys ? 'vary this param in the study' : "a param: its default, or the value a study's setting gives it",
      ...(asKeys ? { insertText: `${symbol.name}: ` } : {}),
    }));
}

function values(labels: readonly string[], documentation?: string): CompletionEntry[] {
  return labels.map((label) => ({ label, kind: 'value', documentation }));
}

/** The names of the parameters a call already has by position (`dense(16, |)` has `units`). */
function givenByPosition(catalogue: CatalogueView, frame: Frame, positional: number): string[] {
  const found = entryOfCall(catalogue, frame);
  return found
    ? positionalParams(found.entry)
        .slice(0, positional)
        .map((param) => param.name)
    : [];
}

/** Values inside a `study` block: the trained models after `train:`, the domains of `random:`, the pruning rules after `prune:`. */
function studyValueItems(catalogue: CatalogueView, context: Extract<CursorContext, { kind: 'value' }>, trained: readonly string[]): CompletionEntry[] {
  const { key, frame } = context;
  if (frame?.kind === 'block' && key === 'train')
    return [...new Set(trained)].map((name) => ({ label: name, kind: 'reference', detail: 'model', documentation: 'the train declaration of this model' }));
  if (frame?.kind === 'block' && key === 'prune') return categoryItems(catalogue, 'prune_rule');
  if (frame?.kind === 'object' && frame.owner === 'random') return categoryItems(catalogue, 'study_domain');
  return [];
}

/** Values for `key:` inside `frame`: the catalogue's, then the declared params. */
function valueItems(
  catalogue: CatalogueView,
  context: Extract<CursorContext, { kind: 'value' }>,
  symbols: readonly NameSymbol[],
  metrics: readonly string[],
): CompletionEntry[] {
  return [...catalogueValueItems(catalogue, context, symbols, metrics), ...paramNames(symbols)];
}

function catalogueValueItems(
  catalogue: CatalogueView,
  context: Extract<CursorContext, { kind: 'value' }>,
  symbols: readonly NameSymbol[],
  metrics: readonly string[],
): CompletionEntry[] {
  const { key, frame, declaration } = context;
  if (key === 'monitor') {
    const watched = ['loss', ...metrics];
    return values([...watched.map((name) => `val_${name}`), ...watched], 'a quantity early stopping or reduce_on_plateau watches');
  }
  if (key === 'test' && frame?.kind === 'object' && frame.owner === 'split') {
    // A data block cannot be its own test set: offer the others only.
    const own = declaration?.kind === 'block' ? declaration.name : undefined;
    return symbols
      .filter((symbol) => symbol.kind === 'data' && symbol.declaration !== undefined && symbol.name !== own)
      .map((symbol) => ({ label: symbol.name, kind: 'reference', documentation: 'use this whole data declaration as the test set' }));
  }
  const param = frame && key ? paramsOfFrame(catalogue, frame).params.find((candidate) => candidate.name === key) : undefined;
  const category = categoryOfKey(key, param);
  if (category && category !== 'early_stopping') return categoryItems(catalogue, category);
  if (param?.type.kind === 'enum') return values(param.type.values, param.doc);
  if (param?.type.kind === 'boolean') return values(['true', 'false'], param.doc);
  return [];
}

/** Inside a study's `grid:` or `random:` object: the params not varied there yet. */
function isStudyObject(frame: Frame, declaration: Frame | undefined): boolean {
  return declaration?.kind === 'block' && declaration.owner === 'study' && frame.kind === 'object' && (frame.owner === 'grid' || frame.owner === 'random');
}

function keyItems(catalogue: CatalogueView, context: Extract<CursorContext, { kind: 'key' }>, symbols: readonly NameSymbol[]): CompletionEntry[] {
  const { frame, declaration } = context;
  if (isStudyObject(frame, declaration)) return paramNames(symbols, { asKeys: true, given: context.given });
  const params = paramItems(paramsOfFrame(catalogue, frame).params, [...context.given, ...givenByPosition(catalogue, frame, context.positional)]);
  // An argument of a call may be a value (`dropout(rate)`), outside a study (whose calls are domains and rules).
  const inStudyBlock = declaration?.kind === 'block' && declaration.owner === 'study';
  return (frame.kind === 'layer-call' || frame.kind === 'value-call') && !inStudyBlock ? [...params, ...paramNames(symbols)] : params;
}

/** Where the cursor is in a document's graph: what output names and block params are in scope there. */
export interface GraphPlace {
  graph: GraphIndex;
  offset: number;
}

/** The output names defined before the cursor in its scope (what a merge or `from` may read). */
function outputNames(place: GraphPlace | undefined): CompletionEntry[] {
  if (!place) return [];
  return namesBefore(place.graph, place.offset)
    .filter((symbol) => symbol.kind === 'output')
    .map((symbol) => ({
      label: symbol.name,
      kind: 'reference',
      detail: `output of \`${symbol.node?.name.name ?? '?'}\``,
      documentation: `the output named \`${symbol.name}\` on line ${symbol.declaration?.range.start.line ?? '?'}`,
    }));
}

/** Inside a block body: its params, as values. */
function blockParamNames(place: GraphPlace | undefined): CompletionEntry[] {
  if (!place) return [];
  return namesBefore(place.graph, place.offset, { params: true })
    .filter((symbol) => symbol.kind === 'block-param')
    .map((symbol) => ({
      label: symbol.name,
      kind: 'reference',
      detail: `param of block ${symbol.block?.name?.name ?? '?'}`,
      documentation: 'the value the block use gives this param',
    }));
}

/** The declared blocks, used like layers: `conv_block(${1:filters})` with the params that have no default. */
function blockItems(symbols: readonly NameSymbol[]): CompletionEntry[] {
  return symbols.flatMap((symbol) => {
    const block = asGraphSymbol(symbol)?.kind === 'block' ? asGraphSymbol(symbol)!.block : undefined;
    if (!block) return [];
    const required = block.params.filter((param) => !param.default).map((param, index) => `\${${index + 1}:${param.name.name}}`);
    const detail = `block ${symbol.name}(${block.params.map((param) => param.name.name + (param.default ? ' = ...' : '')).join(', ')})`;
    return [
      snippetEntry({
        label: symbol.name,
        kind: 'layer',
        detail,
        documentation: `the block declared on line ${block.range.start.line}`,
        insertText: `${symbol.name}(${required.join(', ')})$0`,
      }),
    ];
  });
}

/** In a block use's parentheses (`conv_block(16, |)`): the block's params not given yet, as keys. */
function blockUseKeys(context: Extract<CursorContext, { kind: 'key' }>, symbols: readonly NameSymbol[]): CompletionEntry[] {
  const { frame } = context;
  if (frame.kind !== 'layer-call') return [];
  const block = symbols.map(asGraphSymbol).find((symbol) => symbol?.kind === 'block' && symbol.name === frame.layer)?.block;
  if (!block) return [];
  return block.params
    .filter((param, index) => index >= context.positional && !context.given.includes(param.name.name))
    .map((param) => ({
      label: param.name.name,
      kind: 'parameter',
      detail: `${param.name.name}${param.default ? ' (has a default)' : ''}`,
      documentation: `param of block ${block.name?.name ?? '?'}`,
      insertText: `${param.name.name}: `,
    }));
}

/** In a merge's parentheses (`add(|)`): the names in scope, then its own parameters (`axis:`). */
function isMerge(catalogue: CatalogueView, frame: Frame): boolean {
  return frame.kind === 'layer-call' && catalogue.layer(frame.layer)?.merge !== undefined;
}

/**
 * The completion entries for a context in a document with these declared names; `trained`
 * names the models a `train` declaration trains (what a study's `train:` may name); `place`
 * gives the output names and block params in scope at the cursor.
 */
export function completionsFor(
  context: CursorContext,
  symbols: readonly NameSymbol[],
  metrics: readonly string[] = [],
  catalogue: CatalogueView = defaultCatalogueView(),
  trained: readonly string[] = [],
  place?: GraphPlace,
): CompletionEntry[] {
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
        ...catalogue.layerNames.map((name) => callEntry(catalogue.layer(name)!, 'layer')),
        ...blockItems(symbols),
        snippetEntry({ label: 'repeat', kind: 'keyword', documentation: 'repeat a block of layers N times', insertText: 'repeat ${1:2} {\n  $0\n}' }),
        { label: 'from', kind: 'keyword', detail: 'from NAME', documentation: 'go on from a named output: starts a branch', insertText: 'from ' },
      ];
    case 'after-from':
      return outputNames(place);
    case 'key':
      if (isMerge(catalogue, context.frame)) return [...outputNames(place), ...keyItems(catalogue, context, symbols)];
      return [
        ...keyItems(catalogue, context, symbols),
        ...blockUseKeys(context, symbols),
        ...(context.frame.kind === 'layer-call' ? blockParamNames(place) : []),
      ];
    case 'value':
      if (context.declaration?.kind === 'block' && context.declaration.owner === 'study') return studyValueItems(catalogue, context, trained);
      return [...valueItems(catalogue, context, symbols, metrics), ...blockParamNames(place)];
    case 'none':
      return [];
  }
}
