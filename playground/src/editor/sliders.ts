/**
 * The dropout and `limit` sliders. They hold no state of their own: each move rewrites the number
 * in the spec text (./dropout-control.ts, ./limit-control.ts), and each analysis of the text moves
 * them back to what it says, so a number typed by hand moves its slider too.
 */
import type { DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import { DROPOUT_RANGE, dropoutControl, rewriteDropout, type DropoutControl } from './dropout-control.js';
import { limitControl, rewriteLimit, type LimitControl } from './limit-control.js';
import type { SpecEdit } from './spec-edits.js';

/** The sliders' element and the function that moves them to a new analysis. */
export interface Sliders {
  element: HTMLElement;
  update(analysis: DocumentAnalysis): void;
}

function slider(label: string, testid: string): { row: HTMLElement; input: HTMLInputElement; readout: HTMLOutputElement } {
  const row = document.createElement('label');
  row.className = 'nn-slider';
  const name = document.createElement('span');
  name.className = 'nn-slider-name';
  name.textContent = label;
  const input = document.createElement('input');
  input.type = 'range';
  input.dataset.testid = testid;
  const readout = document.createElement('output');
  readout.className = 'nn-slider-value';
  row.append(name, input, readout);
  return { row, input, readout };
}

/** Builds the sliders; `apply` makes one undoable edit of the spec text. */
export function createSliders(apply: (edits: SpecEdit[]) => void, currentText: () => string): Sliders {
  const element = document.createElement('div');
  element.className = 'nn-sliders';
  const dropout = slider('dropout', 'dropout-slider');
  const limit = slider('limit', 'limit-slider');
  dropout.input.min = String(DROPOUT_RANGE.min);
  dropout.input.max = String(DROPOUT_RANGE.max);
  dropout.input.step = String(DROPOUT_RANGE.step);
  element.append(dropout.row, limit.row);
  let dropoutState: DropoutControl = { enabled: false, reason: '' };
  let limitState: LimitControl = { enabled: false, reason: '' };

  dropout.input.addEventListener('input', () => apply(rewriteDropout(dropoutState, Number(dropout.input.value))));
  limit.input.addEventListener('input', () => apply(rewriteLimit(currentText(), limitState, Number(limit.input.value))));

  const show = (parts: ReturnType<typeof slider>, enabled: boolean, title: string, readout: string): void => {
    parts.input.disabled = !enabled;
    parts.row.classList.toggle('nn-disabled', !enabled);
    parts.row.title = title;
    parts.input.title = title;
    parts.readout.textContent = readout;
  };

  return {
    element,
    update(analysis) {
      dropoutState = dropoutControl(analysis.spec);
      if (dropoutState.enabled) {
        dropout.input.value = String(dropoutState.value);
        const count = dropoutState.slots.length;
        show(dropout, true, `sets ${count === 1 ? 'the dropout rate' : `all ${count} dropout rates`} of the trained model`, String(dropoutState.value));
      } else show(dropout, false, dropoutState.reason, '–');
      limitState = limitControl(analysis.spec, analysis.program);
      if (limitState.enabled) {
        limit.input.min = String(limitState.min);
        limit.input.max = String(limitState.max);
        limit.input.step = String(limitState.step);
        limit.input.value = String(limitState.value ?? limitState.max);
        const all = limitState.value === undefined;
        show(
          limit,
          true,
          `training examples kept (\`limit:\` of data ${limitState.data.name?.name ?? ''}); the far right keeps all`,
          all ? 'all' : String(limitState.value),
        );
      } else show(limit, false, limitState.reason, '–');
    },
  };
}
