/**
 * Resolves one AST value against a parameter's type: checks type and range, and normalises
 * it as the IR wants (sizes as lists, initializers and regularizers as `{ type, params }`).
 */
import type { Value } from '../syntax/ast.js';
import type { IrValue } from '../ir/schema.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';
import { listNames, reportUnknownName } from './context.js';
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import { bindArguments } from './arguments.js';
import { describeParamRange, isInParamRange } from '../catalogue/param-range.js';

/** Describes a value for messages: `12.5`, `"abc"`, `relu`, `a list`. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'number':
      return value.raw;
    case 'string':
      return value.raw;
    case 'boolean':
      return String(value.value);
    case 'name':
      return `\`${value.name}\``;
    case 'list':
      return 'a list';
    case 'object':
      return 'an object';
    case 'call':
      return `\`${value.callee.name}(...)\``;
  }
}

/** The largest whole number a parameter takes unless it sets its own maximum: 2^31 - 1. */
export const MAX_WHOLE_NUMBER = 2_147_483_647;

/** True for the name `none`, which means "no value" for nullable parameters. */
export function isNone(value: Value): boolean {
  return value.kind === 'name' && value.name === 'none';
}

/**
 * Resolves `value` for `param`. Reports what is wrong and returns `undefined` then, so the
 * caller knows the result is incomplete.
 */
export function resolveValue(ctx: CheckContext, catalogue: CatalogueView, param: ParamView, value: Value): IrValue | undefined {
  if (param.nullable && isNone(value)) return null;
  const type = param.type;
  const wrongType = (expected: string): undefined => {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`${param.name}\` must be ${expected}, got ${describeValue(value)}`,
      range: value.range,
      label: `expected ${expected}`,
      help: param.doc ? `\`${param.name}\`: ${param.doc}` : undefined,
    });
    return undefined;
  };
  const checkNumber = (number: number, range = value.range): number | undefined => {
    if (isInParamRange(param, number)) return number;
    const allowed = describeParamRange(param) ?? '';
    ctx.report({
      code: NAME_CODE.outOfRange,
      message: `\`${param.name}\` must be ${allowed}, got ${number}`,
      range,
      label: `out of range`,
      help: param.doc ? `\`${param.name}\`: ${param.doc}` : undefined,
    });
    return undefined;
  };
  // Whole numbers are sizes, counts and seeds: TF.js holds them in 32 bits.
  const checkWhole = (number: number, range = value.range): number | undefined => {
    if (number <= MAX_WHOLE_NUMBER || param.max !== undefined || param.maxExclusive !== undefined) return checkNumber(number, range);
    ctx.report({
      code: NAME_CODE.outOfRange,
      message: `\`${param.name}\` must be at most ${MAX_WHOLE_NUMBER}, got ${number}`,
      range,
      label: 'too large',
      help: 'TF.js holds sizes, counts and seeds as 32-bit integers',
    });
    return undefined;
  };
  switch (type.kind) {
    case 'int':
      if (value.kind !== 'number' || !Number.isInteger(value.value)) return wrongType('a whole number');
      return checkWhole(value.value);
    case 'number':
      if (value.kind !== 'number') return wrongType('a number');
      return checkNumber(value.value);
    case 'boolean':
      if (value.kind !== 'boolean') return wrongType('`true` or `false`');
      return value.value;
    case 'string':
      if (value.kind !== 'string') return wrongType('a string');
      return value.value;
    case 'name':
      if (value.kind !== 'name') return wrongType('a name');
      return value.name;
    case 'enum':
      return resolveEnum(ctx, catalogue, param, type.values, value);
    case 'shape': {
      if (value.kind !== 'list') return wrongType('a list of whole numbers');
      return resolveIntList(ctx, param, value.items, wrongType, checkWhole, 1);
    }
    case 'size': {
      if (value.kind === 'number') {
        if (!Number.isInteger(value.value)) return wrongType(type.rank === 1 ? 'a whole number' : `a whole number or a list of ${type.rank}`);
        const checked = checkWhole(value.value);
        return checked === undefined ? undefined : new Array<number>(type.rank).fill(checked);
      }
      if (value.kind !== 'list') return wrongType(`a whole number or a list of ${type.rank}`);
      if (value.items.length !== type.rank) return wrongType(`a whole number or a list of ${type.rank}`);
      return resolveIntList(ctx, param, value.items, wrongType, checkWhole, type.rank);
    }
    case 'initializer':
      return resolveCallLike(ctx, catalogue, value, 'initializer', param);
    case 'regularizer':
      return resolveCallLike(ctx, catalogue, value, 'regularizer', param);
  }
}

