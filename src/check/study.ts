/**
 * Checks `study` blocks: every value a study gives a param against every use of that param
 * (an error at the value, labelled at the use), then every setting as a whole spec (a value that
 * changes a shape so that a later layer breaks is an error naming the setting). Nothing trains
 * unless every setting checks.
 */
import type { SpecFile, StudyDeclaration, Value } from '../syntax/ast.js';
import type { Diagnostic, Label, Range, StageResult } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { IrValue } from '../ir/schema.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { CheckContext } from './context.js';
import { defaultBinding, type ParamBinding, type ParamTable } from './params.js';
import { describeParamUse, paramUses, type ParamUse } from './param-use.js';
import { readStudyOptions, type StudyOptions } from './study-options.js';
import type { CheckedProgram, CheckedStudy, CheckedStudySetting } from './program.js';

/** Checks the whole spec with its params bound to these values: the checker's core. */
export type CheckBound = (binding: ParamBinding) => StageResult<CheckedProgram>;

/** A value as the spec writes it, for labels: `0.5`, `relu`, `gl(alpha: 2)`, `[1, 2]`. */
export function valueText(value: Value): string {
  switch (value.kind) {
    case 'number':
    case 'string':
      return value.raw;
    case 'boolean':
      return String(value.value);
    case 'name':
      return value.name;
    case 'list':
      return `[${value.items.map(valueText).join(', ')}]`;
    case 'object':
      return `{ ${value.entries.map((entry) => `${entry.key.name}: ${entry.value ? valueText(entry.value) : '_'}`).join(', ')} }`;
    case 'call':
      return `${value.callee.name}(${value.args.map((argument) => `${argument.name ? `${argument.name.name}: ` : ''}${argument.value ? valueText(argument.value) : '_'}`).join(', ')})`;
  }
}

/** A value as IR data: numbers, strings, booleans, names as strings, lists, objects, and calls as `{ type, params }`. */
export function valueToIr(value: Value): IrValue {
  switch (value.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return value.value;
    case 'name':
      return value.name === 'none' ? null : value.name;
    case 'list':
      return value.items.map(valueToIr);
    case 'object':
      return Object.fromEntries(value.entries.map((entry) => [entry.key.name, entry.value ? valueToIr(entry.value) : null]));
    case 'call': {
      const params: Record<string, IrValue> = {};
      value.args.forEach((argument, index) => (params[argument.name?.name ?? String(index)] = argument.value ? valueToIr(argument.value) : null));
      return { type: value.callee.name, params };
    }
  }
}

const within = (inner: Range, outer: Range): boolean => inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
const keyOf = (diagnostic: Diagnostic): string => `${diagnostic.code}|${diagnostic.range.start.offset}|${diagnostic.range.end.offset}|${diagnostic.message}`;

/** Checks every study of the spec. `baseline` is the check with every param at its default. */
export function checkStudies(
  ctx: CheckContext,
  catalogue: CatalogueView,
  spec: SpecFile,
  params: ParamTable,
  baseline: readonly Diagnostic[],
  checkBound: CheckBound,
): { studies: CheckedStudy[]; varied: Set<string> } {
  const declarations = spec.declarations.filter((d): d is StudyDeclaration => d.kind === 'study');
  const varied = new Set<string>();
  if (declarations.length === 0) return { studies: [], varied };
  const known = new Set(baseline.map(keyOf));
  const baselineErrors = baseline.some((diagnostic) => diagnostic.severity === 'error');
  const uses = paramUses(spec, catalogue);
  const studies: CheckedStudy[] = [];
  const seen = new Map<string, Range>();
  for (const declaration of declarations) {
    if (declaration.name) {
      const first = seen.get(declaration.name.name);
      if (first) {
        ctx.report({
          code: NAME_CODE.duplicateDeclaration,
          message: `study \`${declaration.name.name}\` is declared twice`,
          range: declaration.name.range,
          label: 'declared again here',
          labels: [{ range: first, message: 'first declared here' }],
          help: 'rename one of the studies',
        });
      } else seen.set(declaration.name.name, declaration.name.range);
    }
    const options = readStudyOptions(ctx, catalogue, spec, declaration, params);
    for (const param of options.varied) varied.add(param.name);
    // A spec that does not check with its defaults has been reported; its settings would repeat it.
    const settings = options.complete && !baselineErrors ? checkSettings(ctx, params, options, uses, known, checkBound) : undefined;
    studies.push(checkedStudy(options, settings));
  }
  return { studies, varied };
}

function checkedStudy(options: StudyOptions, settings: CheckedStudySetting[] | undefined): CheckedStudy {
  const declaration = options.declaration;
  const complete =
    settings !== undefined &&
    options.model !== undefined &&
    options.seeds.length > 0 &&
    settings.length > 0 &&
    settings.every((setting) => setting.program !== undefined);
  return {
    name: options.name,
    range: declaration.range,
    nameRange: declaration.name?.range ?? declaration.keywordRange,
    model: options.model ?? '',
    kind: options.kind,
    params: options.varied.map((param) => param.name),
    settings: settings ?? [],
    seeds: options.seeds,
    prune: options.prune,
    complete,
  };
}

