/**
 * Binds the arguments of a call (a layer, an optimizer, a data source...) to the parameters
 * of its catalogue entry: positional and named arguments, duplicates, unknown names, missing
 * required ones; then resolves each value and fills in defaults.
 */
import type { Argument, Property, Value } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import type { IrValue } from '../ir/schema.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';
import { listNames, reportUnknownName } from './context.js';
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import { resolveValue } from './values.js';

export interface BoundArguments {
  /** Every parameter, given or defaulted (a required one missing is absent). */
  params: Record<string, IrValue>;
  /** The value node each given parameter came from, for pointing at it later. */
  given: Map<string, Value>;
  /** False when something was reported, so later stages should not trust the params. */
  complete: boolean;
}

export interface BindOptions {
  /** How messages name the owner: `` `dense` ``. */
  owner: string;
  /** Where "missing parameter" points. */
  calleeRange: Range;
  /** Parameters the caller resolves itself (they are bound, not resolved). */
  custom?: ReadonlySet<string>;
}

interface EntryIndex {
  positional: ParamView[];
  byName: Map<string, ParamView>;
}

// Built once per catalogue entry: a 10,000-layer model binds the same few entries over and over.
const indexes = new WeakMap<readonly ParamView[], EntryIndex>();

function indexOf(entry: EntryView): EntryIndex {
  let index = indexes.get(entry.params);
  if (!index) {
    index = {
      positional: entry.params.filter((param) => param.position !== undefined).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)),
      byName: new Map(entry.params.map((param) => [param.name, param])),
    };
    indexes.set(entry.params, index);
  }
  return index;
}

/** Binds and resolves call arguments against an entry's parameters. */
export function bindArguments(ctx: CheckContext, catalogue: CatalogueView, entry: EntryView, args: readonly Argument[], options: BindOptions): BoundArguments {
  const errorsBefore = ctx.errorCount;
  const { positional, byName } = indexOf(entry);
  const assigned = new Map<string, { range: Range; value?: Value }>();
  let positionalIndex = 0;
  let seenNamed = false;
  for (const argument of args) {
    let param: ParamView | undefined;
    if (!argument.name) {
      if (seenNamed) {
        ctx.report({
          code: NAME_CODE.positionalAfterNamed,
          message: `positional argument after a named one in ${options.owner}`,
          range: argument.range,
          label: 'give this argument a name',
          help:
            positional.length > 0
              ? `positional arguments come first; ${options.owner} takes ${listNames(
                  positional.map((p) => p.name),
                  'then',
                )} by position`
              : undefined,
        });
        continue;
      }
      if (positional.length === 0) {
        ctx.report({
          code: NAME_CODE.positionalNotAllowed,
          message: `${options.owner} takes no positional arguments`,
          range: argument.range,
          label: 'unexpected positional argument',
          help:
            entry.params.length > 0
              ? `name the argument: one of ${listNames(entry.params.map((p) => p.name))}`
              : `${options.owner} takes no arguments; remove it`,
        });
        continue;
      }
      if (positionalIndex >= positional.length) {
        const names = positional.map((p) => p.name);
        ctx.report({
          code: NAME_CODE.tooManyPositionals,
          message: `${options.owner} takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} (${listNames(names, 'and')}), got more`,
          range: argument.range,
          label: 'extra positional argument',
          help: 'name this argument (`name: value`)',
        });
        continue;
      }
      param = positional[positionalIndex];
      positionalIndex += 1;
    } else {
      seenNamed = true;
      param = byName.get(argument.name.name);
      if (!param) {
        reportUnknownParameter(ctx, catalogue, entry, argument.name.name, argument.name.range, options.owner);
        continue;
      }
    }
    const previous = assigned.get(param.name);
    if (previous) {
      ctx.report({
        code: NAME_CODE.duplicateParameter,
        message: `\`${param.name}\` is given twice in ${options.owner}`,
        range: argument.range,
        label: 'given again here',
        labels: [{ range: previous.range, message: `\`${param.name}\` first given here` }],
        help: 'remove one of them',
      });
      continue;
    }
    assigned.set(param.name, { range: argument.range, value: argument.value });
  }
  return resolveBound(ctx, catalogue, entry, assigned, options, errorsBefore);
}

