/**
 * Replacing names inside values: a spec `param` by its bound value, a block parameter by the
 * use's argument. Both walk lists, objects and call arguments the same way; only what a name
 * becomes differs.
 */
import type { Argument, NameValue, Value } from '../syntax/ast.js';

/** What a one-segment name becomes, or `undefined` to keep it. */
export type NameReplacement = (name: NameValue) => Value | undefined;

/** `value` with every one-segment name `replace` gives a value for replaced, nested ones included. */
export function substituteNames(value: Value | undefined, replace: NameReplacement): Value | undefined {
  if (!value) return value;
  if (value.kind === 'name' && value.path.length === 1) return replace(value) ?? value;
  if (value.kind === 'list') return { ...value, items: value.items.map((item) => substituteNames(item, replace)!) };
  if (value.kind === 'object') return { ...value, entries: value.entries.map((entry) => ({ ...entry, value: substituteNames(entry.value, replace) })) };
  if (value.kind === 'call') return { ...value, args: value.args.map((argument) => substituteInArgument(argument, replace)) };
  return value;
}

/** An argument with its value substituted (the same object when nothing changed). */
export function substituteInArgument(argument: Argument, replace: NameReplacement): Argument {
  const value = substituteNames(argument.value, replace);
  return value === argument.value ? argument : { ...argument, value };
}
