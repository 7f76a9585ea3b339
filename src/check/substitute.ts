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
  // A value with nothing replaced stays the same object (the language server remembers model checks by object).
  if (value.kind === 'list') {
    const items = value.items.map((item) => substituteNames(item, replace)!);
    return unchanged(items, value.items) ? value : { ...value, items };
  }
  if (value.kind === 'object') {
    const entries = value.entries.map((entry) => {
      const replaced = substituteNames(entry.value, replace);
      return replaced === entry.value ? entry : { ...entry, value: replaced };
    });
    return unchanged(entries, value.entries) ? value : { ...value, entries };
  }
  if (value.kind === 'call') {
    const args = value.args.map((argument) => substituteInArgument(argument, replace));
    return unchanged(args, value.args) ? value : { ...value, args };
  }
  return value;
}

function unchanged<T>(next: readonly T[], previous: readonly T[]): boolean {
  return next.every((item, index) => item === previous[index]);
}

/** An argument with its value substituted (the same object when nothing changed). */
export function substituteInArgument(argument: Argument, replace: NameReplacement): Argument {
  const value = substituteNames(argument.value, replace);
  return value === argument.value ? argument : { ...argument, value };
}
