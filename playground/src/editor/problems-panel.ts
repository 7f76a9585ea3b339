/**
 * The problems panel under the editor: one line per diagnostic (`CODE line:col message`), coloured
 * by severity, with a button per quick fix. Built with `textContent` only.
 */
import type { Diagnostic, Fix } from '../../../src/diagnostics/diagnostic.js';
import { problemLine } from './lint-adapter.js';

/** What the panel asks of the editor: apply a fix, or move the cursor to a diagnostic. */
export interface ProblemActions {
  applyFix(fix: Fix): void;
  reveal(diagnostic: Diagnostic): void;
}

/** Creates the (empty) panel element. */
export function createProblemsPanel(): HTMLElement {
  const panel = document.createElement('div');
  panel.className = 'nn-problems';
  panel.dataset.testid = 'problems';
  panel.setAttribute('role', 'list');
  panel.setAttribute('aria-label', 'Problems');
  return panel;
}

function problemItem(diagnostic: Diagnostic, actions: ProblemActions): HTMLElement {
  const item = document.createElement('div');
  item.className = `nn-problem nn-severity-${diagnostic.severity}`;
  item.setAttribute('role', 'listitem');
  item.dataset.testid = 'problem';
  item.dataset.code = diagnostic.code;
  item.dataset.severity = diagnostic.severity;
  item.dataset.line = String(diagnostic.range.start.line);
  const text = document.createElement('span');
  text.className = 'nn-problem-text';
  text.textContent = problemLine(diagnostic);
  text.title = [diagnostic.label, diagnostic.help && `help: ${diagnostic.help}`].filter(Boolean).join('\n');
  text.addEventListener('click', () => actions.reveal(diagnostic));
  item.append(text);
  for (const fix of diagnostic.fixes ?? []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nn-quick-fix';
    button.dataset.testid = 'quick-fix';
    button.textContent = fix.title;
    button.addEventListener('click', () => actions.applyFix(fix));
    item.append(button);
  }
  return item;
}

/** Shows `diagnostics` in the panel (replacing what it showed), or a "No problems" line. */
export function renderProblems(panel: HTMLElement, diagnostics: readonly Diagnostic[], actions: ProblemActions): void {
  const shown = diagnostics.filter((diagnostic) => diagnostic.file === undefined);
  if (shown.length === 0) {
    const none = document.createElement('div');
    none.className = 'nn-no-problems';
    none.textContent = 'No problems';
    panel.replaceChildren(none);
    return;
  }
  panel.replaceChildren(...shown.map((diagnostic) => problemItem(diagnostic, actions)));
}
