import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic, tallyDiagnostics } from '../../src/diagnostics/render-terminal.js';
import { SourceText } from '../../src/diagnostics/source-text.js';

const source = ['model mlp {', '  input(shape: [64])', '  dens(256, activation: relu)', '  dense(10, units: 3)', '}'].join('\n');
const text = new SourceText(source);
const span = (line: number, column: number, length: number) => {
  const start = text.offsetAt(line, column);
  return text.rangeOf(start, start + length);
};

describe('renderDiagnostic', () => {
  it('prints the header, location, source line, a caret run under the exact span and the help line', () => {
    const diagnostic: Diagnostic = {
      code: 'NN2001',
      severity: 'error',
      message: 'unknown layer `dens`',
      range: span(3, 3, 4),
      label: 'not a layer nnspec knows',
      help: 'did you mean `dense`?',
    };
    expect(renderDiagnostic(diagnostic, source, { fileName: 'specs/mlp.nn' })).toBe(
      [
        'error[NN2001]: unknown layer `dens`',
        ' --> specs/mlp.nn:3:3',
        '  |',
        '3 |   dens(256, activation: relu)',
        '  |   ^^^^ not a layer nnspec knows',
        '  |',
        '  = help: did you mean `dense`?',
      ].join('\n'),
    );
  });

  it('marks secondary labels with dashes on their own lines', () => {
    const diagnostic: Diagnostic = {
      code: 'NN2003',
      severity: 'error',
      message: '`units` is given twice',
      range: span(4, 13, 5),
      label: 'given again here',
      labels: [{ range: span(4, 9, 2), message: 'first given here' }],
    };
    const lines = renderDiagnostic(diagnostic, source, { fileName: 'a.nn' }).split('\n');
    expect(lines[3]).toBe('4 |   dense(10, units: 3)');
    expect(lines[4]).toBe('  |             ^^^^^ given again here');
    expect(lines[5]).toBe('  |         -- first given here');
  });

  it('uses ANSI colours only when asked', () => {
    const diagnostic: Diagnostic = { code: 'NN1001', severity: 'warning', message: 'x', range: span(1, 1, 5) };
    expect(renderDiagnostic(diagnostic, source, { fileName: 'a.nn' })).not.toContain('\u001b[');
    expect(renderDiagnostic(diagnostic, source, { fileName: 'a.nn', color: true })).toContain('\u001b[33m');
  });

  it('underlines at least one column for an empty span at the end of a line', () => {
    const diagnostic: Diagnostic = { code: 'NN1002', severity: 'error', message: 'expected `}`', range: span(5, 2, 0) };
    const lines = renderDiagnostic(diagnostic, source, { fileName: 'a.nn' }).split('\n');
    expect(lines[3]).toBe('5 | }');
    expect(lines[4]).toBe('  |  ^');
  });
});

describe('tallyDiagnostics', () => {
  it('counts errors and warnings with plurals', () => {
    const make = (severity: Diagnostic['severity']): Diagnostic => ({ code: 'NN0', severity, message: '', range: span(1, 1, 1) });
    expect(tallyDiagnostics([])).toBe('no problems');
    expect(tallyDiagnostics([make('error'), make('error'), make('warning')])).toBe('2 errors, 1 warning');
  });
});

describe('diagnostics that point into another file', () => {
  const csv = 'a,b,label\n1,2,x\n3,,y\n';
  const csvText = new SourceText(csv);
  const diagnostic: Diagnostic = {
    code: 'NN4604',
    severity: 'error',
    message: 'empty cell in column `b`',
    range: csvText.rangeOf(csvText.offsetAt(3, 3), csvText.offsetAt(3, 3)),
    file: 'data/points.csv',
  };

  it('shows the frame of that file when its text is available', () => {
    const rendered = renderDiagnostic(diagnostic, source, { fileName: 'spec.nn', sourceOf: () => csv }).split('\n');
    expect(rendered[1]).toBe(' --> data/points.csv:3:3');
    expect(rendered[3]).toBe('3 | 3,,y');
    expect(rendered[4]).toBe('  |   ^');
  });

  it('prints only the location when the file cannot be shown', () => {
    expect(renderDiagnostic(diagnostic, source, { fileName: 'spec.nn' })).toBe(
      ['error[NN4604]: empty cell in column `b`', ' --> data/points.csv:3:3'].join('\n'),
    );
  });
});
