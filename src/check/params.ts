/**
 * `param` declarations: their references (a one-segment name value equal to a param's name,
 * anywhere in a data, model, block or train declaration; in a block body a name equal to one of
 * the block's own parameters is that parameter) and the substitution of values for them.
 * The checker substitutes the defaults before checking anything else, so a plain check (and a
 * plain `nnspec train`) sees the spec as if each default were written where the param is used;
 * a study substitutes each of its settings the same way.
 */
import type { Argument, Declaration, LayerNode, NameValue, ParamDeclaration, Property, SpecFile, Value } from '../syntax/ast.js';
import type { CatalogueView } from '../catalogue/types.js';
import { substituteInArgument, substituteNames } from './substitute.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';

/** One declared param. */
export interface DeclaredParam {
  name: string;
  declaration: ParamDeclaration;
  /** Its default, when the parser could read one. */
  value?: Value;
  /** Every reference to it, in source order. */
  references: NameValue[];
}

/** The params of a spec, by name (the first declaration of each name). */
export type ParamTable = ReadonlyMap<string, DeclaredParam>;

/** A value for each param a setting varies, by param name. */
export type ParamBinding = ReadonlyMap<string, Value>;

/**
 * Collects the params and their references; reports a name declared twice and a param that
 * shares its name with a model or data block (a reference there would be ambiguous).
 */
export function collectParams(ctx: CheckContext, spec: SpecFile, catalogue: CatalogueView): ParamTable {
  const params = new Map<string, DeclaredParam>();
  const blockNames = new Map<string, Range>();
  for (const declaration of spec.declarations) {
    if ((declaration.kind === 'model' || declaration.kind === 'data') && declaration.name) blockNames.set(declaration.name.name, declaration.name.range);
  }
  for (const declaration of spec.declarations) {
    if (declaration.kind !== 'param' || !declaration.name) continue;
    const name = declaration.name.name;
    const first = params.get(name);
    if (first?.declaration.name) {
      ctx.report({
        code: NAME_CODE.duplicateDeclaration,
        message: `param \`${name}\` is declared twice`,
        range: declaration.name.range,
        label: 'declared again here',
        labels: [{ range: first.declaration.name.range, message: `\`${name}\` first declared here` }],
        help: 'rename one of the params',
      });
      continue;
    }
    const block = blockNames.get(name);
    if (block) {
      ctx.report({
        code: NAME_CODE.paramShadowsBlock,
        message: `param \`${name}\` has the name of a model or data block`,
        range: declaration.name.range,
        label: 'same name as a block',
        labels: [{ range: block, message: `\`${name}\` declared here` }],
        help: 'give the param a name of its own',
      });
      continue;
    }
    params.set(name, { name, declaration, value: declaration.value, references: [] });
  }
  if (params.size === 0) return params;
  for (const declaration of spec.declarations)
    forEachValue(declaration, catalogue, (value) => {
      if (value.kind === 'name' && value.path.length === 1) params.get(value.name)?.references.push(value);
    });
  return params;
}

/**
 * Calls `visit` on every value of a data, model, block or train declaration, nested ones
 * included. In a block body, a name equal to one of the block's parameters is that parameter,
 * not a spec param, and is not visited.
 */
export function forEachValue(declaration: Declaration, catalogue: CatalogueView, visit: (value: Value) => void): void {
  let hidden: ReadonlySet<string> = new Set();
  const walk = (value: Value | undefined): void => {
    if (!value) return;
    if (!(value.kind === 'name' && value.path.length === 1 && hidden.has(value.name))) visit(value);
    if (value.kind === 'list') value.items.forEach(walk);
    else if (value.kind === 'object') value.entries.forEach((entry) => walk(entry.value));
    else if (value.kind === 'call') value.args.forEach((argument) => walk(argument.value));
  };
  if (declaration.kind === 'data' || declaration.kind === 'train') declaration.properties.forEach((property) => walk(property.value));
  else if (declaration.kind === 'model' || declaration.kind === 'block') {
    if (declaration.kind === 'block') hidden = new Set(declaration.params.map((param) => param.name.name));
    const items = (list: typeof declaration.items): void => {
      for (const item of list) {
        if (item.kind === 'layer') item.args.forEach((argument) => !namesOutput(catalogue, item, argument) && walk(argument.value));
        else if (item.kind === 'repeat') items(item.body);
      }
    };
    items(declaration.items);
    // Defaults are outside the body: they see the spec's params.
    hidden = new Set();
    if (declaration.kind === 'block') declaration.params.forEach((param) => walk(param.default));
  }
}

