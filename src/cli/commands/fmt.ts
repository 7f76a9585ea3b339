import type { Command } from '../command.js';
import { CliUsageError, useColor } from '../io.js';
import { readSourceFile } from '../read-source.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { format } from '../../format/index.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render-terminal.js';
import { escapeControlChars } from '../../util/terminal-text.js';

/** `nnspec fmt`: formats specs in place, or checks that they are formatted. */
export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'format specs in place (--check: exit 1 if a file would change)',
  usage: [
    'Usage: nnspec fmt FILE... [--check]',
    '       nnspec fmt -            format standard input to standard output',
    '',
    'Formats .nn specs in the one canonical style, keeping comments where they were.',
    'A file with syntax errors is left untouched and its diagnostics are printed.',
    '',
    'Options:',
    '  --check     write nothing; name the files that would change and exit 1 if any would',
    '  --no-color  no ANSI colours in diagnostics',
    '',
  ].join('\n'),
  options: { check: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new CliUsageError('`nnspec fmt` needs at least one file (or `-` for standard input)');
    const color = useColor(io, values['no-color'] as boolean | undefined);
    let exitCode = 0;
    for (const argument of positionals) {
      const source = await readSourceFile(argument, io);
      const result = format(source.text);
      if (hasErrors(result.diagnostics)) {
        io.stderr(renderDiagnostics(result.diagnostics, source.text, { fileName: source.displayName, color }));
        io.stderr(`${escapeControlChars(source.displayName)}: not formatted: fix the syntax errors first\n`);
        exitCode = 1;
        continue;
      }
      if (argument === '-') {
        io.stdout(result.value);
        continue;
      }
      if (result.value === source.text) continue;
      if (values.check) {
        io.stdout(`${escapeControlChars(source.displayName)}: would be reformatted\n`);
        exitCode = 1;
        continue;
      }
      // Re-read right before writing: the file must not have changed under us while we formatted.
      // (Read the same way, so a byte-order mark does not count as a change.)
      if ((await readSourceFile(argument, io)).text !== source.text) {
        io.stderr(`${escapeControlChars(source.displayName)}: changed while formatting; not written\n`);
        exitCode = 1;
        continue;
      }
      await writeFileAtomic(source.absolutePath!, result.value);
      io.stdout(`${escapeControlChars(source.displayName)}: formatted\n`);
    }
    return exitCode;
  },
};
