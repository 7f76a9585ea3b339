// Started by the LSP tests and the LSP benchmark: the real server over stdio, with a short debounce.
import { startLanguageServer } from '../../src/lsp/index.js';

startLanguageServer({ debounceMs: Number(process.env.NNSPEC_LSP_DEBOUNCE ?? 20) });
