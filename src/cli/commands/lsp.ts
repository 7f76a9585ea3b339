import type { Command } from '../command.js';
import { parseDebounceOption } from '../options.js';

/** `nnspec lsp`: the language server over standard input and output. */
export const lspCommand: Command = {
  name: 'lsp',
  summary: 'start the language server (LSP over stdio)',
  usage: [
    'Usage: nnspec lsp [--stdio] [--debounce MS]',
    '',
    'Starts the nnspec language server on standard input and output: diagnostics as you type,',
    'completion, hover, inlay hints (shapes, parameter counts), go to definition, references,',
    'rename, outline, semantic tokens, formatting and quick fixes. See docs/editor.md.',
    '',
    'Options:',
    '  --stdio          accepted for clients that pass it (stdio is the only transport)',
    '  --debounce MS    wait this long after the last edit before checking (default 150)',
    '',
  ].join('\n'),
  // `--stdio` is what most LSP clients pass; stdio is the only transport, so it is accepted and ignored.
  options: { stdio: { type: 'boolean' }, debounce: { type: 'string' } },
  async run(values) {
    const debounceMs = parseDebounceOption(values.debounce);
    const { startLanguageServer } = await import('../../lsp/index.js');
    startLanguageServer(debounceMs === undefined ? {} : { debounceMs });
    // The server runs until the client sends `exit`; keep this promise pending until then.
    return new Promise<number>(() => {});
  },
};
