/**
 * Generic handling of catalogue parameters: a description in words for messages and docs
 * ("a whole number >= 1"), and a zod schema derived from the parameter's type and bounds, so a
 * value can be validated without code specific to the entry it belongs to.
 */
import { z } from 'zod';
import type { IrValue } from '../ir/schema.js';
import type { ParamType, ParamView } from './types.js';

/** The bounds of a parameter, in words (`>= 1`, `in [0, 1)`); empty when unbounded. */
export function describeBounds(param: Pick<ParamView, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>): string {
  const low = param.min !== undefined ? { value: param.min, open: false } : param.minExclusive !== undefined ? { value: param.minExclusive, open: true } : undefined;
  const high = param.max !== undefined ? { value: param.max, open: false } : param.maxExclusive !== undefined ? { value: param.maxExclusive, open: true } : undefined;
  if (low && high) return `in ${low.open ? '(' : '['}${low.value}, ${high.value}${high.open ? ')' : ']'}`;
  if (low) return `${low.open ? '>' : '>='} ${low.value}`;
  if (high) return `${high.open ? '<' : '<='} ${high.value}`;
  return '';
}

/** A parameter type in words, without bounds: "a whole number", "`valid` or `same`". */
export function describeKind(type: ParamType): string {
  switch (type.kind) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return '`true` or `false`';
    case 'string':
      return 'a string';
    case 'enum': {
      if (type.group === 'activation') return 'an activation (see Activations)';
      const quoted = type.values.map((value) => `\`${value}\``);
      return quoted.length <= 1 ? (quoted[0] ?? 'nothing') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    }
    case 'shape':
      return 'a list of whole numbers';
    case 'size':
      return type.rank === 1 ? 'a whole number' : `a whole number or a list of ${type.rank} whole numbers`;
    case 'initializer':
      return 'an initializer';
    case 'regularizer':
      return 'a regularizer';
    case 'name':
      return 'a name';
  }
}

/** A parameter's type and bounds in words, for messages: "a whole number >= 1". */
export function describeParam(param: ParamView): string {
  if (param.accepts !== undefined) return param.accepts;
  const bounds = describeBounds(param);
  const base = describeKind(param.type);
  const withBounds = bounds === '' ? base : param.type.kind === 'size' || param.type.kind === 'shape' ? `${base}, each ${bounds}` : `${base} ${bounds}`;
  return param.nullable ? `${withBounds}, or \`none\`` : withBounds;
}

function bounded(schema: z.ZodNumber, param: ParamView): z.ZodNumber {
  let result = schema;
  if (param.min !== undefined) result = result.gte(param.min);
  if (param.minExclusive !== undefined) result = result.gt(param.minExclusive);
  if (param.max !== undefined) result = result.lte(param.max);
  if (param.maxExclusive !== undefined) result = result.lt(param.maxExclusive);
  return result;
}

const callSchema = z.object({ type: z.string().min(1), params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])) });

/**
 * A zod schema for a parameter's value. Sizes accept one number or a list and come out as a list
 * of `rank` entries; initializers and regularizers accept a bare name or the IR's
 * `{ type, params }`; a nullable parameter accepts `null`. Output is the IR's normalised value.
 */
export function paramSchema(param: ParamView): z.ZodType<IrValue> {
  const base = ((): z.ZodType<IrValue> => {
    const type = param.type;
    switch (type.kind) {
      case 'int':
        return bounded(z.number().int(), param);
      case 'number':
        return bounded(z.number(), param);
      case 'boolean':
        return z.boolean();
      case 'string':
        return z.string();
      case 'name':
        return z.string().min(1);
      case 'enum':
        return z.string().refine((value) => type.values.includes(value), { message: `expected ${describeKind(type)}` });
      case 'shape':
        return z.array(bounded(z.number().int(), { ...param, min: param.min ?? 1 })).min(1);
      case 'size': {
        const entry = bounded(z.number().int(), param);
        return z
          .union([entry, z.array(entry).length(type.rank)])
          .transform((value) => (Array.isArray(value) ? value : new Array<number>(type.rank).fill(value)));
      }
      case 'initializer':
      case 'regularizer':
        return z.union([z.string().min(1).transform((name) => ({ type: name, params: {} })), callSchema]);
    }
  })();
  return param.nullable ? z.union([z.null(), base]) : base;
}
