/**
 * The dropout slider's view of a spec: every dropout rate of the trained models, as written.
 * A literal rate (`dropout(0.2)`) is edited in place; a rate given by a `param`
 * (`dropout(rate)`) edits the param's default, so a study over it still reads one number.
 */
import type { CatalogueView } from '../../../src/catalogue/types.js';
import { defaultCatalogueView } from '../../../src/catalogue/catalogue.js';
import { positionalParams } from '../../../src/catalogue/entry-lookup.js';
import type { ModelItem, SpecFile } from '../../../src/syntax/ast.js';
import { numberSlot, rewriteSlots, type NumberSlot, type SpecEdit } from './spec-edits.js';

/** What the dropout slider shows: the rates it drives, or why it is disabled. */
export type DropoutControl = { enabled: true; slots: NumberSlot[]; value: number } | { enabled: false; reason: string };

/** The slider's range: a dropout rate lies in [0, 1); above 0.9 a network learns almost nothing. */
export const DROPOUT_RANGE = { min: 0, max: 0.9, step: 0.05 } as const;

function layerItems(items: readonly ModelItem[]): ModelItem[] {
  return items.flatMap((item) => (item.kind === 'repeat' ? layerItems(item.body) : [item]));
}

/** The rates of one model's dropout layers (and of layers with a dropout option, as `lstm`'s `dropout:`), when written as numbers or params. */
function dropoutSlots(spec: SpecFile, items: readonly ModelItem[], catalogue: CatalogueView): NumberSlot[] {
  const slots: NumberSlot[] = [];
  for (const item of layerItems(items)) {
    if (item.kind !== 'layer') continue;
    const entry = catalogue.layer(item.name.name);
    if (entry?.trainingOnly?.effect !== 'dropout') continue;
    const positional = positionalParams(entry).map((param) => param.name);
    const unnamed = item.args.filter((argument) => !argument.name);
    for (const name of entry.trainingOnly.whenPositive) {
      const place = positional.indexOf(name);
      const argument = item.args.find((candidate) => candidate.name?.name === name) ?? (place >= 0 ? unnamed[place] : undefined);
      const slot = numberSlot(spec, argument?.value);
      if (slot) slots.push(slot);
    }
  }
  return slots;
}

/**
 * The dropout rates of the models a `train` declaration trains, in source order. Disabled when
 * there are none: a spec without a dropout layer, or whose rates are computed (a block's param).
 */
export function dropoutControl(spec: SpecFile, catalogue: CatalogueView = defaultCatalogueView()): DropoutControl {
  const trained = new Set(spec.declarations.flatMap((declaration) => (declaration.kind === 'train' && declaration.model ? [declaration.model.name] : [])));
  if (trained.size === 0) return { enabled: false, reason: 'no model is trained: the spec has no `train` declaration' };
  const slots = spec.declarations.flatMap((declaration) =>
    declaration.kind === 'model' && declaration.name && trained.has(declaration.name.name) ? dropoutSlots(spec, declaration.items, catalogue) : [],
  );
  const unique = slots.filter((slot, index) => slots.findIndex((other) => other.from === slot.from) === index).sort((a, b) => a.from - b.from);
  if (unique.length === 0) return { enabled: false, reason: 'the trained model has no dropout rate written as a number: add `dropout(0.2)` after a layer' };
  return { enabled: true, slots: unique, value: unique[0]!.value };
}

/** The edits setting every dropout rate the control drives to `rate` (none when they already are). */
export function rewriteDropout(control: DropoutControl, rate: number): SpecEdit[] {
  return control.enabled ? rewriteSlots(control.slots, rate) : [];
}
