import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/diagnostics/render-terminal.js';
import { SourceText } from '../../src/diagnostics/source-text.js';
import { escapeControlChars, escapeControlCharsKeepingLines } from '../../src/util/terminal-text.js';

/** Any ESC that does not start a colour (SGR) sequence `ESC [ ... m`, or any other control character but `\n`. */
const RAW_CONTROL = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;

describe('escapeControlChars', () => {
  it('shows C0, DEL, C1 and bidi controls as visible escapes, and leaves other text alone', () => {
    expect(escapeControlChars('a\u001b[2Jb\u0007c\u007fd\u009be\u202ef\tg\nh')).toBe('a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202ef\\x09g\\x0ah');
    expect(escapeControlChars('plain ünïcode, 日本')).toBe('plain ünïcode, 日本');
  });

  it('keeps line breaks in multi-line text (CRLF read as one), escaping the rest', () => {
    expect(escapeControlCharsKeepingLines('a\u001b\r\nb\u0007\nc\rd')).toBe('a\\x1b\nb\\x07\nc\\x0dd');
  });
});

describe('renderDiagnostic with control characters', () => {
  // A title-setting sequence (ESC ] 0 ; ... BEL) in a comment before the error, on the same line.
  const source = 'model m {\n  input(shape: [4]) /* \u001b]0;pwned\u0007 */ dens(3)\n}\n';
  const text = new SourceText(source);
  const start = source.indexOf('dens');
  const diagnostic: Diagnostic = {
    code: 'NN2001',
    severity: 'error',
    message: 'unknown layer `dens\u001b[2J`',
    range: text.rangeOf(start, start + 4),
    label: 'not a \u0007layer',
    labels: [{ range: text.rangeOf(source.indexOf('input'), source.indexOf('input') + 5), message: 'see \u001bhere' }],
    help: 'did you mean `dense`?\nor \u001b[2J this',
  };

  it('escapes them in the message, labels, help, file name and source line, and keeps the carets under the span', () => {
    const rendered = renderDiagnostic(diagnostic, source, { fileName: 'spec\u001b.nn' });
    expect(rendered).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    const lines = rendered.split('\n');
    expect(lines[0]).toBe('error[NN2001]: unknown layer `dens\\x1b[2J`');
    expect(lines[1]).toBe(' --> spec\\x1b.nn:2:38');
    expect(lines[3]).toBe('2 |   input(shape: [4]) /* \\x1b]0;pwned\\x07 */ dens(3)');
    // The caret run starts exactly under `dens` in the shown line, escapes counted at their width.
    const shown = lines[3]!;
    const caretLine = lines.find((line) => line.includes('^^^^'))!;
    expect(caretLine.indexOf('^^^^')).toBe(shown.indexOf('dens'));
    expect(caretLine).toBe('  |                                            ^^^^ not a \\x07layer');
    const dashLine = lines.find((line) => line.includes('-----'))!;
    expect(dashLine.indexOf('-----')).toBe(shown.indexOf('input'));
    expect(dashLine).toContain('see \\x1bhere');
    expect(lines.slice(-2)).toEqual(['  = help: did you mean `dense`?', '    or \\x1b[2J this']);
  });

  it('with colours on, only colour (SGR) sequences reach the terminal', () => {
    const rendered = renderDiagnostic(diagnostic, source, { fileName: 'spec\u001b.nn', color: true });
    expect(rendered).toContain('\u001b[');
    expect(rendered).not.toMatch(RAW_CONTROL);
  });

  it('still renders tabs as spaces, carets aligned', () => {
    const tabbed = 'model m {\n\t\u0007input(shape: [4])\n}\n';
    const tabText = new SourceText(tabbed);
    const at = tabbed.indexOf('input');
    const rendered = renderDiagnostic({ code: 'NN1', severity: 'error', message: 'x', range: tabText.rangeOf(at, at + 5) }, tabbed, { fileName: 'a.nn' }).split(
      '\n',
    );
    expect(rendered[3]).toBe('2 |     \\x07input(shape: [4])');
    expect(rendered[4]!.indexOf('^^^^^')).toBe(rendered[3]!.indexOf('input'));
  });
});