function checkSettings(
  ctx: CheckContext,
  params: ParamTable,
  options: StudyOptions,
  uses: readonly ParamUse[],
  known: ReadonlySet<string>,
  checkBound: CheckBound,
): CheckedStudySetting[] {
  const defaults = defaultBinding(params);
  // A binding checked once: with one varied param, the value pass and the setting pass bind the
  // same values (the others at their defaults), so each setting is checked once, not twice.
  const ids = new Map<Value, number>();
  const results = new Map<string, StageResult<CheckedProgram>>();
  const checkBinding = (binding: ReadonlyMap<string, Value>): StageResult<CheckedProgram> => {
    const key = options.varied
      .map((param) => {
        const value = binding.get(param.name);
        if (value === undefined) return -1;
        if (!ids.has(value)) ids.set(value, ids.size);
        return ids.get(value)!;
      })
      .join(',');
    let result = results.get(key);
    if (!result) results.set(key, (result = checkBound(binding)));
    return result;
  };
  const usesOf = (name: string): ParamUse[] => uses.filter((use) => use.identifier.name === name);
  // 1. Each value against each use of its param, the other params at their defaults.
  const badValues = new Set<Value>();
  const reported = new Map<string, Diagnostic>();
  for (const param of options.varied) {
    const paramUses = usesOf(param.name);
    for (const candidate of param.candidates) {
      const binding = new Map(defaults).set(param.name, candidate);
      const { diagnostics } = checkBinding(binding);
      for (const diagnostic of diagnostics) {
        if (known.has(keyOf(diagnostic))) continue;
        const use = paramUses.find((one) => within(diagnostic.range, one.identifier.range));
        if (!use) continue;
        badValues.add(candidate);
        // A problem with the whole value is reported at the value as the study writes it; one
        // inside a bound list or call is already there.
        const range = within(diagnostic.range, candidate.range) ? diagnostic.range : candidate.range;
        const useLabel: Label = { range: use.identifier.range, message: describeParamUse(use) };
        const moved: Diagnostic = { ...diagnostic, range, labels: [...(diagnostic.labels ?? []), useLabel] };
        // The same value fails at each use of its param: one diagnostic, a label per use.
        const earlier = reported.get(keyOf(moved));
        if (earlier) earlier.labels = [...(earlier.labels ?? []), useLabel];
        else {
          reported.set(keyOf(moved), moved);
          ctx.diagnostics.push(moved);
        }
      }
    }
  }
  // 2. Each setting as a whole spec.
  const settings: CheckedStudySetting[] = [];
  const bySetting = new Map<string, { diagnostic: Diagnostic; labels: string[] }>();
  options.settings.forEach((values, index) => {
    const label = options.varied.map((param, at) => `${param.name} = ${valueText(values[at]!)}`).join(', ');
    const irValues = Object.fromEntries(options.varied.map((param, at) => [param.name, valueToIr(values[at]!)]));
    const setting: CheckedStudySetting = { index, values: irValues, label };
    settings.push(setting);
    // A random setting's values are drawn between checked bounds: a bad bound fails them all.
    if (values.some((value) => badValues.has(value)) || (options.kind === 'random' && badValues.size > 0)) return;
    const binding = new Map(defaults);
    options.varied.forEach((param, at) => binding.set(param.name, values[at]!));
    const { value: program, diagnostics } = checkBinding(binding);
    let failed = false;
    for (const diagnostic of diagnostics) {
      // A setting's own warnings are left out: they would repeat per setting what the study
      // varies on purpose (`patience` ignored by a `gl` rule the study compares with it).
      if (diagnostic.severity !== 'error') continue;
      failed = true;
      if (known.has(keyOf(diagnostic))) continue;
      const entry = bySetting.get(keyOf(diagnostic));
      if (entry) entry.labels.push(label);
      else bySetting.set(keyOf(diagnostic), { diagnostic, labels: [label] });
    }
    if (!failed) setting.program = program;
  });
  const studyRange = options.declaration.name?.range ?? options.declaration.keywordRange;
  for (const { diagnostic, labels } of bySetting.values()) {
    const others = labels.length > 1 ? ` (and ${labels.length - 1} other setting${labels.length === 2 ? '' : 's'})` : '';
    const studyLabel: Label = { range: studyRange, message: `study \`${options.name}\`, setting \`${labels[0]}\`${others}` };
    ctx.diagnostics.push({
      ...diagnostic,
      message: `with \`${labels[0]}\`${others}: ${diagnostic.message}`,
      labels: [...(diagnostic.labels ?? []), studyLabel],
    });
  }
  return settings;
}
