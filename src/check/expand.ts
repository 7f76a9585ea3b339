/**
 * Expands a model's items into a graph: unrolls `repeat`s, expands block uses (binding their
 * arguments into the body), and resolves names (`h = ...`, `add(h)`, `from h`) to nodes. Names
 * are scoped: a model body; each block use (its body sees only its own names); each repetition
 * of a `repeat` (fresh names, outer ones visible). Nodes come out in a topological order, since
 * a name is only visible after its definition.
 */
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { Argument, Identifier, LayerNode, ModelItem, Value } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import type { CatalogueView, LayerView } from '../catalogue/types.js';
import { bindArguments } from './arguments.js';
import type { BlockInfo, BlockTable } from './blocks.js';
import { reportUnknownName } from './context.js';
import type { CheckedBlockUse } from './program.js';
import { timesOf } from './unroll.js';
import type { DedupContext } from './use-context.js';
import { resolveMergeInputs } from './merge.js';
import { substituteInArgument } from './substitute.js';

/** One node of the expanded graph. */
export interface GraphNode {
  /** The layer call it comes from. */
  call: LayerNode;
  /** The catalogue layer, when the callee is one. */
  view?: LayerView;
  /** The catalogue's canonical type, or the callee as written when unknown. */
  type: string;
  /** Its parameter arguments, block parameters substituted (a merge's input names left out). */
  args: readonly Argument[];
  /** The same object for every node expanded with the same block arguments: binding is cached by it. */
  bindingKey: object;
  name: string;
  label?: string;
  /** Indices of the nodes it reads, in order. */
  inputs: number[];
  /** Where each input was defined, as its scope sees it (a merge error labels them), and its name. */
  inputDefs: { range: Range; name?: string }[];
  /** True when an input is unknown (an earlier error): its shape cannot be inferred. */
  brokenInput: boolean;
  /** True when it reads the model's data directly (a model without `input`, its first layer). */
  readsData: boolean;
  repeatRange?: Range;
  blockUses?: CheckedBlockUse[];
  /** Where its diagnostics go (naming its block uses). */
  ctx: DedupContext;
}

/** The output of a scope's chain so far: a node, the data (no `input` layer), or unknown. */
export interface Cursor {
  node: number | 'data' | 'broken';
  /** The item that produced it, in the scope that reads it. */
  def?: Range;
  name?: string;
}

interface NameEntry {
  cursor: Cursor;
  binding: Identifier;
}

/** The names of one scope, with the scope whose names it also sees (a repeat's enclosing one). */
class Scope {
  readonly names = new Map<string, NameEntry>();
  constructor(
    readonly parent?: Scope,
    /** For a block body: the use's scope and the block, for "defined outside this block". */
    readonly outside?: { scope: Scope; block: string },
  ) {}

  lookup(name: string): NameEntry | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** Every visible name, innermost first. */
  visible(): string[] {
    return [...this.names.keys(), ...(this.parent?.visible() ?? [])];
  }

  /** The scope a block body's names cannot see past. */
  root(): Scope {
    return this.parent ? this.parent.root() : this;
  }
}

/** Gives node names in one naming scope (a model, or a block use: `a.` prefixes them). */
class Namer {
  private readonly claimed = new Set<string>();
  private readonly counters = new Map<string, number>();
  constructor(
    readonly prefix: string,
    /** Names the spec writes in this scope: generated names skip them. */
    private readonly taken: Set<string>,
  ) {}

  /** A written name: itself the first time, then `h_2`, `h_3`... (a name in a repeated body). */
  written(name: string): string {
    if (!this.claimed.has(name)) {
      this.claimed.add(name);
      return this.prefix + name;
    }
    let count = 2;
    while (this.taken.has(`${name}_${count}`)) count++;
    this.taken.add(`${name}_${count}`);
    return `${this.prefix}${name}_${count}`;
  }

  /** A generated name: `dense_1`, `dense_2`... per type, skipping names the spec took. */
  fresh(type: string): string {
    let count = this.counters.get(type) ?? 0;
    do count++;
    while (this.taken.has(`${type}_${count}`));
    this.counters.set(type, count);
    this.taken.add(`${type}_${count}`);
    return `${this.prefix}${type}_${count}`;
  }
}

/** The names bound in `items` (through repeat bodies), which generated names must avoid. */
function writtenNames(items: readonly ModelItem[], out = new Set<string>()): Set<string> {
  for (const item of items) {
    if (item.kind === 'layer' && item.binding) out.add(item.binding.name);
    else if (item.kind === 'repeat') writtenNames(item.body, out);
  }
  return out;
}

