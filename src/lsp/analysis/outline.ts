/** The document outline: declarations with their layers and properties. */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { Declaration, ModelItem, SpecFile, TrainDeclaration } from '../../syntax/ast.js';

/** One entry of the outline. */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'model' | 'block' | 'data' | 'train' | 'param' | 'study' | 'layer' | 'repeat' | 'from' | 'property';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

function items(list: readonly ModelItem[]): OutlineSymbol[] {
  return list.map((item): OutlineSymbol => {
    if (item.kind === 'layer') {
      const name = item.binding ? `${item.binding.name} = ${item.name.name}` : item.name.name;
      return { name, kind: 'layer', range: item.range, selectionRange: item.binding?.range ?? item.name.range, children: [] };
    }
    if (item.kind === 'from')
      return {
        name: `from ${item.source?.name ?? '?'}`,
        kind: 'from',
        range: item.range,
        selectionRange: item.source?.range ?? item.keywordRange,
        children: [],
      };
    return { name: `repeat ${item.count?.raw ?? '?'}`, kind: 'repeat', range: item.range, selectionRange: item.keywordRange, children: items(item.body) };
  });
}

/** A declaration with a name, its range and its children. */
function named(declaration: Exclude<Declaration, TrainDeclaration>, detail: string, children: OutlineSymbol[]): OutlineSymbol {
  return {
    name: declaration.name?.name ?? declaration.kind,
    detail,
    kind: declaration.kind,
    range: declaration.range,
    selectionRange: declaration.name?.range ?? declaration.keywordRange,
    children,
  };
}

/** The outline of a parsed document. */
export function outline(spec: SpecFile): OutlineSymbol[] {
  return spec.declarations.map((declaration): OutlineSymbol => {
    if (declaration.kind === 'model') return named(declaration, 'model', items(declaration.items));
    if (declaration.kind === 'block')
      return named(declaration, `block(${declaration.params.map((param) => param.name.name).join(', ')})`, items(declaration.items));
    if (declaration.kind === 'param') return named(declaration, 'param', []);
    const children = declaration.properties.map(
      (property): OutlineSymbol => ({ name: property.key.name, kind: 'property', range: property.range, selectionRange: property.key.range, children: [] }),
    );
    if (declaration.kind === 'data' || declaration.kind === 'study') return named(declaration, declaration.kind, children);
    return {
      name: `train ${declaration.model?.name ?? '?'} on ${declaration.data?.name ?? '?'}`,
      kind: 'train',
      range: declaration.range,
      selectionRange: declaration.keywordRange,
      children,
    };
  });
}
