/** The summary table of a finished run, with the attributes the page's tests read (docs/playground.md). */
import type { TrainingReport } from '../../../src/report/report-schema.js';
import { summaryTable } from './summary-table.js';

function cell(tag: 'td' | 'th', text: string): HTMLTableCellElement {
  const created = document.createElement(tag);
  created.textContent = text;
  return created;
}

/** Fills `section` with the report's summary. */
export function renderSummary(section: HTMLElement, report: TrainingReport): void {
  const table = summaryTable(report);
  const s = report.summary;
  section.dataset.epochsRun = String(s.epochsRun);
  section.dataset.bestEpoch = s.bestEpoch === null ? '' : String(s.bestEpoch);
  section.dataset.stopReason = s.stopReason;
  const heading = document.createElement('h3');
  heading.textContent = 'Summary';
  const facts = document.createElement('dl');
  for (const fact of table.facts)
    facts.append(
      Object.assign(document.createElement('dt'), { textContent: fact.label }),
      Object.assign(document.createElement('dd'), { textContent: fact.value }),
    );
  const grid = document.createElement('table');
  const head = grid.createTHead().insertRow();
  for (const name of table.header) head.append(cell('th', name));
  const body = grid.createTBody();
  for (const row of table.rows) {
    const line = body.insertRow();
    line.append(cell('th', row.split), ...row.cells.map((text) => cell('td', text)));
  }
  const accuracy = s.test?.metrics.accuracy;
  const headline = document.createElement('p');
  headline.className = 'test-accuracy';
  const value = document.createElement('strong');
  value.dataset.testid = 'test-accuracy';
  // Full precision for the tests (equal to `nnspec train --json`'s), four decimals to read.
  value.dataset.value = accuracy === undefined ? '' : String(accuracy);
  value.textContent = accuracy === undefined ? 'no accuracy metric' : accuracy.toFixed(4);
  headline.append('test accuracy: ', value);
  const gap = document.createElement('p');
  gap.className = 'note';
  gap.textContent = table.gapSentence;
  section.replaceChildren(heading, facts, grid, headline, gap);
}