interface Env {
  scope: Scope;
  namer: Namer;
  uses: CheckedBlockUse[];
  ctx: DedupContext;
  /** Block arguments by parameter name, for the body being expanded. */
  substitution: ReadonlyMap<string, Value> | null;
  bindingKey: object;
  repeatRange?: Range;
  stack: readonly string[];
}

/** The expanded graph of one model. */
export interface Expansion {
  nodes: GraphNode[];
  /** The chain's output at the end of the model. */
  output: Cursor;
  /**
   * Every written name's binding, with whether a merge or `from` used it and the nodes it named
   * (one per repetition), for the unused warning.
   */
  bindings: Map<Identifier, { used: boolean; nodes: Set<number>; ctx: DedupContext }>;
  /** Block uses not expanded (bad arguments, recursion): the model is missing their layers. */
  failedUses: number;
}

/** Expands a model's items (already measured: the caller bounds the work). */
export function expandModel(ctx: DedupContext, catalogue: CatalogueView, blocks: BlockTable, items: readonly ModelItem[]): Expansion {
  const expansion: Expansion = { nodes: [], output: { node: 'data' }, bindings: new Map(), failedUses: 0 };
  const walker = new Walker(catalogue, blocks, expansion);
  const env: Env = { scope: new Scope(), namer: new Namer('', writtenNames(items)), uses: [], ctx, substitution: null, bindingKey: {}, stack: [] };
  expansion.output = walker.items(items, { node: 'data' }, env);
  return expansion;
}

class Walker {
  constructor(
    private readonly catalogue: CatalogueView,
    private readonly blocks: BlockTable,
    private readonly expansion: Expansion,
  ) {}

  items(items: readonly ModelItem[], start: Cursor, env: Env): Cursor {
    let cursor = start;
    for (const item of items) {
      if (item.kind === 'from') {
        if (item.source) cursor = this.resolve(item.source, env) ?? { node: 'broken' };
        continue;
      }
      if (item.kind === 'repeat') {
        const times = timesOf(item);
        for (let time = 0; time < times; time++) cursor = this.items(item.body, cursor, { ...env, scope: new Scope(env.scope), repeatRange: item.range });
        continue;
      }
      const block = this.blocks.get(item.name.name);
      cursor = block ? this.use(item, block, cursor, env) : this.layer(item, cursor, env);
    }
    return cursor;
  }

