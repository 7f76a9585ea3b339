/**
 * Typed reads of a validated call's parameters, for the stages past the IR boundary. The schema
 * (./document-schema.ts) guarantees every catalogue parameter is present and in range, so these
 * have no fallback: a missing or mistyped value is a bug in whatever skipped validation, and throws.
 */
import type { IrValue } from './schema.js';

/** A call (an optimizer, a schedule, ...) whose parameters have been validated. */
export interface ParamsHolder {
  /** A node's name (`dense_1`), named in the error when given. */
  name?: string;
  type: string;
  params: Readonly<Record<string, IrValue>>;
}

function read<T>(call: ParamsHolder, name: string, what: string, test: (value: IrValue | undefined) => boolean): T {
  const value = call.params[name];
  if (!test(value))
    throw new Error(
      `nnspec: ${call.name === undefined ? '' : `${call.name}: `}\`${call.type}\` parameter \`${name}\` is ${JSON.stringify(value) ?? 'missing'}, not ${what} (the document skipped validateIr)`,
    );
  return value as T;
}

/** A number parameter. */
export function numberParam(call: ParamsHolder, name: string): number {
  return read<number>(call, name, 'a number', (value) => typeof value === 'number' && Number.isFinite(value));
}

/** A nullable number parameter (`null` when left unset). */
export function nullableNumberParam(call: ParamsHolder, name: string): number | null {
  return read<number | null>(call, name, 'a number or null', (value) => value === null || (typeof value === 'number' && Number.isFinite(value)));
}

/** A boolean parameter. */
export function booleanParam(call: ParamsHolder, name: string): boolean {
  return read<boolean>(call, name, '`true` or `false`', (value) => typeof value === 'boolean');
}

/** A string parameter (a name or an enum value). */
export function stringParam(call: ParamsHolder, name: string): string {
  return read<string>(call, name, 'a string', (value) => typeof value === 'string');
}

/** A string-or-null parameter (an activation name, `null` for none). */
export function nullableStringParam(call: ParamsHolder, name: string): string | null {
  return read<string | null>(call, name, 'a string or null', (value) => value === null || typeof value === 'string');
}

/** A list of sizes (`kernel_size`, `strides`, `target_shape`); a single number is a list of one. */
export function sizesParam(call: ParamsHolder, name: string): number[] {
  const value = read<number | number[]>(
    call,
    name,
    'a size or a list of sizes',
    (value) => (typeof value === 'number' && Number.isFinite(value)) || (Array.isArray(value) && value.every((item) => typeof item === 'number')),
  );
  return typeof value === 'number' ? [value] : [...value];
}
