/**
 * Generic handling of catalogue parameters: a description in words for messages and docs
 * ("a whole number >= 1"). The schema an IR value is validated with is derived from the same
 * entry in src/ir/param-schemas.ts.
 */
import type { ParamType, ParamView } from './types.js';

/** The bounds of a parameter, in words (`>= 1`, `in [0, 1)`); empty when unbounded. */
export function describeBounds(param: Pick<ParamView, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>): string {
  const low =
    param.min !== undefined ? { value: param.min, open: false } : param.minExclusive !== undefined ? { value: param.minExclusive, open: true } : undefined;
  const high =
    param.max !== undefined ? { value: param.max, open: false } : param.maxExclusive !== undefined ? { value: param.maxExclusive, open: true } : undefined;
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
