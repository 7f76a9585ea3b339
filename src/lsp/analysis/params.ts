/**
 * Params and studies as the editor sees them, read from the syntax tree alone (the checker types
 * them; the editor needs only where each is written): every use of a declared param inside a
 * `data`, `model` or `train` declaration, with the catalogue parameter it feeds; every key of a
 * study's `grid:` and `random:`; a study's varied values and its size.
 */
import type { CatalogueView } from '../../catalogue/types.js';
import type { Identifier, SpecFile, StudyDeclaration, Value } from '../../syntax/ast.js';
import { paramUses, valueNames, type ParamUse } from '../../check/param-use.js';

export { paramUses, valueNames };
export type { ParamUse };

/** A key of a study's `grid:` or `random:` object: the param it varies and the values it takes. */
export interface StudyKey {
  study: StudyDeclaration;
  mode: 'grid' | 'random';
  key: Identifier;
  value: Value | undefined;
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
  const seeds =
    seedsValue === undefined
      ? typeof fallback === 'number'
        ? fallback
        : undefined
      : seedsValue.kind === 'number'
        ? seedsValue.value
        : seedsValue.kind === 'list'
          ? seedsValue.items.length
          : undefined;
  if (settings === undefined || seeds === undefined || !Number.isInteger(settings) || !Number.isInteger(seeds)) return undefined;
  return `${plural(settings, 'setting')} x ${plural(seeds, 'seed')} = ${plural(settings * seeds, 'trial')}`;
}