/** Binds the `key: value` properties of a block or object against its options. */
export function bindProperties(
  ctx: CheckContext,
  catalogue: CatalogueView,
  entry: EntryView,
  properties: readonly Property[],
  options: BindOptions & { missingCode?: string },
): BoundArguments {
  const errorsBefore = ctx.errorCount;
  const { byName } = indexOf(entry);
  const assigned = new Map<string, { range: Range; value?: Value }>();
  for (const property of properties) {
    const param = byName.get(property.key.name);
    if (!param) {
      reportUnknownParameter(ctx, catalogue, entry, property.key.name, property.key.range, options.owner, NAME_CODE.unknownOption);
      continue;
    }
    const previous = assigned.get(param.name);
    if (previous) {
      ctx.report({
        code: NAME_CODE.duplicateParameter,
        message: `\`${param.name}\` is given twice in ${options.owner}`,
        range: property.range,
        label: 'given again here',
        labels: [{ range: previous.range, message: `\`${param.name}\` first given here` }],
        help: 'remove one of them',
      });
      continue;
    }
    assigned.set(param.name, { range: property.range, value: property.value });
  }
  return resolveBound(ctx, catalogue, entry, assigned, options, errorsBefore, options.missingCode ?? NAME_CODE.missingOption);
}

function resolveBound(
  ctx: CheckContext,
  catalogue: CatalogueView,
  entry: EntryView,
  assigned: Map<string, { range: Range; value?: Value }>,
  options: BindOptions,
  errorsBefore: number,
  missingCode: string = NAME_CODE.missingParameter,
): BoundArguments {
  const params: Record<string, IrValue> = {};
  const given = new Map<string, Value>();
  let complete = true;
  for (const param of entry.params) {
    const slot = assigned.get(param.name);
    if (slot) {
      // The parser already reported a value it could not read.
      if (!slot.value) {
        complete = false;
        continue;
      }
      given.set(param.name, slot.value);
      if (options.custom?.has(param.name)) continue;
      const value = resolveValue(ctx, catalogue, param, slot.value);
      if (value === undefined) complete = false;
      else params[param.name] = value;
      continue;
    }
    if (param.required) {
      const how = param.position !== undefined ? ' (by position or by name)' : '';
      ctx.report({
        code: missingCode,
        message: `${options.owner} is missing required ${missingCode === NAME_CODE.missingOption ? 'option' : 'parameter'} \`${param.name}\``,
        range: options.calleeRange,
        label: `\`${param.name}\` is required`,
        help: `give \`${param.name}\`${how}${param.doc ? `: ${param.doc}` : ''}`,
      });
      complete = false;
      continue;
    }
    if (param.default !== undefined && !options.custom?.has(param.name)) params[param.name] = param.default;
  }
  return { params, given, complete: complete && ctx.errorCount === errorsBefore };
}

function reportUnknownParameter(
  ctx: CheckContext,
  catalogue: CatalogueView,
  entry: EntryView,
  name: string,
  range: Range,
  owner: string,
  code: string = NAME_CODE.unknownParameter,
): void {
  const names = entry.params.map((param) => param.name);
  const suggestion = catalogue.suggest(name, names);
  const what = code === NAME_CODE.unknownOption ? 'option' : 'parameter';
  reportUnknownName(ctx, {
    code,
    message: `unknown ${what} \`${name}\` for ${owner}`,
    range,
    suggestion,
    label: `unknown ${what}`,
    help: names.length > 0 ? `${owner} takes ${listNames(names, 'and')}` : `${owner} takes no ${what}s`,
  });
}
