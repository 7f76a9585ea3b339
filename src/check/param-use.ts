/**
 * Where a param is used: the catalogue parameter a reference feeds (`dropout`'s `rate`,
 * `adam`'s `learning_rate`, the train block's `epochs`), so that messages and hovers can say
 * what the param is used as and which values that use takes.
 */
import type { Argument, Declaration, NameValue, Property, SpecFile, Value } from '../syntax/ast.js';
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import { describeParam } from '../catalogue/params.js';

/** What one reference to a param is used as. */
export interface ParamUse {
  /** The entry or block that takes the value, for messages: `dropout`, `adam`, `train`, `early_stopping`. */
  owner: string;
  /** The catalogue parameter the value feeds, when known. */
  param?: ParamView;
  /** The reference itself. */
  reference: NameValue;
}

/** The catalogue entry a call names, wherever it stands (a regularizer, an optimizer, a data source...). */
function entryOfCall(catalogue: CatalogueView, name: string, key: string | undefined): EntryView | undefined {
  switch (key) {
    case 'optimizer':
      return catalogue.optimizer(name);
    case 'schedule':
      return catalogue.schedule(name);
    case 'loss':
      return catalogue.loss(name);
    case 'source':
      return catalogue.source(name);
    default:
      return catalogue.regularizer(name) ?? catalogue.initializer(name) ?? catalogue.optimizer(name) ?? catalogue.schedule(name) ?? catalogue.loss(name) ?? catalogue.source(name);
  }
}

function paramOfArgument(entry: EntryView | undefined, args: readonly Argument[], argument: Argument): ParamView | undefined {
  if (!entry) return undefined;
  if (argument.name) return entry.params.find((param) => param.name === argument.name!.name);
  const position = args.filter((other) => !other.name).indexOf(argument);
  return entry.params.find((param) => param.position === position);
}

/** Every use of each reference in `references`, found by walking the declarations once. */
export function findParamUses(spec: SpecFile, catalogue: CatalogueView, references: ReadonlySet<NameValue>): ParamUse[] {
  const uses: ParamUse[] = [];
  // `owner` and `param` describe the slot `value` fills; a nested call or object opens new slots.
  const visit = (value: Value | undefined, owner: string, param: ParamView | undefined, key: string | undefined): void => {
    if (!value) return;
    if (value.kind === 'name' && references.has(value)) uses.push({ owner, param, reference: value });
    else if (value.kind === 'list') value.items.forEach((item) => visit(item, owner, param, key));
    else if (value.kind === 'call') {
      const entry = entryOfCall(catalogue, value.callee.name, key);
      for (const argument of value.args) visit(argument.value, value.callee.name, paramOfArgument(entry, value.args, argument), undefined);
    } else if (value.kind === 'object') {
      const options = key === 'split' ? catalogue.splitOptions : key === 'early_stopping' ? catalogue.earlyStoppingOptions : [];
      for (const entry of value.entries) visit(entry.value, key ?? owner, options.find((option) => option.name === entry.key.name), entry.key.name);
    }
  };
  const properties = (list: readonly Property[], owner: string, options: readonly ParamView[]): void => {
    for (const property of list) visit(property.value, owner, options.find((option) => option.name === property.key.name), property.key.name);
  };
  const declaration = (node: Declaration): void => {
    if (node.kind === 'data') properties(node.properties, 'data', catalogue.dataOptions);
    else if (node.kind === 'train') properties(node.properties, 'train', catalogue.trainOptions);
    else if (node.kind === 'model') {
      const items = (list: typeof node.items): void => {
        for (const item of list) {
          if (item.kind === 'repeat') {
            items(item.body);
            continue;
          }
          const layer = catalogue.layer(item.name.name);
          for (const argument of item.args) visit(argument.value, item.name.name, paramOfArgument(layer, item.args, argument), argument.name?.name);
        }
      };
      items(node.items);
    }
  };
  spec.declarations.forEach(declaration);
  return uses;
}

/** A use in words: "used as `dropout`'s rate, which takes a number in [0, 1)". */
export function describeParamUse(use: Pick<ParamUse, 'owner' | 'param'>): string {
  if (!use.param) return `used in \`${use.owner}\``;
  return `used as \`${use.owner}\`'s ${use.param.name}, which takes ${describeParam(use.param)}`;
}
