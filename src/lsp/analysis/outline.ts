/** The document outline: declarations with their layers and properties. */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { ModelItem, SpecFile } from '../../syntax/ast.js';

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

/** The outline of a parsed document. */
export function outline(spec: SpecFile): OutlineSymbol[] {
  return spec.declarations.map((declaration): OutlineSymbol => {
    if (declaration.kind === 'model') {
      return {
        name: declaration.name?.name ?? 'model',
        detail: 'model',
        kind: 'model',
        range: declaration.range,
        selectionRange: declaration.name?.range ?? declaration.keywordRange,
        children: items(declaration.items),
      };
    }
    if (declaration.kind === 'block') {
      const params = declaration.params.map((param) => param.name.name).join(', ');
      return {
        name: declaration.name?.name ?? 'block',
        detail: `block(${params})`,
        kind: 'block',
        range: declaration.range,
        selectionRange: declaration.name?.range ?? declaration.keywordRange,
        children: items(declaration.items),
      };
    }
    if (declaration.kind === 'param') {
      return {
        name: declaration.name?.name ?? 'param',
        detail: 'param',
        kind: 'param',
        range: declaration.range,
        selectionRange: declaration.name?.range ?? declaration.keywordRange,
        children: [],
      };
    }
    const children = declaration.properties.map(
      (property): OutlineSymbol => ({ name: property.key.name, kind: 'property', range: property.range, selectionRange: property.key.range, children: [] }),
    );
    if (declaration.kind === 'data') {
      return {
        name: declaration.name?.name ?? 'data',
        detail: 'data',
        kind: 'data',
        range: declaration.range,
        selectionRange: declaration.name?.range ?? declaration.keywordRange,
        children,
      };
    }
    if (declaration.kind === 'study') {
      return {
        name: declaration.name?.name ?? 'study',
        detail: 'study',
        kind: 'study',
        range: declaration.range,
        selectionRange: declaration.name?.range ?? declaration.keywordRange,
        children,
      };
    }
    return {
      name: `train ${declaration.model?.name ?? '?'} on ${declaration.data?.name ?? '?'}`,
      kind: 'train',
      range: declaration.range,
      selectionRange: declaration.keywordRange,
      children,
    };
  });
}
