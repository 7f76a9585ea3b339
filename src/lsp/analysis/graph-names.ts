/**
 * The names of graph models as the editor sees them, read from the syntax tree alone: output
 * names (`h = dense(...)`, read by `add(h)` and `from h`), blocks (`block conv_block(...)`, used
 * like a layer) and block params (read inside the block body, and named at a use:
 * `conv_block(filters: 16)`).
 *
 * Scopes follow the checker: a model body and a block body are scopes of their own (a block does
 * not see the model's names, only its params); a `repeat` body is a scope inside its parent (it
 * sees the outer names, the outside does not see its own); blocks are global. A name resolves to
 * its definition anywhere in its scope, so going to the definition of a name used too early still
 * lands somewhere useful; completion offers only the names defined before the cursor.
 */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { Argument, BlockDeclaration, Identifier, LayerNode, ModelItem, SpecFile, Value } from '../../syntax/ast.js';
import type { NameSymbol } from './document.js';

/** A model body, block body or `repeat` body, and the names defined in it. */
export interface GraphScope {
  kind: 'model' | 'block' | 'repeat';
  /** The declaration (model or block) or the `repeat` item. */
  range: Range;
  parent?: GraphScope;
  /** The block whose body this is, or whose body it is nested in. */
  block?: BlockDeclaration;
  /** Output names and (in a block body) block params, by name. */
  names: Map<string, GraphSymbol>;
}

/** An output name, a block or a block param, with where it is defined and every place that names it. */
export interface GraphSymbol extends NameSymbol {
  kind: 'output' | 'block' | 'block-param';
  name: string;
  declaration: Identifier | undefined;
  references: Identifier[];
  /** Where it is defined; undefined for a block (blocks are global). */
  scope?: GraphScope;
  /** The layer (or block use) an output name is bound to. */
  node?: LayerNode;
  /** The block a block param belongs to, or the block itself. */
  block?: BlockDeclaration;
}

/** The graph names of one document. */
export interface GraphIndex {
  symbols: GraphSymbol[];
  /** Every scope, outermost first within a declaration. */
  scopes: GraphScope[];
}