/** A merge's positional argument names an output (`add(h)`), which is never a param, even one called `h`. */
function namesOutput(catalogue: CatalogueView, item: LayerNode, argument: Argument): boolean {
  return argument.name === undefined && argument.value?.kind === 'name' && catalogue.layer(item.name.name)?.merge !== undefined;
}

/** The defaults of every param that has one. */
export function defaultBinding(params: ParamTable): Map<string, Value> {
  const binding = new Map<string, Value>();
  for (const param of params.values()) if (param.value) binding.set(param.name, param.value);
  return binding;
}

/**
 * The spec with each param reference replaced by its bound value. The substituted value keeps
 * the reference's range at its top (a problem with the value is reported where the param is
 * used); what is inside a bound list or call keeps the ranges where the value was written.
 * Declarations without references are shared, not copied.
 */
export function bindParams(spec: SpecFile, params: ParamTable, binding: ParamBinding, catalogue: CatalogueView): SpecFile {
  if (params.size === 0) return spec;
  let shadowed: ReadonlySet<string> = new Set();
  const replace = (reference: NameValue): Value | undefined => {
    const bound = params.has(reference.name) && !shadowed.has(reference.name) ? binding.get(reference.name) : undefined;
    return bound ? { ...bound, range: reference.range } : undefined;
  };
  const substitute = (value: Value | undefined): Value | undefined => substituteNames(value, replace);
  const property = (entry: Property): Property => ({ ...entry, value: substitute(entry.value) });
  const argument = (entry: Argument): Argument => substituteInArgument(entry, replace);
  const declarations = spec.declarations.map((declaration): Declaration => {
    if (declaration.kind === 'data' || declaration.kind === 'train') return { ...declaration, properties: declaration.properties.map(property) };
    if (declaration.kind === 'model' || declaration.kind === 'block') {
      type Items = typeof declaration.items;
      const layerArgument =
        (item: LayerNode) =>
        (entry: Argument): Argument =>
          namesOutput(catalogue, item, entry) ? entry : argument(entry);
      // Whatever no param reaches stays the same object: the language server's checker remembers model checks by object.
      const items = (list: Items): Items => {
        const mapped = list.map((item) => {
          if (item.kind === 'layer') {
            const args = item.args.map(layerArgument(item));
            return sameItems(args, item.args) ? item : { ...item, args };
          }
          if (item.kind === 'repeat') {
            const body = items(item.body);
            return body === item.body ? item : { ...item, body };
          }
          return item;
        });
        return sameItems(mapped, list) ? list : mapped;
      };
      if (declaration.kind === 'model') {
        const bound = items(declaration.items);
        return bound === declaration.items ? declaration : { ...declaration, items: bound };
      }
      // A block's defaults see the spec's params; its body's names equal to its own parameters are those.
      shadowed = new Set();
      const params = declaration.params.map((param) => {
        const value = substitute(param.default);
        return value === param.default ? param : { ...param, default: value };
      });
      shadowed = new Set(declaration.params.map((param) => param.name.name));
      const body = items(declaration.items);
      shadowed = new Set();
      return body === declaration.items && sameItems(params, declaration.params) ? declaration : { ...declaration, params, items: body };
    }
    return declaration;
  });
  return { ...spec, declarations };
}

/** True when two lists hold the same objects in the same order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * Warns about params that no declaration uses. A study may still vary one: then every setting
 * trains the same thing, which the warning says.
 */
export function reportUnusedParams(ctx: CheckContext, params: ParamTable, varied: ReadonlySet<string>): void {
  for (const param of params.values()) {
    if (param.references.length > 0) continue;
    ctx.report({
      code: NAME_CODE.unusedParam,
      message: `param \`${param.name}\` is never used`,
      range: param.declaration.name!.range,
      label: 'unused param',
      help: varied.has(param.name)
        ? `a study varies it, but every setting trains the same spec: use it where a value goes (\`dropout(${param.name})\`)`
        : `use it where a value goes (\`dropout(${param.name})\`), or remove it`,
    });
  }
}
