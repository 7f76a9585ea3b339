/**
 * How deep the brackets of a declaration nest, read from its syntax tree: for a declaration the
 * parser read without errors, every `{`, `(` and `[` is a body, a call or a list of the tree. The
 * incremental parser needs it to know whether brackets left open by an edit push the rest of
 * the file past the parser's nesting limit.
 */
import type { Argument, Declaration, ModelItem, Property, Value } from '../../syntax/ast.js';

const known = new WeakMap<Declaration, number>();

function valueDepth(value: Value | undefined): number {
  if (!value) return 0;
  if (value.kind === 'list') return 1 + Math.max(0, ...value.items.map(valueDepth));
  if (value.kind === 'object') return 1 + propertiesDepth(value.entries);
  if (value.kind === 'call') return 1 + argumentsDepth(value.args);
  return 0;
}

function propertiesDepth(properties: readonly Property[]): number {
  let deepest = 0;
  for (const property of properties) deepest = Math.max(deepest, valueDepth(property.value));
  return deepest;
}

function argumentsDepth(args: readonly Argument[]): number {
  let deepest = 0;
  for (const argument of args) deepest = Math.max(deepest, valueDepth(argument.value));
  return deepest;
}

function itemsDepth(items: readonly ModelItem[]): number {
  let deepest = 0;
  for (const item of items) {
    if (item.kind === 'layer') deepest = Math.max(deepest, 1 + argumentsDepth(item.args));
    else if (item.kind === 'repeat') deepest = Math.max(deepest, 1 + itemsDepth(item.body));
  }
  return deepest;
}

/**
 * The deepest bracket nesting inside a declaration the parser read without errors (a model body
 * is 1, a layer's arguments in it 2). Remembered per declaration object.
 */
export function nestingDepth(declaration: Declaration): number {
  const remembered = known.get(declaration);
  if (remembered !== undefined) return remembered;
  let depth: number;
  if (declaration.kind === 'param') depth = valueDepth(declaration.value);
  else if (declaration.kind === 'model') depth = 1 + itemsDepth(declaration.items);
  else if (declaration.kind === 'block') {
    const params = 1 + Math.max(0, ...declaration.params.map((param) => valueDepth(param.default)));
    depth = Math.max(params, 1 + itemsDepth(declaration.items));
  } else depth = 1 + propertiesDepth(declaration.properties);
  known.set(declaration, depth);
  return depth;
}
