/**
 * `block` declarations: their names (not a catalogue layer's, not twice), their parameters,
 * which blocks use which (recursion is an error at the use, naming the cycle), `input` inside a
 * body, unused blocks, and the entry a use's arguments are bound against.
 */
import type { BlockDeclaration, LayerNode, ModelItem, SpecFile } from '../syntax/ast.js';
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';

/** A usable block: its declaration, and the entry its uses' arguments bind against. */
export interface BlockInfo {
  name: string;
  declaration: BlockDeclaration;
  /** One parameter per block parameter, positional in order; those with a default are optional. */
  entry: EntryView;
  /** True when the block uses itself, directly or not: its uses are not expanded. */
  recursive: boolean;
}

/** The spec's blocks, by name. */
export type BlockTable = ReadonlyMap<string, BlockInfo>;

/** Calls `visit` on every layer call of `items`, inside `repeat` bodies too. */
export function forEachCall(items: readonly ModelItem[], visit: (node: LayerNode) => void): void {
  for (const item of items) {
    if (item.kind === 'layer') visit(item);
    else if (item.kind === 'repeat') forEachCall(item.body, visit);
  }
}

/**
 * Collects the blocks of a spec and reports what is wrong with their declarations: a name
 * taken by a catalogue layer or an earlier block, a parameter listed twice, an `input` in a
 * body, recursion, and (a warning) a block nothing uses.
 */
export function collectBlocks(ctx: CheckContext, catalogue: CatalogueView, spec: SpecFile): BlockTable {
  const blocks = new Map<string, BlockInfo>();
  for (const declaration of spec.declarations) {
    if (declaration.kind !== 'block' || !declaration.name) continue;
    const name = declaration.name.name;
    const layer = catalogue.layer(name);
    const earlier = blocks.get(name);
    if (layer || earlier) {
      ctx.report({
        code: earlier ? NAME_CODE.duplicateDeclaration : NAME_CODE.blockShadowsLayer,
        message: earlier ? `block \`${name}\` is declared twice` : `block \`${name}\` has the name of the catalogue layer \`${layer!.name}\``,
        range: declaration.name.range,
        label: earlier ? 'declared again here' : 'same name as a layer',
        ...(earlier?.declaration.name ? { labels: [{ range: earlier.declaration.name.range, message: `\`${name}\` first declared here` }] } : {}),
        help: earlier ? 'rename one of the blocks' : `give the block a name of its own, e.g. \`${name}_block\``,
      });
      continue;
    }
    blocks.set(name, { name, declaration, entry: blockEntry(ctx, declaration, name), recursive: false });
  }
  for (const block of blocks.values()) {
    forEachCall(block.declaration.items, (node) => {
      if (catalogue.layer(node.name.name)?.name !== 'input') return;
      ctx.report({
        code: NAME_CODE.inputInBlock,
        message: `a block cannot declare an \`input\`: its input is the chain's output where it is used`,
        range: node.name.range,
        label: `\`input\` in block \`${block.name}\``,
        help: 'move `input(...)` to the model that uses the block',
      });
    });
  }
  reportRecursion(ctx, blocks);
  reportUnusedBlocks(ctx, spec, blocks);
  return blocks;
}

function blockEntry(ctx: CheckContext, declaration: BlockDeclaration, name: string): EntryView {
  const params: ParamView[] = [];
  for (const blockParam of declaration.params) {
    const earlier = params.find((param) => param.name === blockParam.name.name);
    if (earlier) {
      const first = declaration.params.find((candidate) => candidate.name.name === earlier.name)!;
      ctx.report({
        code: NAME_CODE.duplicateBlockParam,
        message: `block \`${name}\` lists parameter \`${earlier.name}\` twice`,
        range: blockParam.name.range,
        label: 'listed again here',
        labels: [{ range: first.name.range, message: `\`${earlier.name}\` first listed here` }],
        help: 'rename one of them',
      });
      continue;
    }
    // The default is a spec value bound at each use (see expand.ts); `null` here only makes it optional.
    const hasDefault = blockParam.default !== undefined;
    params.push({
      name: blockParam.name.name,
      type: { kind: 'name' },
      required: !hasDefault,
      ...(hasDefault ? { default: null } : {}),
      position: params.length,
      doc: '',
    });
  }
  return { name, params, doc: '' };
}

/** The blocks a block's body uses, each call in source order. */
function usesOf(block: BlockInfo, blocks: BlockTable): LayerNode[] {
  const uses: LayerNode[] = [];
  forEachCall(block.declaration.items, (node) => {
    if (blocks.has(node.name.name)) uses.push(node);
  });
  return uses;
}

/**
 * Marks every block on a cycle as recursive and reports each use that closes a cycle, at the
 * use, with the cycle spelled out (`a -> b -> a`).
 */
function reportRecursion(ctx: CheckContext, blocks: BlockTable): void {
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (block: BlockInfo): void => {
    stack.push(block.name);
    for (const use of usesOf(block, blocks)) {
      const callee = use.name.name;
      const at = stack.indexOf(callee);
      if (at >= 0) {
        const cycle = [...stack.slice(at), callee];
        for (const name of cycle) (blocks.get(name) as BlockInfo).recursive = true;
        ctx.report({
          code: NAME_CODE.blockRecursion,
          message: `block \`${callee}\` uses itself: ${cycle.join(' -> ')}`,
          range: use.name.range,
          label: 'recursive use',
          help: 'a block may use other blocks, but not itself; stack a piece with `repeat N { ... }` instead',
        });
        continue;
      }
      if (!done.has(callee)) visit(blocks.get(callee)!);
    }
    stack.pop();
    done.add(block.name);
  };
  for (const block of blocks.values()) if (!done.has(block.name)) visit(block);
}

function reportUnusedBlocks(ctx: CheckContext, spec: SpecFile, blocks: BlockTable): void {
  const used = new Set<string>();
  for (const declaration of spec.declarations) {
    if (declaration.kind !== 'model' && declaration.kind !== 'block') continue;
    const self = declaration.kind === 'block' ? declaration.name?.name : undefined;
    forEachCall(declaration.items, (node) => {
      if (node.name.name !== self) used.add(node.name.name);
    });
  }
  for (const block of blocks.values()) {
    if (used.has(block.name)) continue;
    ctx.report({
      code: NAME_CODE.unusedBlock,
      message: `block \`${block.name}\` is never used`,
      range: block.declaration.name!.range,
      label: 'unused block',
      help: `use it like a layer (\`${block.name}(...)\`) in a model, or remove it`,
    });
  }
}
