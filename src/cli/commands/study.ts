import type { Command } from '../command.js';

/** `nnspec study`: a spec's study, every setting trained with every seed, compared with confidence intervals. */
export const studyCommand: Command = {
  name: 'study',
  summary: "run a spec's study: every setting x seed in parallel, compared with confidence intervals",
  usage: [
    'Usage: nnspec study SPEC [--name NAME] [--jobs N] [--out DIR] [--resume]',
    '                    [--json FILE] [--html FILE] [--backend wasm|cpu] [--data-root DIR]',
    '                    [--quiet] [--no-color]',
    '',
    'Checks SPEC and every setting of its study before anything trains, loads the data once, then',
    "trains each setting with each of the study's paired seeds, one trial per worker thread. Every",
    'finished trial is written to DIR at once. At the end it prints one row per setting (losses,',
    'the generalization gap and the test metric as mean +- 95% confidence interval over seeds), the',
    "best setting by validation, and each setting's paired difference against the first one.",
    '',
    'Options:',
    "  --name NAME          which study to run (default: the spec's only one)",
    '  --jobs N             trials at once, one worker thread each (default: the number of cores)',
    '  --out DIR            where each finished trial is written (default: NAME.study in the',
    '                       current folder)',
    '  --resume             run only the trials DIR does not hold yet; refused when the spec or',
    '                       its data changed since DIR was written',
    '  --json FILE          write the study report as JSON (schema: docs/report.md)',
    '  --html FILE          write a self-contained HTML report with the curves',
    '  --backend wasm|cpu   TF.js backend of every trial (default: wasm)',
    '  --data-root DIR      read data files only inside DIR (see docs/running-untrusted-specs.md)',
    '  --quiet              print only the report',
    '  --no-color           no ANSI colours',
    '',
    'Ctrl-C stops the running trials after their current batch; finished trials stay in DIR and',
    '`--resume` runs the rest. Exit codes: 0 every trial ran, 1 errors in the spec or its data (or',
    'a trial failed), 2 usage or I/O error, 130 interrupted.',
    '',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    jobs: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'string' },
    html: { type: 'string' },
    backend: { type: 'string' },
    'data-root': { type: 'string' },
    quiet: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    // TF.js and worker threads load only for the commands that train.
    const { runStudyCommand } = await import('../study-run.js');
    return runStudyCommand(values, positionals, io);
  },
};
