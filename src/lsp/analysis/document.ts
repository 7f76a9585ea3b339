/**
 * Everything the language server knows about one document version: the parse, the check, and
 * an index of declared names. Computed once per version and shared by every request.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { SYNTAX_CODE } from '../../diagnostics/codes/syntax-codes.js';
import { SourceText } from '../../diagnostics/source-text.js';
import { parse, tokenize, type SpecToken } from '../../syntax/index.js';
import { parseVersion, type ParsedVersion } from './incremental-parse.js';
import type { Identifier, SpecFile, Value } from '../../syntax/ast.js';
import { check, ModelCheckCache, type CheckedProgram } from '../../check/index.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import { paramUses, studyKeys, studyOption } from './params.js';
import { indexGraphNames, type GraphIndex, type GraphSymbol } from './graph-names.js';

/**
 * A declared model, data, param or study name and every place that names it. A param's
 * references are its uses in `data`, `model` and `train` declarations and the keys of the
 * studies' `grid:` and `random:` objects; a model's include a study's `train: NAME`.
 */
export interface NameSymbol {
  /** `output`, `block` and `block-param` symbols are {@link GraphSymbol}s (./graph-names.ts). */
  kind: 'model' | 'data' | 'param' | 'study' | 'output' | 'block' | 'block-param';
  name: string;
  declaration: Identifier | undefined;
  references: Identifier[];
  /** A param's default as written (`0.5`), when the document's text was given. */
  defaultText?: string;
}

/** One analysed document version. */
export interface DocumentAnalysis {
  text: string;
  source: SourceText;
  spec: SpecFile;
  program: CheckedProgram;
  diagnostics: Diagnostic[];
  /** The graph names first (a merge's `add(h)` is an output, even where a param `h` is declared), then the rest. */
  symbols: NameSymbol[];
  /** Output names, blocks and block params, with their scopes. */
  graph: GraphIndex;
  /** Lexed lazily: only semantic tokens and completion need them. */
  tokens: () => SpecToken[];
}

/**
 * Documents larger than this are not analysed: parsing runs at about 1 MB/s, and an editor must
 * stay responsive. A spec this large is generated, not typed.
 */
export const MAX_ANALYSED_LENGTH = 2_000_000;

/** True for a document past {@link MAX_ANALYSED_LENGTH}: no request walks its text (not even formatting). */
export function isTooLarge(text: string): boolean {
  return text.length > MAX_ANALYSED_LENGTH;
}

/** What the server says of a document past the limit, with its size. */
export function tooLargeMessage(length: number): string {
  return `this document is too large for the language server to analyse (${(length / 1e6).toFixed(1)} MB; the limit is ${MAX_ANALYSED_LENGTH / 1e6} MB)`;
}

/** What to do instead, for the diagnostic and the message shown when a request is refused. */
export const TOO_LARGE_HELP = 'the editor does not check, format or index it: run `nnspec check` and `nnspec fmt` on it from the command line';

/**
 * Parses, checks and indexes a document. Never throws. `previous`, the analysis of an earlier
 * version of the same document, lets it reuse what the edit did not touch.
 */
export function analyzeDocument(text: string, previous?: DocumentAnalysis): DocumentAnalysis {
  if (isTooLarge(text)) return tooLarge(text);
  const source = new SourceText(text);
  const earlier = previous ? reusable.get(previous) : undefined;
  const parsed = parseVersion(text, source, earlier?.parsed);
  const modelCache = earlier?.modelCache ?? new ModelCheckCache();
  const checked = check(parsed.spec, { modelCache });
  let tokens: SpecToken[] | undefined;
  // Names are indexed on first use: publishing diagnostics after an edit never needs them, and
  // indexing walks the whole document.
  let graph: GraphIndex | undefined;
  let symbols: NameSymbol[] | undefined;
  const analysis: DocumentAnalysis = {
    text,
    source,
    spec: parsed.spec,
    program: checked.value,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]),
    get graph() {
      graph ??= indexGraphNames(parsed.spec);
      return graph;
    },
    get symbols() {
      symbols ??= [...this.graph.symbols, ...withoutGraphUses(indexNames(parsed.spec, text), this.graph)];
      return symbols;
    },
    tokens: () => (tokens ??= tokenize(text)),
  };
  reusable.set(analysis, { parsed, modelCache });
  return analysis;
}

/** What a later version's analysis may reuse of an analysis: kept beside it, not in it, so the analysis stays plain data. */
interface Reusable {
  parsed: ParsedVersion;
  /** Shared along a document's versions: the checks of models an edit did not change. */
  modelCache: ModelCheckCache;
}

