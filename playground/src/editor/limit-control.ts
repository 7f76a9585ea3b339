/**
 * The `limit` slider's view of a spec: the trained data block's `limit:` (how many training
 * examples are kept). Small limits provoke overfitting; the slider's maximum means "all", which
 * removes the property, as a spec without `limit:` keeps every example.
 */
import type { CatalogueView } from '../../../src/catalogue/types.js';
import { defaultCatalogueView } from '../../../src/catalogue/catalogue.js';
import type { CheckedProgram } from '../../../src/check/index.js';
import type { DataDeclaration, Property, SpecFile } from '../../../src/syntax/ast.js';
import { formatSliderNumber, numberSlot, type NumberSlot, type SpecEdit } from './spec-edits.js';

/** What the limit slider shows, or why it is disabled. `value` is undefined while every example is kept. */
export type LimitControl =
  | {
      enabled: true;
      data: DataDeclaration;
      property: Property | undefined;
      slot: NumberSlot | undefined;
      value: number | undefined;
      min: number;
      max: number;
      step: number;
    }
  | { enabled: false; reason: string };

/** When the data's size is unknown before it is read (a CSV file): the slider's top. */
const UNKNOWN_SIZE_MAX = 1000;

/** The training split's size when the source's size is known (a generator's `samples`, a bundled set), else undefined. */
function trainingExamples(program: CheckedProgram, name: string, catalogue: CatalogueView): number | undefined {
  const data = program.data.find((candidate) => candidate.name === name);
  if (!data) return undefined;
  const examples = catalogue.source(data.source.type)?.examples?.(data.source.params);
  return typeof examples === 'number' ? Math.floor(examples * data.split.train) : undefined;
}

/**
 * The trained data block's `limit:`, with the slider's range: from 10 to the training split's size
 * (or {@link UNKNOWN_SIZE_MAX} when only the file tells). Disabled when nothing is trained, or
 * when `limit:` is written as something the slider cannot rewrite.
 */
export function limitControl(spec: SpecFile, program: CheckedProgram, catalogue: CatalogueView = defaultCatalogueView()): LimitControl {
  const train = spec.declarations.find((declaration) => declaration.kind === 'train' && declaration.data);
  const dataName = train?.kind === 'train' ? train.data?.name : undefined;
  if (!dataName) return { enabled: false, reason: 'no data is trained on: the spec has no `train MODEL on DATA` declaration' };
  const data = spec.declarations.find((declaration): declaration is DataDeclaration => declaration.kind === 'data' && declaration.name?.name === dataName);
  if (!data) return { enabled: false, reason: `the trained data \`${dataName}\` is not declared` };
  const property = data.properties.find((candidate) => candidate.key.name === 'limit');
  const slot = property ? numberSlot(spec, property.value) : undefined;
  if (property && !slot) return { enabled: false, reason: '`limit:` is not written as a number or a param holding one' };
  const size = trainingExamples(program, dataName, catalogue);
  const max = size ?? Math.max(UNKNOWN_SIZE_MAX, slot?.value ?? 0);
  const step = max > 2000 ? 50 : max > 200 ? 10 : 1;
  return { enabled: true, data, property, slot, value: slot?.value, min: Math.min(10, max), max, step };
}

/** The indentation of the line holding `offset`. */
function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The span to delete to remove a property: its whole line when nothing else is on it, else the property alone. */
function propertyRemoval(text: string, property: Property): SpecEdit {
  const lineStart = text.lastIndexOf('\n', property.range.start.offset - 1) + 1;
  const newline = text.indexOf('\n', property.range.end.offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const alone = text.slice(lineStart, property.range.start.offset).trim() === '' && text.slice(property.range.end.offset, lineEnd).trim() === '';
  if (alone) return { from: lineStart, to: newline === -1 ? lineEnd : newline + 1, insert: '' };
  return { from: property.range.start.offset, to: property.range.end.offset, insert: '' };
}

/**
 * The edits setting the limit to `value`, or to "all" (`undefined`, or the slider's maximum):
 * the number rewritten in place (in its param when it is one); `limit: N` inserted on a line of
 * its own after the block's last property when absent; the property removed for "all".
 */
export function rewriteLimit(text: string, control: LimitControl, value: number | undefined): SpecEdit[] {
  if (!control.enabled) return [];
  const all = value === undefined || value >= control.max;
  if (all) return control.property ? [propertyRemoval(text, control.property)] : [];
  const written = formatSliderNumber(Math.round(value), 0);
  if (control.slot) return control.slot.value === Number(written) ? [] : [{ from: control.slot.from, to: control.slot.to, insert: written }];
  const last = control.data.properties[control.data.properties.length - 1];
  if (last) return [{ from: last.range.end.offset, to: last.range.end.offset, insert: `\n${indentOf(text, last.range.start.offset)}limit: ${written}` }];
  // An empty block: after its `{`, indented one level past the declaration.
  const open = text.indexOf('{', control.data.keywordRange.end.offset);
  if (open === -1 || open >= control.data.range.end.offset) return [];
  return [{ from: open + 1, to: open + 1, insert: `\n${indentOf(text, control.data.range.start.offset)}  limit: ${written}` }];
}
