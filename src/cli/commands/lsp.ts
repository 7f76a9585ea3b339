import type { Command } from '../command.js';

/** `nnspec lsp`: the language server over standard input and output. */
export const lspCommand: Command = {
  name: 'lsp',
  summary: 'start the language server (LSP over stdio)',
  usage: [
    'Usage: nnspec lsp [--stdio]',
    '',
    'Starts the nnspec language server on standard input and output: diagnostics as you type,',
    'completion, hover, inlay hints (shapes, parameter counts), go to definition, references,',
    'rename, outline, semantic tokens, formatting and quick fixes. See docs/editor.md.',
    '',
  ].join('\n'),
  // `--stdio` is what most LSP clients pass; stdio is the only transport, so it is accepted and ignored.
  options: { stdio: { type: 'boolean' } },
  async run() {
    const { startLanguageServer } = await import('../../lsp/index.js');
    startLanguageServer();
    // The server runs until the client sends `exit`; keep this promise pending until then.
    return new Promise<number>(() => {});
  },
};
