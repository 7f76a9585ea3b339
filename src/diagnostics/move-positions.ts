/**
 * Moving the positions inside plain data (a syntax tree, a checked model, diagnostics) when the
 * text before them grew or shrank: what lets an incremental analysis reuse a result computed for
 * an earlier version of a document instead of computing it again.
 */
import type { Position } from './diagnostic.js';

/** How far positions move: offsets by `offsets`, lines by `lines`; columns stay (the text moved by whole lines). */
export interface PositionShift {
  offsets: number;
  lines: number;
}

/** True when the shift moves nothing. */
export function isNoShift(shift: PositionShift): boolean {
  return shift.offsets === 0 && shift.lines === 0;
}

/** True for an object that is exactly a {@link Position}: numeric `offset`, `line` and `column` and nothing else. */
function isPosition(value: object): value is Position {
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.offset !== 'number' || typeof candidate.line !== 'number' || typeof candidate.column !== 'number') return false;
  let keys = 0;
  for (const key in candidate) if (Object.hasOwn(candidate, key)) keys += 1;
  return keys === 3;
}

/**
 * A deep copy of `value` (plain objects and arrays) with every {@link Position} in it moved by
 * `shift`. Returns `value` itself when the shift is empty: results are never mutated, so sharing
 * them between document versions is safe. Anything that is not a plain object or array (a Map,
 * a class instance) is kept as it is, so only plain data should be passed.
 */
export function movePositions<T>(value: T, shift: PositionShift): T {
  if (isNoShift(shift)) return value;
  const move = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object') return item;
    if (Array.isArray(item)) return item.map(move);
    if (Object.getPrototypeOf(item) !== Object.prototype) return item;
    if (isPosition(item)) return { offset: item.offset + shift.offsets, line: item.line + shift.lines, column: item.column };
    const copy: Record<string, unknown> = {};
    for (const key in item) if (Object.hasOwn(item, key)) copy[key] = move((item as Record<string, unknown>)[key]);
    return copy;
  };
  return move(value) as T;
}
