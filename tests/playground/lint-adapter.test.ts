import { describe, expect, it } from 'vitest';
import { forEachDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { analysisField } from '../../playground/src/editor/analysis-state.js';
import { problemLine, toLintDiagnostics, tooltipText } from '../../playground/src/editor/lint-adapter.js';
import { fakeView, MISSPELLED, stateOf } from './support.js';

const at = (offset: number, line: number, column: number) => ({ offset, line, column });

describe('diagnostics as CodeMirror lint diagnostics', () => {
  it('keeps the offsets, severity, code and message of the checker’s diagnostic, and its fix as an action', () => {
    const state = stateOf(MISSPELLED);
    const [lint] = toLintDiagnostics(state.field(analysisField).diagnostics, state.doc.length);
    const offset = MISSPELLED.indexOf('dence');
    expect(lint).toMatchObject({ from: offset, to: offset + 5, severity: 'error', source: 'NN2001' });
    expect(lint!.message).toBe('unknown layer `dence`\n  unknown layer\nhelp: did you mean `dense`?');
    expect(lint!.actions!.map((action) => action.name)).toEqual(['replace with `dense`']);
  });

  it('applies a fix through its action: the fixed text, and its diagnostics gone', () => {
    const { view, current } = fakeView(stateOf(MISSPELLED));
    const [lint] = toLintDiagnostics(view.state.field(analysisField).diagnostics, view.state.doc.length);
    lint!.actions![0]!.apply(view, lint!.from, lint!.to);
    expect(current().doc.toString()).toBe(MISSPELLED.replace('dence(16', 'dense(16'));
    expect(current().field(analysisField).diagnostics).toEqual([]);
  });

  it('maps warnings and infos, shows secondary labels, and clamps offsets into the text', () => {
    const diagnostic: Diagnostic = {
      code: 'NN4021',
      severity: 'warning',
      message: '`limit` is ignored here',
      range: { start: at(8, 2, 3), end: at(40, 3, 1) },
      labels: [{ range: { start: at(0, 1, 1), end: at(4, 1, 5) }, message: 'the test set of `d`' }],
    };
    const info: Diagnostic = { code: 'NN9999', severity: 'info', message: 'note', range: { start: at(3, 1, 4), end: at(3, 1, 4) } };
    const converted = toLintDiagnostics([diagnostic, info], 20);
    expect(converted.map(({ from, to, severity }) => ({ from, to, severity }))).toEqual([
      { from: 8, to: 20, severity: 'warning' },
      { from: 3, to: 3, severity: 'info' },
    ]);
    expect(tooltipText(diagnostic)).toBe('`limit` is ignored here\n  line 1: the test set of `d`');
    expect(problemLine(diagnostic)).toBe('NN4021 2:3 `limit` is ignored here');
  });

  it('leaves out diagnostics about a data file (they point into another document)', () => {
    const inFile: Diagnostic = { code: 'NN4001', severity: 'error', message: 'x', range: { start: at(0, 1, 1), end: at(1, 1, 2) }, file: 'a.csv' };
    expect(toLintDiagnostics([inFile], 10)).toEqual([]);
  });

  it('sets the lint diagnostics in the same transaction as the edit that caused them', () => {
    const state = stateOf(MISSPELLED);
    const offset = MISSPELLED.indexOf('dence') + 3;
    const fixed = state.update({ changes: { from: offset, to: offset + 1, insert: 's' } }).state;
    const shown: string[] = [];
    forEachDiagnostic(fixed, (diagnostic) => shown.push(diagnostic.source ?? ''));
    expect(fixed.doc.toString()).toBe(MISSPELLED.replace('dence(16', 'dense(16'));
    expect(shown).toEqual([]);
    const broken = fixed.update({ changes: { from: offset, to: offset + 1, insert: 'x' } }).state;
    const found: { source?: string; from: number; to: number }[] = [];
    forEachDiagnostic(broken, (diagnostic, from, to) => found.push({ source: diagnostic.source, from, to }));
    expect(found).toEqual([{ source: 'NN2001', from: offset - 3, to: offset + 2 }]);
  });
});
