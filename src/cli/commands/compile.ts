import path from 'node:path';
import type { Command } from '../command.js';
import { CliUsageError, useColor } from '../io.js';
import { readSourceFile } from '../read-source.js';
import { compileSourceForCli } from '../front-end.js';
import { parseBackendOption } from '../options.js';
import { checkOutputTarget } from '../output-paths.js';
import { escapeControlChars } from '../../util/terminal-text.js';

/** `nnspec compile`: the IR and a TF.js Layers model for each model of a spec. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'write the IR and a TF.js Layers model (model.json + weights) for each model',
  usage: [
    'Usage: nnspec compile SPEC [-o DIR] [--print] [--backend wasm|cpu]',
    '',
    'For each model in SPEC writes DIR/<model>.ir.json (the IR, docs/ir.md) and',
    'DIR/<model>/model.json + weights.bin, loadable with tf.loadLayersModel (weights',
    "initialised from the spec's seed). Output is written to a temporary folder and moved",
    'into place only when everything succeeded.',
    '',
    'Options:',
    '  -o, --out DIR         output folder (default: build)',
    '  --print               print the IR to standard output; write nothing',
    '  --backend wasm|cpu    the TF.js backend used to build the models (default: wasm)',
    '  --no-color            no ANSI colours in diagnostics',
    '',
    'Exit codes: 0 compiled, 1 errors in the spec, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o' },
    print: { type: 'boolean' },
    backend: { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new CliUsageError('`nnspec compile` takes one spec file (or `-`)');
    const backend = parseBackendOption(values.backend);
    const color = useColor(io, values['no-color'] as boolean | undefined);
    const source = await readSourceFile(positionals[0]!, io);
    const documents = compileSourceForCli(source, io, color);
    if (!documents) return 1;
    if (values.print) {
      io.stdout(`${JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2)}\n`);
      return 0;
    }
    const outDir = path.resolve(io.cwd, (values.out as string | undefined) ?? 'build');
    checkOutputTarget('-o', outDir, 'folder');
    // TF.js loads only here, so `compile --print` and the other commands start fast.
    const { writeCompiledOutput } = await import('../../node/write-compiled.js');
    const written = await writeCompiledOutput(documents, outDir, { backend });
    for (const file of written) io.stdout(`wrote ${escapeControlChars(path.relative(io.cwd, file) || file)}\n`);
    return 0;
  },
};
