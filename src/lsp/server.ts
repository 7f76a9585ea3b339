/**
 * The language server: wires the pure analyses in ./analysis to LSP requests over a connection.
 * Diagnostics are published after a short debounce; a newer edit cancels the pending analysis.
 * Params reach the handlers checked (./protocol/gate.ts); still, a handler that fails answers
 * "nothing" and logs one line, instead of crashing the server or filling the client's log with stacks.
 * A document past the analysis limit is never walked whole, by analysis or by formatting.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  ErrorCodes,
  InlayHintKind,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type InitializeResult,
  type SignatureHelp,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import { format } from '../format/index.js';
import { analyzeDocument, isTooLarge, symbolAt, tooLargeMessage, TOO_LARGE_HELP, type DocumentAnalysis } from './analysis/document.js';
import { contextAt } from './analysis/context.js';
import { completionsFor, type CompletionEntry } from './analysis/completion.js';
import { hoverAt } from './analysis/hover.js';
import { signatureHelpAt } from './analysis/signature-help.js';
import { NOT_RENAMEABLE, renameProblem } from './analysis/rename.js';
import { inlayHints } from './analysis/inlay-hints.js';
import { outline, type OutlineSymbol } from './analysis/outline.js';
import { classifyTokens, graphNameTypes, paramOffsets, SEMANTIC_TOKEN_TYPES } from './analysis/semantic-tokens.js';
import { valueNames } from './analysis/params.js';
import { fixesIn, toLspDiagnostic, toLspPosition, toLspRange } from './convert.js';
import { DataCheck, type DataFileAccess } from './data-check.js';

/** Options for {@link serveConnection}. */
export interface ServerOptions {
  /** Milliseconds between the last edit and the analysis that publishes diagnostics (default 150). */
  debounceMs?: number;
  /** How to read data files for the opt-in `checkData` setting; without it data is never checked. */
  dataFiles?: DataFileAccess;
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  layer: CompletionItemKind.Class,
  parameter: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  function: CompletionItemKind.Function,
};

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  param: SymbolKind.Variable,
  study: SymbolKind.Event,
  model: SymbolKind.Class,
  block: SymbolKind.Module,
  from: SymbolKind.Key,
  data: SymbolKind.Struct,
  train: SymbolKind.Event,
  layer: SymbolKind.Function,
  repeat: SymbolKind.Array,
  property: SymbolKind.Property,
};

function toDocumentSymbol(symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: toLspRange(symbol.range),
    selectionRange: toLspRange(symbol.selectionRange),
    children: symbol.children.map(toDocumentSymbol),
  };
}

