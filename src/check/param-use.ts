/**
 * Where params are used: every single-segment name written as a value in a `data`, `model` or
 * `train` declaration, with the catalogue parameter it feeds (`dropout`'s `rate`, `adam`'s
 * `learning_rate`, the train block's `epochs`). The checker says what a study's value is used
 * as; the editor's hover, references and rename read the same uses.
 */
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import type { Argument, Identifier, ModelItem, Property, SpecFile, Value } from '../syntax/ast.js';
import { describeParam } from '../catalogue/params.js';
import { categoryOfKey, lookupEntry, positionalParams } from '../catalogue/entry-lookup.js';

/** One place a param's value is used. */
export interface ParamUse {
  /** The name as written at the use. */
  identifier: Identifier;
  /** The catalogue parameter the use gives a value to, and whose it is (`` `dropout` ``, ``the `train` block``), when known. */
  feeds?: { param: ParamView; owner: string };
}

/**
 * Every single-segment name written as a value inside a `data`, `model` or `train` declaration
 * for which `wanted` holds, with the catalogue parameter it feeds. With the declared params'
 * names these are the param uses; with every name, the names a param must not be renamed to.
 */
export function valueNames(spec: SpecFile, catalogue: CatalogueView, wanted: (name: string) => boolean): ParamUse[] {
  const uses: ParamUse[] = [];
  const visit = (value: Value | undefined, key: string | undefined, param: ParamView | undefined, owner: string): void => {
    if (!value) return;
    switch (value.kind) {
      case 'name':
        if (value.path.length === 1 && wanted(value.name)) uses.push({ identifier: value.path[0]!, ...(param ? { feeds: { param, owner } } : {}) });
        return;
      case 'list':
        for (const item of value.items) visit(item, key, param, owner);
        return;
      case 'object': {
        const options = key === 'split' ? catalogue.splitOptions : key === 'early_stopping' ? catalogue.earlyStoppingOptions : [];
        properties(value.entries, options, `\`${key ?? 'object'}\``);
        return;
      }
      case 'call': {
        const category = categoryOfKey(key, param) ?? (value.callee.name === 'early_stopping' ? 'early_stopping' : undefined);
        call(value.args, category ? lookupEntry(catalogue, category, value.callee.name) : undefined);
        return;
      }
      default:
        return;
    }
  };
  const properties = (list: readonly Property[], options: readonly ParamView[], owner: string): void => {
    for (const property of list)
      visit(
        property.value,
        property.key.name,
        options.find((option) => option.name === property.key.name),
        owner,
      );
  };
  const call = (args: readonly Argument[], entry: EntryView | undefined): void => {
    const positional = entry ? positionalParams(entry) : [];
    let place = 0;
    for (const arg of args) {
      const param = arg.name ? entry?.params.find((candidate) => candidate.name === arg.name!.name) : positional[place++];
      visit(arg.value, arg.name?.name ?? param?.name, param, entry ? `\`${entry.name}\`` : '');
    }
  };
  const items = (list: readonly ModelItem[]): void => {
    for (const item of list) {
      if (item.kind === 'repeat') items(item.body);
      else if (item.kind === 'layer') call(item.args, catalogue.layer(item.name.name));
    }
  };
  const outer = wanted;
  for (const declaration of spec.declarations) {
    if (declaration.kind === 'block') {
      // A block's defaults are spec values; in its body its own parameters hide the spec's names.
      for (const param of declaration.params) visit(param.default, undefined, undefined, `block \`${declaration.name?.name ?? ''}\``);
      const own = new Set(declaration.params.map((param) => param.name.name));
      wanted = (name) => !own.has(name) && outer(name);
      items(declaration.items);
      wanted = outer;
    }
    if (declaration.kind === 'model') items(declaration.items);
    else if (declaration.kind === 'data') properties(declaration.properties, catalogue.dataOptions, 'the `data` block');
    else if (declaration.kind === 'train') properties(declaration.properties, catalogue.trainOptions, 'the `train` block');
  }
  return uses;
}

/** The uses of the params `spec` declares. */
export function paramUses(spec: SpecFile, catalogue: CatalogueView): ParamUse[] {
  const declared = new Set(spec.declarations.flatMap((declaration) => (declaration.kind === 'param' && declaration.name ? [declaration.name.name] : [])));
  return declared.size === 0 ? [] : valueNames(spec, catalogue, (name) => declared.has(name));
}

/** A use in words: "used as `dropout`'s rate, which takes a number in [0, 1)". */
export function describeParamUse(use: Pick<ParamUse, 'feeds'>): string {
  if (!use.feeds) return 'used here';
  return `used as ${use.feeds.owner}'s ${use.feeds.param.name}, which takes ${describeParam(use.feeds.param)}`;
}
