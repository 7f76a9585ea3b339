// Helpers shared by the graph-name editor tests.
import type { CatalogueView } from '../../src/catalogue/types.js';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { completionsFor } from '../../src/lsp/analysis/completion.js';
import { contextAt } from '../../src/lsp/analysis/context.js';

/** The offset of the `nth` (0-based) whole-word occurrence of `word` in `text`. */
export function wordOffset(text: string, word: string, nth = 0): number {
  const found = [...text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))][nth];
  if (!found) throw new Error(`no occurrence ${nth} of ${word}`);
  return found.index;
}

/** The labels completion offers at the `|` of `marked`, with the graph names in scope there. */
export function completeAt(marked: string, catalogue?: CatalogueView): string[] {
  const offset = marked.indexOf('|');
  const analysis = analyzeDocument(marked.replace('|', ''));
  return completionsFor(contextAt(analysis.tokens(), offset), analysis.symbols, [], catalogue, [], { graph: analysis.graph, offset }).map(
    (entry) => entry.label,
  );
}
