import { describe, expect, it } from 'vitest';
import { renderRunDiagnostics } from '../../src/cli/run-diagnostics.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

describe('renderRunDiagnostics', () => {
  it('does not read a device named as data back for a code frame (it would never end)', () => {
    let stderr = '';
    const io = { stderr: (text: string) => (stderr += text) } as unknown as CliIo;
    const diagnostic: Diagnostic = {
      code: 'NN4503',
      severity: 'error',
      message: 'data file `/dev/zero` is not a regular file',
      range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
      file: '/dev/zero',
    };
    renderRunDiagnostics([diagnostic], { displayName: 'spec.nn', absolutePath: '/x/spec.nn', baseDir: '/x', text: '' }, io, false);
    expect(stderr).toBe('error[NN4503]: data file `/dev/zero` is not a regular file\n --> /dev/zero:1:1\n');
  });
});
