/**
 * Formatting (`nnspec fmt`'s style) with the cursor kept on the same token: formatting changes
 * only whitespace and punctuation layout, so the cursor is placed after the same number of
 * non-blank characters it followed before.
 */
import type { Command } from '@codemirror/view';
import { format } from '../../../src/format/index.js';
import type { SpecEdit } from './spec-edits.js';

/** The position in `after` preceded by as many non-whitespace characters as `cursor` is in `before`. */
export function mapCursor(before: string, after: string, cursor: number): number {
  let count = 0;
  for (let index = 0; index < cursor && index < before.length; index++) if (!/\s/.test(before[index]!)) count += 1;
  if (count === 0) return 0;
  let seen = 0;
  for (let index = 0; index < after.length; index++) {
    if (!/\s/.test(after[index]!)) seen += 1;
    if (seen === count) return index + 1;
  }
  return after.length;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept), or undefined when equal. */
export function minimalEdit(before: string, after: string): SpecEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

/**
 * The formatted text and the cursor's new place, or why nothing changed: `syntax` when the text
 * has syntax errors (the formatter leaves it as is), `unchanged` when it is already formatted.
 */
export function formatWithCursor(text: string, cursor: number): { text: string; cursor: number } | 'syntax' | 'unchanged' {
  const result = format(text);
  if (result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return 'syntax';
  if (result.value === text) return 'unchanged';
  return { text: result.value, cursor: mapCursor(text, result.value, cursor) };
}

/** The Format command (Format button, Shift-Alt-F): one undoable edit; true when it applies. */
export const formatSpec: Command = (view) => {
  const text = view.state.doc.toString();
  const result = formatWithCursor(text, view.state.selection.main.head);
  if (typeof result === 'string') return result === 'unchanged';
  const edit = minimalEdit(text, result.text);
  view.dispatch({ changes: edit, selection: { anchor: result.cursor }, scrollIntoView: true, userEvent: 'input.format' });
  return true;
};