/** Serves the nnspec language on `connection` until the client sends `exit`. */
export function serveConnection(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 150;
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: DocumentAnalysis }>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const dataCheck = new DataCheck(options.dataFiles);
  // Snippets only for clients that say they take them; others get plain text.
  let snippetSupport = false;

  const analysisOf = (uri: string): { document: TextDocument; analysis: DocumentAnalysis } | undefined => {
    const document = documents.get(uri);
    if (!document) return undefined;
    const cached = analyses.get(uri);
    if (cached && cached.version === document.version) return { document, analysis: cached.analysis };
    // The previous version's analysis: only the declarations and models the edits changed are parsed and checked again.
    const analysis = analyzeDocument(document.getText(), cached?.analysis);
    analyses.set(uri, { version: document.version, analysis });
    return { document, analysis };
  };

  const offsetIn = (document: TextDocument, position: { line: number; character: number }): number =>
    document.offsetAt({ line: Math.max(0, position.line), character: Math.max(0, position.character) });

  // One line, no stack: the client's log is the user's, and a stack there tells them nothing.
  const logFailure = (error: unknown): void =>
    connection.console.error(`nnspec: internal error (please report it): ${error instanceof Error ? error.message : String(error)}`);
  const safely = <T>(fallback: T, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      logFailure(error);
      return fallback;
    }
  };

  // Documents whose user was told they are too large for the editor's features: told once each.
  const toldTooLarge = new Set<string>();
  /**
   * True (and the user told, once per document) when the document is past the analysis limit: a
   * request the user made (formatting, rename, references) then answers nothing instead of
   * walking megabytes on the one thread that answers every request.
   */
  const refusedAsTooLarge = (document: TextDocument): boolean => {
    const text = document.getText();
    if (!isTooLarge(text)) {
      toldTooLarge.delete(document.uri);
      return false;
    }
    if (!toldTooLarge.has(document.uri)) {
      toldTooLarge.add(document.uri);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `nnspec: ${tooLargeMessage(text.length)}: ${TOO_LARGE_HELP}`,
      });
    }
    return true;
  };
  /** The analysis behind a request the user made, or nothing when the document is unknown or too large. */
  const requested = (uri: string): { document: TextDocument; analysis: DocumentAnalysis } | undefined => {
    const document = documents.get(uri);
    return document === undefined || refusedAsTooLarge(document) ? undefined : analysisOf(uri);
  };

  const publish = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const found = analysisOf(uri);
    // A newer edit arrived while analysing: its own analysis will publish.
    if (!found || documents.get(uri)?.version !== version) return;
    const dataDiagnostics = await dataCheck.diagnosticsFor(uri, found.analysis);
    if (documents.get(uri)?.version !== version) return;
    void connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [...found.analysis.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri)), ...dataDiagnostics],
    });
  };

  const schedule = (uri: string): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publish(uri).catch(logFailure);
      }, debounceMs),
    );
  };

  connection.onInitialize((params): InitializeResult => {
    dataCheck.initialize(params.initializationOptions);
    snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', '(', ' ', '.', ','] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [':'] },
        inlayHintProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
      },
      serverInfo: { name: 'nnspec' },
    };
  });
  connection.onDidChangeConfiguration((change) => {
    if (dataCheck.configure(change.settings)) for (const document of documents.all()) schedule(document.uri);
  });

  documents.onDidChangeContent((change) => schedule(change.document.uri));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    analyses.delete(event.document.uri);
    toldTooLarge.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) =>
    safely<CompletionItem[]>([], () => {
      const found = analysisOf(params.textDocument.uri);
      if (!found) return [];
      const offset = offsetIn(found.document, params.position);
      const context = contextAt(found.analysis.tokens(), offset);
      const metrics = found.analysis.program.trains.flatMap((train) => train.metrics);
      const trained = found.analysis.spec.declarations.flatMap((declaration) =>
        declaration.kind === 'train' && declaration.model ? [declaration.model.name] : [],
      );
      return completionsFor(context, found.analysis.symbols, [...new Set(metrics)], defaultCatalogueView(), trained, {
        graph: found.analysis.graph,
        offset,
      }).map((entry) => ({
        label: entry.label,
        kind: COMPLETION_KIND[entry.kind],
        detail: entry.detail,
        documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
        insertText: entry.snippet && !snippetSupport ? entry.plainText : entry.insertText,
        insertTextFormat: entry.snippet && snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      }));
    }),
  );

  connection.onSignatureHelp((params) =>
    safely<SignatureHelp | null>(null, () => {
      const found = analysisOf(params.textDocument.uri);
      const blocks = found?.analysis.spec.declarations.flatMap((declaration) => (declaration.kind === 'block' ? [declaration] : [])) ?? [];
      const help = found
        ? signatureHelpAt(found.analysis.tokens(), offsetIn(found.document, params.position), defaultCatalogueView(), blocks, found.analysis.text)
        : undefined;
      if (!help) return null;
      const signature = {
        label: help.label,
        documentation: { kind: MarkupKind.Markdown, value: help.documentation },
        parameters: help.parameters.map((parameter) => ({
          label: parameter.label,
          documentation: { kind: MarkupKind.Markdown, value: parameter.documentation },
        })),
      };
      // No parameter is being written (an extra positional argument): an index past the last one,
      // which VS Code and other clients show with no parameter highlighted (LSP 3.18 says `null`).
      return { signatures: [signature], activeSignature: 0, activeParameter: help.activeParameter ?? help.parameters.length };
    }),
  );

  connection.onHover((params) =>
    safely(null, () => {
      const found = analysisOf(params.textDocument.uri);
      const hover = found ? hoverAt(found.analysis, offsetIn(found.document, params.position)) : undefined;
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toLspRange(hover.range) } : null;
    }),
  );

  connection.languages.inlayHint.on((params) =>
    safely([], () => {
      const found = analysisOf(params.textDocument.uri);
      if (!found) return [];
      const start = offsetIn(found.document, params.range.start);
      const end = offsetIn(found.document, params.range.end);
      return inlayHints(found.analysis, start, end).map((hint) => ({
        position: toLspPosition(hint.position),
        label: hint.label,
        kind: InlayHintKind.Type,
        paddingLeft: false,
      }));
    }),
  );

  connection.onDefinition((params) =>
    safely(null, () => {
      const found = analysisOf(params.textDocument.uri);
      const at = found ? symbolAt(found.analysis, offsetIn(found.document, params.position)) : undefined;
      const declaration = at?.symbol.declaration;
      return declaration ? { uri: params.textDocument.uri, range: toLspRange(declaration.range) } : null;
    }),
  );

  connection.onReferences((params) =>
    safely([], () => {
      const found = requested(params.textDocument.uri);
      const at = found ? symbolAt(found.analysis, offsetIn(found.document, params.position)) : undefined;
      if (!at) return [];
      const places = [...(params.context.includeDeclaration && at.symbol.declaration ? [at.symbol.declaration] : []), ...at.symbol.references];
      return places.map((identifier) => ({ uri: params.textDocument.uri, range: toLspRange(identifier.range) }));
    }),
  );

  connection.onPrepareRename((params) =>
    safely<{ range: ReturnType<typeof toLspRange>; placeholder: string } | ResponseError | null>(null, () => {
      const found = requested(params.textDocument.uri);
      // Unknown or too large: nothing to rename here (null), rather than "not a name".
      if (!found) return null;
      const at = symbolAt(found.analysis, offsetIn(found.document, params.position));
      return at ? { range: toLspRange(at.identifier.range), placeholder: at.symbol.name } : new ResponseError(LSPErrorCodes.RequestFailed, NOT_RENAMEABLE);
    }),
  );

  connection.onRenameRequest((params) =>
    safely(null, () => {
      const found = requested(params.textDocument.uri);
      if (!found) return null;
      const at = symbolAt(found.analysis, offsetIn(found.document, params.position));
      if (!at) return new ResponseError(LSPErrorCodes.RequestFailed, NOT_RENAMEABLE);
      const written =
        at.symbol.kind === 'param' ? valueNames(found.analysis.spec, defaultCatalogueView(), (name) => name === params.newName)[0]?.identifier : undefined;
      const problem = renameProblem(at.symbol, params.newName, found.analysis.symbols, () => written, found.analysis.graph);
      if (problem) return new ResponseError(ErrorCodes.InvalidParams, problem);
      const places = [...(at.symbol.declaration ? [at.symbol.declaration] : []), ...at.symbol.references];
      return { changes: { [params.textDocument.uri]: places.map((identifier) => TextEdit.replace(toLspRange(identifier.range), params.newName)) } };
    }),
  );

  connection.onDocumentSymbol((params) =>
    safely([], () => {
      const found = analysisOf(params.textDocument.uri);
      return found ? outline(found.analysis.spec).map(toDocumentSymbol) : [];
    }),
  );

  connection.onDocumentFormatting((params) =>
    safely([], () => {
      const document = documents.get(params.textDocument.uri);
      // Past the analysis limit the formatter would hold the only thread for seconds (5 MB: 7 s).
      if (!document || refusedAsTooLarge(document)) return [];
      const text = document.getText();
      // One canonical style, whatever the editor's tabSize and insertSpaces (not read, whatever
      // their values): the same text as `nnspec fmt`, whose own options are never passed here.
      const result = format(text);
      if (result.diagnostics.some((diagnostic) => diagnostic.severity === 'error') || result.value === text) return [];
      return [TextEdit.replace({ start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, result.value)];
    }),
  );

  connection.onCodeAction((params) =>
    safely<CodeAction[]>([], () =>
      params.context.diagnostics.flatMap((diagnostic) => {
        return fixesIn(diagnostic.data).map((fix) => ({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [params.textDocument.uri]: fix.edits } },
        }));
      }),
    ),
  );

  connection.languages.semanticTokens.on((params) =>
    safely({ data: [] }, () => {
      const found = analysisOf(params.textDocument.uri);
      if (!found) return { data: [] };
      const data: number[] = [];
      let line = 0;
      let character = 0;
      for (const token of classifyTokens(
        found.analysis.tokens(),
        found.analysis.text,
        paramOffsets(found.analysis.symbols),
        graphNameTypes(found.analysis.symbols),
      )) {
        const deltaLine = token.line - line;
        data.push(deltaLine, deltaLine === 0 ? token.character - character : token.character, token.length, SEMANTIC_TOKEN_TYPES.indexOf(token.type), 0);
        line = token.line;
        character = token.character;
      }
      return { data };
    }),
  );

  documents.listen(connection);
  connection.listen();
}
