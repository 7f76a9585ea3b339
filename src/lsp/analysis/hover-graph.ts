/**
 * Hover for graph names, from the checker's nodes (src/check/program.ts): at an output name, the
 * shape of that output (one per use when it is defined in a block body, whose layers carry
 * `blockUses`); at a block or one of its uses, its params and output shape; at a block param, its
 * block and default; at a merge, each input's shape.
 */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { CheckedLayer, CheckedModel, Shape } from '../../check/program.js';
import type { BlockDeclaration, LayerNode, ModelItem } from '../../syntax/ast.js';
import type { DocumentAnalysis } from './document.js';
import type { GraphSymbol } from './graph-names.js';
import { describe } from '../../catalogue/shape-rules.js';

/** A shape without its batch axis, as the editor shows it: `[8, 8, 16]` (`?` for an unknown axis). */
export function shapeText(shape: Shape | undefined): string {
  return shape ? describe(shape) : '?';
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.offset === b.start.offset && a.end.offset === b.end.offset;
}

function allLayers(analysis: DocumentAnalysis): { model: CheckedModel; layer: CheckedLayer }[] {
  return analysis.program.models.flatMap((model) => model.layers.map((layer) => ({ model, layer })));
}

/** The line of the use of `block` a layer was expanded from (the innermost one), if any. */
function useLine(layer: CheckedLayer, block: string | undefined): number | undefined {
  const use = [...(layer.blockUses ?? [])].reverse().find((candidate) => candidate.block === block);
  return use?.range.start.line;
}

/**
 * The nodes an output written at `node` became: the node labelled with its name at its range; for
 * a block use, the last node expanded from that use (a block's output is its last item's).
 */
export function nodesOf(analysis: DocumentAnalysis, node: LayerNode, name: string | undefined): CheckedLayer[] {
  const labelled = allLayers(analysis).filter(({ layer }) => layer.label === name && sameRange(layer.range, node.range));
  if (labelled.length > 0) return labelled.map(({ layer }) => layer);
  // One output per expansion of the use (a use inside a repeat or a used block expands many times).
  const lastPerScope = new Map<string, CheckedLayer>();
  for (const { model, layer } of allLayers(analysis)) {
    const use = layer.blockUses?.find((candidate) => sameRange(candidate.range, node.range));
    if (use) lastPerScope.set(`${model.name}\u0000${use.scope}`, layer);
  }
  return [...lastPerScope.values()];
}

/** The shapes of `layers` in words: one, or a list of one per block use when they come from a block body and differ. */
function shapesText(layers: readonly CheckedLayer[], block: BlockDeclaration | undefined): string | string[] {
  if (layers.every((layer) => layer.outputShape === undefined)) return 'shape not known (the model has errors, or the block is not used)';
  const parts = layers.map((layer) => {
    const line = block ? useLine(layer, block.name?.name) : undefined;
    return line === undefined ? shapeText(layer.outputShape) : `${shapeText(layer.outputShape)} in the use at line ${line}`;
  });
  const distinct = [...new Set(parts)];
  if (distinct.length === 1) return layers.length > 1 && !block ? `${distinct[0]} (repeated ${layers.length}x)` : distinct[0]!;
  return distinct;
}

/** `block conv_block(filters, rate = 0.1)` as written. */
function blockSignature(analysis: DocumentAnalysis, block: BlockDeclaration): string {
  const params = block.params.map((param) =>
    param.default ? `${param.name.name} = ${analysis.text.slice(param.default.range.start.offset, param.default.range.end.offset)}` : param.name.name,
  );
  return `block ${block.name?.name ?? '?'}(${params.join(', ')})`;
}

/** The hover markdown for a graph symbol, seen at `at` (its definition or a use). */
export function graphHover(analysis: DocumentAnalysis, symbol: GraphSymbol, at: { range: Range }): string {
  if (symbol.kind === 'block-param') {
    const param = symbol.block?.params.find((candidate) => candidate.name === symbol.declaration);
    const given = param?.default ? `, default ${analysis.text.slice(param.default.range.start.offset, param.default.range.end.offset)}` : ', required';
    return `\`${symbol.name}\`: param of block \`${symbol.block?.name?.name ?? '?'}\`${given}\n\n\`${symbol.block ? blockSignature(analysis, symbol.block) : ''}\``;
  }
  if (symbol.kind === 'block') {
    const block = symbol.block!;
    const lines = [`\`\`\`\n${blockSignature(analysis, block)}\n\`\`\``];
    const use = findUse(analysis, symbol, at.range);
    if (use) lines.push(`output ${[shapesText(nodesOf(analysis, use, use.binding?.name), undefined)].flat().join(', ')}`);
    else {
      const shapes = symbol.references.flatMap((reference) => {
        const node = findUse(analysis, symbol, reference.range);
        return node
          ? nodesOf(analysis, node, node.binding?.name).map((layer) => `${shapeText(layer.outputShape)} in the use at line ${node.range.start.line}`)
          : [];
      });
      lines.push(shapes.length === 0 ? 'not used yet' : `output:${[...new Set(shapes)].map((shape) => `\n- ${shape}`).join('')}`);
    }
    return lines.join('\n\n');
  }
  const node = symbol.node!;
  const isBlockUse = analysis.graph.symbols.some((candidate) => candidate.kind === 'block' && candidate.name === node.name.name);
  const what = isBlockUse ? `output of block \`${node.name.name}\`` : `output of \`${node.name.name}\``;
  const shapes = shapesText(nodesOf(analysis, node, symbol.name), symbol.block);
  return typeof shapes === 'string' ? `\`${symbol.name}\`: ${shapes}, ${what}` : `\`${symbol.name}\`: ${what}${shapes.map((shape) => `\n- ${shape}`).join('')}`;
}

/** The layer node (a block use) whose callee is at `range`. */
function findUse(analysis: DocumentAnalysis, symbol: GraphSymbol, range: Range): LayerNode | undefined {
  if (symbol.declaration && sameRange(symbol.declaration.range, range)) return undefined;
  let found: LayerNode | undefined;
  const visit = (items: readonly ModelItem[]): void => {
    for (const item of items) {
      if (item.kind === 'repeat') visit(item.body);
      else if (item.kind === 'layer' && sameRange(item.name.range, range)) found = item;
    }
  };
  for (const declaration of analysis.spec.declarations) if (declaration.kind === 'model' || declaration.kind === 'block') visit(declaration.items);
  return found;
}

/** The lines a merge's hover adds: each input's name and shape (`` `h` [128] ``). */
export function mergeInputsText(model: CheckedModel, layer: CheckedLayer): string | undefined {
  if (layer.inputs.length < 2) return undefined;
  const parts = layer.inputs.map((input, index) => {
    const source = model.layers.find((candidate) => candidate.name === input);
    return `- \`${source?.label ?? input}\`: ${shapeText(layer.inputShapes?.[index] ?? source?.outputShape)}`;
  });
  return `inputs:\n${parts.join('\n')}`;
}
