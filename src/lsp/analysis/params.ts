/**
 * Params and studies as the editor sees them, read from the syntax tree alone (the checker types
 * them; the editor needs only where each is written): every use of a declared param inside a
 * `data`, `model` or `train` declaration, with the catalogue parameter it feeds; every key of a
 * study's `grid:` and `random:`; a study's varied values and its size.
 */
import type { CatalogueView, EntryView, ParamView } from '../../catalogue/types.js';
import type { Argument, Identifier, ModelItem, Property, SpecFile, StudyDeclaration, Value } from '../../syntax/ast.js';
import { categoryOfKey, lookupEntry, positionalParams } from './entries.js';

/** One place a param's value is used. */
export interface ParamUse {
  /** The name as written at the use. */
  identifier: Identifier;
  /** The catalogue parameter the use gives a value to, and whose it is (`` `dropout` ``, ``the `train` block``), when known. */
  feeds?: { param: ParamView; owner: string };
}

/** A key of a study's `grid:` or `random:` object: the param it varies and the values it takes. */
export interface StudyKey {
  study: StudyDeclaration;
  mode: 'grid' | 'random';
  key: Identifier;
  value: Value | undefined;
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
    for (const property of list) visit(property.value, property.key.name, options.find((option) => option.name === property.key.name), owner);
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
      else call(item.args, catalogue.layer(item.name.name));
    }
  };
  for (const declaration of spec.declarations) {
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

/** The keys of every study's `grid:` and `random:` objects, in source order. */
export function studyKeys(spec: SpecFile): StudyKey[] {
  const keys: StudyKey[] = [];
  for (const study of spec.declarations) {
    if (study.kind !== 'study') continue;
    for (const property of study.properties) {
      const mode = property.key.name;
      if ((mode !== 'grid' && mode !== 'random') || property.value?.kind !== 'object') continue;
      for (const entry of property.value.entries) keys.push({ study, mode, key: entry.key, value: entry.value });
    }
  }
  return keys;
}

/** The value of a study's option, if written. */
export function studyOption(study: StudyDeclaration, name: string): Value | undefined {
  return study.properties.find((property) => property.key.name === name)?.value;
}

/** The text of a value as written in `text`. */
export function sourceOf(text: string, value: Value): string {
  return text.slice(value.range.start.offset, value.range.end.offset).replace(/\s+/g, ' ');
}

/** What a study key varies, in words: `grid 0, 0.1, 0.3` or `random log_uniform(1e-4, 1e-1)`. */
export function variationText(text: string, key: StudyKey): string {
  if (!key.value) return key.mode;
  const values = key.mode === 'grid' && key.value.kind === 'list' ? key.value.items.map((item) => sourceOf(text, item)).join(', ') : sourceOf(text, key.value);
  return `${key.mode} ${values}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A study's size as far as its syntax tells (`4 settings x 5 seeds = 20 trials`): a grid's
 * settings are the product of its lists' lengths, a random study's are its `trials`; seeds are a
 * count or a list's length, else the catalogue's default. Undefined when it cannot be read.
 */
export function studySize(study: StudyDeclaration, catalogue: CatalogueView): string | undefined {
  const grid = studyOption(study, 'grid');
  const trials = studyOption(study, 'trials');
  let settings: number | undefined;
  if (grid?.kind === 'object' && grid.entries.length > 0 && grid.entries.every((entry) => entry.value?.kind === 'list')) {
    settings = grid.entries.reduce((product, entry) => product * (entry.value?.kind === 'list' ? entry.value.items.length : 1), 1);
  } else if (studyOption(study, 'random') && trials?.kind === 'number') {
    settings = trials.value;
  }
  const seedsValue = studyOption(study, 'seeds');
  const fallback = catalogue.studyOptions.find((option) => option.name === 'seeds')?.default;
  const seeds = seedsValue === undefined ? (typeof fallback === 'number' ? fallback : undefined) : seedsValue.kind === 'number' ? seedsValue.value : seedsValue.kind === 'list' ? seedsValue.items.length : undefined;
  if (settings === undefined || seeds === undefined || !Number.isInteger(settings) || !Number.isInteger(seeds)) return undefined;
  return `${plural(settings, 'setting')} x ${plural(seeds, 'seed')} = ${plural(settings * seeds, 'trial')}`;
}
