/**
 * Where the sliders' numbers are written in a spec, found through the AST's ranges (never by
 * searching the raw text), and the text edits that rewrite them. Pure: no DOM, no CodeMirror.
 */
import type { SpecFile, Value } from '../../../src/syntax/ast.js';

/** One replacement of `[from, to)` by `insert`, in UTF-16 offsets of the spec text (a CodeMirror change). */
export interface SpecEdit {
  from: number;
  to: number;
  insert: string;
}

/** A number literal in the spec that a slider drives: its span and its value. */
export interface NumberSlot {
  from: number;
  to: number;
  value: number;
}

/**
 * The literal a value stands for: the value itself when it is a number, or the default of the
 * top-level `param` it names (so the slider moves the param, and every use follows).
 */
export function numberSlot(spec: SpecFile, value: Value | undefined): NumberSlot | undefined {
  if (value?.kind === 'number') return { from: value.range.start.offset, to: value.range.end.offset, value: value.value };
  if (value?.kind !== 'name' || value.path.length !== 1) return undefined;
  const param = spec.declarations.find((declaration) => declaration.kind === 'param' && declaration.name?.name === value.name);
  return param?.kind === 'param' && param.value?.kind === 'number' ? numberSlot(spec, param.value) : undefined;
}

/**
 * A number as the slider writes it: at most `decimals` decimals, no trailing zeros, no float noise
 * (`0.30000000000000004` is written `0.3`).
 */
export function formatSliderNumber(value: number, decimals = 2): string {
  return String(Number(value.toFixed(decimals)));
}

/** Edits writing `value` into every slot (each distinct span once). */
export function rewriteSlots(slots: readonly NumberSlot[], value: number, decimals = 2): SpecEdit[] {
  const text = formatSliderNumber(value, decimals);
  const seen = new Set<number>();
  return slots
    .filter((slot) => !seen.has(slot.from) && seen.add(slot.from))
    .filter((slot) => slot.value !== Number(text))
    .map((slot) => ({ from: slot.from, to: slot.to, insert: text }));
}

/** Applies edits (non-overlapping, any order) to a text: what CodeMirror does with them, for tests and previews. */
export function applyEdits(text: string, edits: readonly SpecEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.insert + out.slice(edit.to);
  return out;
}
