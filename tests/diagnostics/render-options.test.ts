import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/diagnostics/render-terminal.js';
import { SourceText } from '../../src/diagnostics/source-text.js';

const source = 'model m {\n\tdens(3)\n}';
const text = new SourceText(source);
const diagnostic: Diagnostic = { code: 'NN2001', severity: 'error', message: 'unknown layer `dens`', range: text.rangeOf(11, 15), label: 'unknown layer' };

describe('renderDiagnostic options', () => {
  it('takes a tab width it cannot use (-1, Infinity, NaN, 1e9, 2.5) as the default 4 instead of throwing', () => {
    const expected = renderDiagnostic(diagnostic, source, { fileName: 'a.nn', tabWidth: 4 });
    expect(expected).toContain('2 |     dens(3)\n  |     ^^^^ unknown layer');
    for (const tabWidth of [-1, Number.POSITIVE_INFINITY, Number.NaN, 1e9, 2.5, 0, 17]) {
      expect(renderDiagnostic(diagnostic, source, { fileName: 'a.nn', tabWidth })).toBe(expected);
    }
    expect(renderDiagnostic(diagnostic, source, { fileName: 'a.nn', tabWidth: 2 })).toContain('2 |   dens(3)\n  |   ^^^^ unknown layer');
  });
});
