/**
 * A number parameter's range, read from its catalogue entry: whether a value is in it, and the
 * range in words. The checker and the IR schema both judge values by it, so they agree.
 */
import type { ParamView } from './types.js';

/** The bounds of a parameter. */
export type ParamRange = Pick<ParamView, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>;

/** A parameter's range in words (`at least 0 and below 1`); undefined when unbounded. */
export function describeParamRange(param: ParamRange): string | undefined {
  const parts: string[] = [];
  if (param.min !== undefined) parts.push(`at least ${param.min}`);
  if (param.minExclusive !== undefined) parts.push(`above ${param.minExclusive}`);
  if (param.max !== undefined) parts.push(`at most ${param.max}`);
  if (param.maxExclusive !== undefined) parts.push(`below ${param.maxExclusive}`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** Whether `value` lies in the parameter's range. */
export function isInParamRange(param: ParamRange, value: number): boolean {
  if (param.min !== undefined && value < param.min) return false;
  if (param.minExclusive !== undefined && value <= param.minExclusive) return false;
  if (param.max !== undefined && value > param.max) return false;
  if (param.maxExclusive !== undefined && value >= param.maxExclusive) return false;
  return true;
}
