import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { explainCommand } from './commands/explain.js';
import { fmtCommand } from './commands/fmt.js';
import { lspCommand } from './commands/lsp.js';
import { trainCommand } from './commands/train.js';
import { studyCommand } from './commands/study.js';
import { predictCommand } from './commands/predict.js';
import { evaluateCommand } from './commands/evaluate.js';
import { exportCommand } from './commands/export.js';
import { reportCommand } from './commands/report.js';
import { playgroundCommand } from './commands/playground.js';
import type { CliIo } from './io.js';
import { CliUsageError, processIo } from './io.js';
import { NNSPEC_VERSION } from './version.js';
import { describeWriteFailure } from './output-paths.js';
import { describeArgumentError } from './argument-errors.js';
import { suggest } from '../catalogue/catalogue.js';
import { escapeControlChars } from '../util/terminal-text.js';

const COMMANDS: readonly Command[] = [
  trainCommand,
  predictCommand,
  evaluateCommand,
  studyCommand,
  exportCommand,
  reportCommand,
  checkCommand,
  compileCommand,
  fmtCommand,
  explainCommand,
  lspCommand,
  playgroundCommand,
];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'nnspec: declarative neural-network specs, type-checked, compiled to TensorFlow.js on WASM, trained with early stopping',
    '',
    'Usage: nnspec <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also `nnspec <command> --help`)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 problems in a spec (or a failed run), 2 usage or I/O error.',
    'Docs: docs/cli.md, docs/language.md; explain a diagnostic code with `nnspec explain NN2001`.',
    '',
  ].join('\n');
}

/**
 * Runs `nnspec` with the given arguments (without `node` and the script) and returns the exit
 * code. Usage and I/O errors print one line on stderr and return 2; nothing reaches the user as
 * a stack trace unless it is a bug.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && rest[0]) return runCli([rest[0], '--help'], io);
    io.stdout(mainUsage());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`nnspec ${NNSPEC_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (!command) {
    const suggestion = suggest(
      first,
      COMMANDS.map((candidate) => candidate.name),
    );
    io.stderr(`error: unknown command \`${escapeControlChars(first)}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''} (see \`nnspec --help\`)\n`);
    return 2;
  }
  const options = { ...command.options, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options,
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(command.usage);
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`error: ${escapeControlChars(error.message)}\n`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    const fsError = error as NodeJS.ErrnoException;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof fsError.syscall === 'string') {
      // A file-system failure while writing output: the user's environment, not a bug.
      io.stderr(`error: ${escapeControlChars(describeWriteFailure(fsError))}\n`);
      return 2;
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${escapeControlChars(describeArgumentError(error as Error, command.name, options))}\n`);
      return 2;
    }
    throw error;
  }
}

/** The `nnspec` executable: runs the CLI on the process's arguments and sets the exit code. */
export async function main(): Promise<void> {
  const io = processIo();
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (error) {
    io.stderr(`nnspec: internal error (this is a bug, please report it)\n${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  }
}