function resolveIntList(
  ctx: CheckContext,
  param: ParamView,
  items: readonly Value[],
  wrongType: (expected: string) => undefined,
  checkNumber: (number: number, range?: Value['range']) => number | undefined,
  minLength: number,
): IrValue | undefined {
  if (items.length < minLength) return wrongType('a list of whole numbers');
  const result: number[] = [];
  let ok = true;
  for (const item of items) {
    if (item.kind !== 'number' || !Number.isInteger(item.value)) {
      ctx.report({
        code: NAME_CODE.wrongType,
        message: `\`${param.name}\` must be a list of whole numbers, got ${describeValue(item)}`,
        range: item.range,
        label: 'expected a whole number',
      });
      ok = false;
      continue;
    }
    const checked =
      item.value >= 1 && item.value <= MAX_WHOLE_NUMBER && param.min === undefined && param.minExclusive === undefined
        ? item.value
        : checkNumber(item.value, item.range);
    if (checked === undefined) ok = false;
    else if (checked < 1) {
      ctx.report({
        code: NAME_CODE.outOfRange,
        message: `\`${param.name}\` must be a list of sizes of at least 1, got ${checked}`,
        range: item.range,
        label: 'out of range',
      });
      ok = false;
    } else result.push(checked);
  }
  return ok ? result : undefined;
}

function resolveEnum(ctx: CheckContext, catalogue: CatalogueView, param: ParamView, values: readonly string[], value: Value): IrValue | undefined {
  const written = value.kind === 'name' ? value.name : value.kind === 'string' ? value.value : undefined;
  if (written === undefined) {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`${param.name}\` must be one of ${listNames(values)}, got ${describeValue(value)}`,
      range: value.range,
      label: 'expected a name',
    });
    return undefined;
  }
  if (values.includes(written)) return written;
  const suggestion = catalogue.suggest(written, values);
  reportUnknownName(ctx, {
    code: NAME_CODE.unknownValue,
    message: `unknown value \`${written}\` for \`${param.name}\``,
    range: value.range,
    suggestion,
    label: 'unknown value',
    help: `expected one of ${listNames(values)}`,
    suggestionNote: `(one of ${listNames(values)})`,
  });
  return undefined;
}

/**
 * Resolves a name or call naming a catalogue item (initializer, regularizer) into
 * `{ type, params }` with defaults filled in.
 */
function resolveCallLike(
  ctx: CheckContext,
  catalogue: CatalogueView,
  value: Value,
  what: 'initializer' | 'regularizer',
  param: ParamView,
): IrValue | undefined {
  const names = what === 'initializer' ? catalogue.initializerNames : catalogue.regularizerNames;
  const lookup = (name: string): EntryView | undefined => (what === 'initializer' ? catalogue.initializer(name) : catalogue.regularizer(name));
  const code = what === 'initializer' ? NAME_CODE.unknownInitializer : NAME_CODE.unknownRegularizer;
  const resolved = resolveEntryCall(ctx, catalogue, value, { what, names, lookup, code, paramName: param.name });
  return resolved ?? undefined;
}

/** How to look up the kind of entry a value names. */
export interface EntryKind {
  /** `optimizer`, `loss`, ... for messages. */
  what: string;
  names: readonly string[];
  lookup: (name: string) => EntryView | undefined;
  /** The "unknown X" code. */
  code: string;
  /** The parameter or option the value is given for, for messages. */
  paramName: string;
  /** The help for an unknown name without a close match (default: the known names). */
  help?: string;
  /** Filled with where each argument given in the source was written (its value), when asked for. */
  valueRanges?: Record<string, Range>;
}

/**
 * Resolves a value that names an entry, bare (`adam`) or called (`adam(learning_rate: 1e-3)`),
 * to `{ type, params }`. Returns `undefined` after reporting when it cannot.
 */
export function resolveEntryCall(
  ctx: CheckContext,
  catalogue: CatalogueView,
  value: Value,
  kind: EntryKind,
): { type: string; params: Record<string, IrValue> } | undefined {
  const callee = value.kind === 'call' ? value.callee : value.kind === 'name' ? value : undefined;
  if (!callee) {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`${kind.paramName}\` must name ${article(kind.what)} ${kind.what}, got ${describeValue(value)}`,
      range: value.range,
      label: `expected ${article(kind.what)} ${kind.what}`,
      help: `one of ${listNames(kind.names)}`,
    });
    return undefined;
  }
  const entry = kind.lookup(callee.name);
  if (!entry) {
    const suggestion = catalogue.suggest(callee.name, kind.names);
    reportUnknownName(ctx, {
      code: kind.code,
      message: `unknown ${kind.what} \`${callee.name}\``,
      range: callee.range,
      suggestion,
      label: `unknown ${kind.what}`,
      help: kind.help ?? `known ${kind.what}s: ${listNames(kind.names, 'and')}`,
    });
    return undefined;
  }
  const args = value.kind === 'call' ? value.args : [];
  const bound = bindArguments(ctx, catalogue, entry, args, { owner: `\`${entry.name}\``, calleeRange: callee.range });
  if (kind.valueRanges) for (const [name, given] of bound.given) kind.valueRanges[name] = given.range;
  return bound.complete ? { type: entry.name, params: bound.params } : undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/**
 * A bound option's number, or, when it did not bind (the problem was reported), the catalogue's
 * default for it, so the partial result still holds a meaningful value; 0 when there is none.
 */
export function numberOption(options: readonly ParamView[], name: string, value: IrValue | undefined): number {
  if (typeof value === 'number') return value;
  const fallback = options.find((option) => option.name === name)?.default;
  return typeof fallback === 'number' ? fallback : 0;
}