  /** The cursor a name refers to, marking it used; reports an unknown name. */
  resolve(identifier: Identifier, env: Env): Cursor | undefined {
    const entry = env.scope.lookup(identifier.name);
    if (entry) {
      const binding = this.expansion.bindings.get(entry.binding);
      if (binding) binding.used = true;
      return { ...entry.cursor, def: entry.cursor.def, name: identifier.name };
    }
    const outside = env.scope.root().outside;
    const there = outside?.scope.lookup(identifier.name);
    if (outside && there) {
      env.ctx.report({
        code: NAME_CODE.unknownOutput,
        message: `\`${identifier.name}\` is defined outside this block`,
        range: identifier.range,
        label: `not visible in block \`${outside.block}\``,
        labels: [{ range: there.binding.range, message: `\`${identifier.name}\` defined here, outside the block` }],
        help: `a block sees only its own names and parameters; its input is the chain's output where it is used, so use \`${outside.block}\` right after \`${identifier.name}\` (or \`from ${identifier.name}\` before the use)`,
      });
      return undefined;
    }
    const visible = env.scope.visible();
    reportUnknownName(env.ctx, {
      code: NAME_CODE.unknownOutput,
      message: `unknown output \`${identifier.name}\``,
      range: identifier.range,
      suggestion: this.catalogue.suggest(identifier.name, visible),
      label: 'no output of this name',
      help:
        visible.length > 0
          ? `name an output first (\`${identifier.name} = dense(...)\`); the names defined before here are ${visible.map((name) => `\`${name}\``).join(', ')}`
          : `name an output first: \`${identifier.name} = dense(...)\``,
    });
    return undefined;
  }

  private define(item: LayerNode, cursor: Cursor, env: Env, nodes: Set<number>): void {
    if (!item.binding) return;
    const name = item.binding.name;
    const first = env.scope.names.get(name);
    if (first) {
      env.ctx.report({
        code: NAME_CODE.duplicateOutput,
        message: `the output name \`${name}\` is defined twice`,
        range: item.binding.range,
        label: 'defined again here',
        labels: [{ range: first.binding.range, message: `\`${name}\` first defined here` }],
        help: 'rename one of them',
      });
      return;
    }
    env.scope.names.set(name, { cursor, binding: item.binding });
    const known = this.expansion.bindings.get(item.binding);
    if (known) for (const node of nodes) known.nodes.add(node);
    else this.expansion.bindings.set(item.binding, { used: false, nodes, ctx: env.ctx });
  }

  private layer(item: LayerNode, cursor: Cursor, env: Env): Cursor {
    const view = this.catalogue.layer(item.name.name);
    const type = view?.name ?? item.name.name;
    // An `input` in a block was reported where it is written; the use reads the chain instead.
    if (type === 'input' && env.stack.length > 0) return cursor;
    let inputs: Cursor[] = type === 'input' ? [] : [cursor];
    let args = item.args;
    if (view?.merge) {
      const resolved = resolveMergeInputs(env.ctx, item, view, cursor, (identifier) => this.resolve(identifier, env));
      inputs = resolved.inputs;
      args = resolved.args;
    }
    if (env.substitution) args = args.map((argument) => substituteArgument(argument, env.substitution!));
    const index = this.expansion.nodes.length;
    const node: GraphNode = {
      call: item,
      type,
      args,
      bindingKey: env.bindingKey,
      name: item.binding ? env.namer.written(item.binding.name) : env.namer.fresh(type),
      inputs: inputs.flatMap((input) => (typeof input.node === 'number' ? [input.node] : [])),
      inputDefs: inputs.flatMap((input) =>
        typeof input.node === 'number' ? [{ range: input.def ?? item.range, ...(input.name ? { name: input.name } : {}) }] : [],
      ),
      brokenInput: inputs.some((input) => input.node === 'broken'),
      readsData: inputs.some((input) => input.node === 'data'),
      ctx: env.ctx,
    };
    if (view) node.view = view;
    if (item.binding) node.label = item.binding.name;
    if (env.repeatRange) node.repeatRange = env.repeatRange;
    if (env.uses.length > 0) node.blockUses = env.uses;
    this.expansion.nodes.push(node);
    const out: Cursor = { node: index, def: item.range };
    this.define(item, out, env, new Set([index]));
    // A misplaced `input` (reported) does not cut the chain: the layers after it read the ones before.
    if (type === 'input' && typeof cursor.node === 'number') return cursor;
    return out;
  }

  private use(item: LayerNode, block: BlockInfo, cursor: Cursor, env: Env): Cursor {
    const broken: Cursor = { node: 'broken', def: item.range };
    const args = env.substitution ? item.args.map((argument) => substituteArgument(argument, env.substitution!)) : item.args;
    const errorsBefore = env.ctx.errorCount;
    const bound = bindArguments(env.ctx, this.catalogue, block.entry, args, {
      owner: `block \`${block.name}\``,
      calleeRange: item.name.range,
      custom: new Set(block.entry.params.map((param) => param.name)),
    });
    // A recursive block was reported at the use that closes its cycle; expanding it would not end.
    if (block.recursive || env.stack.includes(block.name) || !bound.complete || env.ctx.errorCount > errorsBefore) {
      this.expansion.failedUses += 1;
      this.define(item, broken, env, new Set());
      return broken;
    }
    const substitution = new Map(bound.given);
    for (const param of block.declaration.params) if (!substitution.has(param.name.name) && param.default) substitution.set(param.name.name, param.default);
    const scopeName = item.binding ? env.namer.written(item.binding.name) : env.namer.fresh(block.name);
    const use: CheckedBlockUse = { block: block.name, scope: scopeName, range: item.range };
    const first = this.expansion.nodes.length;
    const body: Env = {
      scope: new Scope(undefined, { scope: env.scope, block: block.name }),
      namer: new Namer(`${scopeName}.`, writtenNames(block.declaration.items)),
      uses: [...env.uses, use],
      ctx: env.ctx.forUse(use, item.name.range),
      substitution,
      bindingKey: {},
      stack: [...env.stack, block.name],
      ...(env.repeatRange ? { repeatRange: env.repeatRange } : {}),
    };
    const end = this.items(block.declaration.items, cursor, body);
    const out: Cursor = { ...end, def: item.range };
    delete out.name;
    this.define(item, out, env, new Set(typeof end.node === 'number' && end.node >= first ? [end.node] : []));
    return out;
  }
}

/** A block argument in place of each name equal to one of the block's parameters. */
function substituteArgument(argument: Argument, substitution: ReadonlyMap<string, Value>): Argument {
  return substituteInArgument(argument, (name) => substitution.get(name.name));
}