const reusable = new WeakMap<DocumentAnalysis, Reusable>();

function nameValue(value: Value | undefined): Identifier | undefined {
  if (value?.kind !== 'name' || value.path.length !== 1) return undefined;
  return value.path[0];
}

/**
 * Model, data, param and study names: where each is declared and where `train`, `split.test`,
 * a study's `train:` and its `grid:`/`random:` keys use it, and where a param's value is used.
 * With `text`, a param's default is kept as written.
 */
export function indexNames(spec: SpecFile, text?: string): NameSymbol[] {
  const symbols = new Map<string, NameSymbol>();
  const symbol = (kind: NameSymbol['kind'], name: string): NameSymbol => {
    const key = `${kind}:${name}`;
    let found = symbols.get(key);
    if (!found) symbols.set(key, (found = { kind, name, declaration: undefined, references: [] }));
    return found;
  };
  for (const declaration of spec.declarations) {
    if (declaration.kind === 'model' && declaration.name) symbol('model', declaration.name.name).declaration ??= declaration.name;
    if (declaration.kind === 'data' && declaration.name) symbol('data', declaration.name.name).declaration ??= declaration.name;
    if (declaration.kind === 'study' && declaration.name) symbol('study', declaration.name.name).declaration ??= declaration.name;
    if (declaration.kind === 'param' && declaration.name) {
      const param = symbol('param', declaration.name.name);
      if (param.declaration) continue;
      param.declaration = declaration.name;
      if (text !== undefined && declaration.value) param.defaultText = text.slice(declaration.value.range.start.offset, declaration.value.range.end.offset);
    }
  }
  for (const declaration of spec.declarations) {
    if (declaration.kind === 'train') {
      if (declaration.model) symbol('model', declaration.model.name).references.push(declaration.model);
      if (declaration.data) symbol('data', declaration.data.name).references.push(declaration.data);
    }
    if (declaration.kind === 'data') {
      const split = declaration.properties.find((property) => property.key.name === 'split')?.value;
      if (split?.kind === 'object') {
        const test = nameValue(split.entries.find((entry) => entry.key.name === 'test')?.value);
        if (test) symbol('data', test.name).references.push(test);
      }
    }
    if (declaration.kind === 'study') {
      const model = nameValue(studyOption(declaration, 'train'));
      if (model) symbol('model', model.name).references.push(model);
    }
  }
  const params = [...paramUses(spec, defaultCatalogueView()).map((use) => use.identifier), ...studyKeys(spec).map((key) => key.key)];
  for (const identifier of params.sort((a, b) => a.range.start.offset - b.range.start.offset)) symbol('param', identifier.name).references.push(identifier);
  return [...symbols.values()];
}

/** `symbols` without the param references that are uses of an output name or block param (they resolve there first). */
function withoutGraphUses(symbols: NameSymbol[], graph: GraphIndex): NameSymbol[] {
  const taken = new Set(graph.symbols.flatMap((symbol) => symbol.references.map((identifier) => identifier.range.start.offset)));
  for (const symbol of symbols) symbol.references = symbol.references.filter((identifier) => !taken.has(identifier.range.start.offset));
  return symbols;
}

/** The symbol as a graph symbol (an output name, block or block param), else undefined. */
export function asGraphSymbol(symbol: NameSymbol): GraphSymbol | undefined {
  return symbol.kind === 'output' || symbol.kind === 'block' || symbol.kind === 'block-param' ? (symbol as GraphSymbol) : undefined;
}

/** The symbol whose declaration or a reference covers `offset`. */
export function symbolAt(analysis: DocumentAnalysis, offset: number): { symbol: NameSymbol; identifier: Identifier } | undefined {
  for (const symbol of analysis.symbols) {
    for (const identifier of [symbol.declaration, ...symbol.references]) {
      if (identifier && identifier.range.start.offset <= offset && offset <= identifier.range.end.offset) return { symbol, identifier };
    }
  }
  return undefined;
}

/** The analysis of a document too large to analyse: one info diagnostic saying so. */
function tooLarge(text: string): DocumentAnalysis {
  const source = new SourceText(text);
  const empty = parse('');
  return {
    text,
    source,
    spec: empty.value,
    program: check(empty.value).value,
    diagnostics: [
      {
        code: SYNTAX_CODE.documentTooLarge,
        severity: 'info',
        message: tooLargeMessage(text.length),
        range: source.rangeOf(0, 0),
        help: TOO_LARGE_HELP,
      },
    ],
    symbols: [],
    graph: { symbols: [], scopes: [] },
    tokens: () => [],
  };
}