function within(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** The symbol a name resolves to from `scope`: the innermost definition outward. */
export function resolveName(scope: GraphScope | undefined, name: string): GraphSymbol | undefined {
  for (let at = scope; at; at = at.parent) {
    const found = at.names.get(name);
    if (found) return found;
  }
  return undefined;
}

/** The single-segment name a value is, if it is one. */
function bareName(value: Value | undefined): Identifier | undefined {
  return value?.kind === 'name' && value.path.length === 1 ? value.path[0] : undefined;
}

/** Indexes every output name, block and block param of `spec`. */
export function indexGraphNames(spec: SpecFile): GraphIndex {
  const symbols: GraphSymbol[] = [];
  const scopes: GraphScope[] = [];
  const blocks = new Map<string, GraphSymbol>();
  for (const declaration of spec.declarations) {
    if (declaration.kind !== 'block' || !declaration.name || blocks.has(declaration.name.name)) continue;
    const symbol: GraphSymbol = { kind: 'block', name: declaration.name.name, declaration: declaration.name, references: [], block: declaration };
    blocks.set(symbol.name, symbol);
    symbols.push(symbol);
  }

  const define = (scope: GraphScope, kind: 'output' | 'block-param', identifier: Identifier, extra: Partial<GraphSymbol>): void => {
    const taken = scope.names.get(identifier.name);
    // A second definition in the same scope is an error the checker reports; it still renames with the first.
    if (taken) {
      taken.references.push(identifier);
      return;
    }
    const symbol: GraphSymbol = { kind, name: identifier.name, declaration: identifier, references: [], scope, ...extra };
    scope.names.set(identifier.name, symbol);
    symbols.push(symbol);
  };

  // Bindings first, per scope, so a use may resolve to a definition written after it.
  const collect = (items: readonly ModelItem[], scope: GraphScope, bodies: Map<ModelItem, GraphScope>): void => {
    for (const item of items) {
      if (item.kind === 'layer' && item.binding) define(scope, 'output', item.binding, { node: item, ...(scope.block ? { block: scope.block } : {}) });
      if (item.kind === 'repeat') {
        const inner: GraphScope = { kind: 'repeat', range: item.range, parent: scope, names: new Map(), ...(scope.block ? { block: scope.block } : {}) };
        scopes.push(inner);
        bodies.set(item, inner);
        collect(item.body, inner, bodies);
      }
    }
  };

  const argumentValues = (args: readonly Argument[], scope: GraphScope, use: GraphSymbol | undefined): void => {
    for (const arg of args) {
      if (arg.name && use?.block) {
        const param = use.block.params.find((candidate) => candidate.name.name === arg.name!.name);
        const symbol = param ? symbols.find((candidate) => candidate.kind === 'block-param' && candidate.declaration === param.name) : undefined;
        symbol?.references.push(arg.name);
      }
      values(arg.value, scope, !arg.name);
    }
  };

  // A positional bare name may be an output (a merge's input); any bare name may be a block param.
  const values = (value: Value | undefined, scope: GraphScope, positional: boolean): void => {
    if (!value) return;
    const name = bareName(value);
    if (name) {
      const found = resolveName(scope, name.name);
      if (found && (found.kind === 'block-param' || positional)) found.references.push(name);
      return;
    }
    if (value.kind === 'list') for (const item of value.items) values(item, scope, false);
    if (value.kind === 'object') for (const entry of value.entries) values(entry.value, scope, false);
    if (value.kind === 'call') for (const arg of value.args) values(arg.value, scope, false);
  };

  const uses = (items: readonly ModelItem[], scope: GraphScope, bodies: Map<ModelItem, GraphScope>): void => {
    for (const item of items) {
      if (item.kind === 'from') {
        const found = item.source ? resolveName(scope, item.source.name) : undefined;
        if (found?.kind === 'output') found.references.push(item.source!);
      } else if (item.kind === 'repeat') {
        uses(item.body, bodies.get(item)!, bodies);
      } else {
        const block = blocks.get(item.name.name);
        block?.references.push(item.name);
        argumentValues(item.args, scope, block);
      }
    }
  };

  // Every body's scope, and every block's params, before any use: a model may use a block declared after it.
  const bodyScopes = spec.declarations.flatMap((declaration) => {
    if (declaration.kind !== 'model' && declaration.kind !== 'block') return [];
    const scope: GraphScope = {
      kind: declaration.kind,
      range: declaration.range,
      names: new Map(),
      ...(declaration.kind === 'block' ? { block: declaration } : {}),
    };
    scopes.push(scope);
    if (declaration.kind === 'block') for (const param of declaration.params) define(scope, 'block-param', param.name, { block: declaration });
    return [{ declaration, scope }];
  });
  for (const { declaration, scope } of bodyScopes) {
    const bodies = new Map<ModelItem, GraphScope>();
    collect(declaration.items, scope, bodies);
    uses(declaration.items, scope, bodies);
  }
  for (const symbol of symbols) symbol.references.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { symbols, scopes };
}

/** The innermost scope around `offset`, if the offset is in a model or block body. */
export function scopeAt(index: GraphIndex, offset: number): GraphScope | undefined {
  let found: GraphScope | undefined;
  for (const scope of index.scopes) {
    if (within(scope.range, offset) && (!found || scope.range.start.offset >= found.range.start.offset)) found = scope;
  }
  return found;
}

/**
 * The names visible at `offset` and defined before it (what a merge or `from` may read there),
 * innermost scope first; block params are included only with `params`.
 */
export function namesBefore(index: GraphIndex, offset: number, { params = false } = {}): GraphSymbol[] {
  const seen = new Set<string>();
  const out: GraphSymbol[] = [];
  for (let scope = scopeAt(index, offset); scope; scope = scope.parent) {
    for (const symbol of scope.names.values()) {
      if (seen.has(symbol.name)) continue;
      if (
        symbol.kind === 'block-param'
          ? !params
          : (symbol.declaration?.range.end.offset ?? Infinity) > offset || (symbol.node && within(symbol.node.range, offset))
      )
        continue;
      seen.add(symbol.name);
      out.push(symbol);
    }
  }
  return out;
}

/** Every name visible in `scope` or defined in a scope nested in it: what a name defined there must not become. */
export function namesAround(index: GraphIndex, scope: GraphScope): Set<string> {
  const names = new Set<string>();
  for (let at: GraphScope | undefined = scope; at; at = at.parent) for (const name of at.names.keys()) names.add(name);
  for (const other of index.scopes) {
    for (let at = other.parent; at; at = at.parent) {
      if (at === scope) for (const name of other.names.keys()) names.add(name);
    }
  }
  return names;
}
